/** What every view shares: the ctx turned into flat tensors, a heading, and the sample picker. */
import { fromNested, sample } from "../math/tensor.js";
import { el } from "./grid.js";
import { picker } from "./controls.js";

/** ctx → flat tensors: {inputs, outputs, weights: {name: tensor}, batch}. */
export function prepare(ctx) {
  const flat = (t) => fromNested(t.data, t.shape);
  const inputs = (ctx.inputs ?? []).map(flat);
  const outputs = (ctx.layer.outputs ?? []).map(flat);
  const weights = Object.fromEntries((ctx.layer.weights ?? []).map((w) => [w.name, flat(w)]));
  const first = inputs[0] ?? outputs[0];
  return { inputs, outputs, weights, batch: first && first.shape.length ? first.shape[0] : 1 };
}

/**
 * Mounts a view: heading, one-line explanation (`introKey`), sample picker when the batch holds
 * more than one example, and a body that `draw(body, data)` fills for the chosen sample; `draw`
 * may return a cleanup. Returns the cleanup of the whole view.
 */
export function frame(root, ctx, introKey, draw) {
  const { t } = ctx;
  const data = prepare(ctx);
  const view = el("div", "lv-view");
  view.dataset.layerType = ctx.layer.type;
  const head = el("div", "lv-head");
  const title = el("h3", "lv-title", ctx.layer.name);
  title.append(" ", el("span", "lv-type", ctx.layer.type));
  head.append(title);
  const body = el("div", "lv-body");
  view.append(head, el("p", "lv-intro", t(introKey, {})), body);
  root.append(view);

  let cleanup = null;
  const show = (b) => {
    if (cleanup) cleanup();
    body.replaceChildren();
    const pick = (x) => (x.shape.length ? sample(x, Math.min(b, x.shape[0] - 1)) : x);
    cleanup =
      draw(body, {
        ...data,
        b,
        args: ctx.spec?.args ?? {},
        inputs: data.inputs.map(pick),
        outputs: data.outputs.map(pick),
      }) || null;
  };
  picker(head, {
    label: t("view.sample"),
    count: data.batch,
    name: (i) => t("view.sampleN", { n: i }),
    onChange: show,
  });
  show(0);
  return () => {
    if (cleanup) cleanup();
    view.remove();
  };
}
