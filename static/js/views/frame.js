/**
 * The scaffold every view fills in: a heading with the sample picker, a one-line explanation, then the same
 * regions in the same order for every layer — controls (colour legend, "matches Keras" badge, pickers), steps
 * (the stepper), explain (hints and the worked formula), pictures (an image tensor's pictures, feature maps),
 * panels (the grids) and after (anything more).
 */
import { h } from "../dom.js";
import { fromNested, sample } from "../tensor.js";
import { badge, legend, picker } from "./controls.js";

/** ctx → flat tensors: {inputs, outputs, weights: {name: tensor}, batch}. */
export function prepare(ctx) {
  // a tensor sent in part keeps its whole shape; its values are the part, `window` says which
  const flat = (t) =>
    t.window
      ? { ...fromNested(t.data, t.window.shape), shape: t.shape, window: t.window }
      : fromNested(t.data, t.shape);
  const inputs = (ctx.inputs ?? []).map(flat);
  const outputs = (ctx.layer.outputs ?? []).map(flat);
  const weights = Object.fromEntries((ctx.layer.weights ?? []).map((w) => [w.name, flat(w)]));
  const first = inputs[0] ?? outputs[0];
  return { inputs, outputs, weights, batch: first && first.shape.length ? first.shape[0] : 1 };
}

/**
 * Mounts a view. `draw(view, d)` fills the regions of `view` ({controls, steps, explain, pictures, panels, after,
 * legend(limit), badge(maxDiff), hint(text)}) for the chosen sample `d` ({inputs, outputs, weights, args, b});
 * it may return a cleanup. `d.args` are the layer's resolved arguments (every default filled in, by the server).
 * Returns the cleanup of the whole view.
 */
export function frame(root, ctx, introKey, draw) {
  const { t } = ctx;
  const data = prepare(ctx);
  const head = h(
    "div",
    { class: "lv-head" },
    h("h3", { class: "lv-title" }, ctx.layer.name, " ", h("span", { class: "lv-type" }, ctx.layer.type)),
  );
  const body = h("div", { class: "lv-body" });
  root.append(
    h(
      "div",
      { class: "lv-view", dataset: { layerType: ctx.layer.type } },
      head,
      h("p", { class: "lv-intro" }, t(introKey)),
      body,
    ),
  );

  let cleanup = null;
  const show = (b) => {
    if (cleanup) cleanup();
    const view = {
      controls: h("div", { class: "lv-controls" }),
      steps: h("div", { class: "lv-steps" }),
      explain: h("div", { class: "lv-explain" }),
      pictures: h("div", { class: "lv-pictures" }),
      panels: h("div", { class: "lv-panels" }),
      after: h("div", { class: "lv-after" }),
      legend: (limit) => legend(view.controls, t, limit),
      badge: (maxDiff) => badge(view.controls, t, maxDiff),
      hint: (text) => view.explain.append(h("p", { class: "lv-hint" }, text)),
    };
    body.replaceChildren(view.controls, view.steps, view.explain, view.pictures, view.panels, view.after);
    const pick = (x) => (x.shape.length ? sample(x, Math.min(b, x.shape[0] - 1)) : x);
    cleanup =
      draw(view, {
        ...data,
        b,
        args: ctx.args,
        inputs: data.inputs.map(pick),
        outputs: data.outputs.map(pick),
      }) || null;
    for (const region of body.children) region.hidden = !region.childElementCount;
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
    root.replaceChildren();
  };
}
