// The learner's numbers: one matrix editor per model input (type, paste, fill; shape checked as you type),
// and editors for a small layer's weights, sent to the server as `weights`.

import { clear, h } from "./dom.js";
import { formatShape } from "./format.js";
import { drawTensor } from "./grid.js";
import { language } from "./i18n.js";
import { fitsShape, formatCount, parseNumbers } from "./numbers.js";
import { FILLS, flatten, size } from "./tensor.js";

const MAX_TYPED = 2048; // more numbers than this are filled or pasted, not typed cell by cell
const FREE_LENGTH = 4; // a "None" (any length) axis starts with this many steps
const MAX_EDITABLE_WEIGHTS = 1024;

/** The shape each model input needs now (batch first), from the summary; keeps the learner's batch and free lengths. */
function wantedShape(row, current, free = FREE_LENGTH) {
  const dims = row.output_shape.slice(1);
  const batch = current?.shape[0] ?? 1;
  return [batch, ...dims.map((d, i) => d ?? current?.shape[i + 1] ?? free)];
}

/** Make state.data match the model's inputs: keep numbers that still fit, start new ones with 0, 1, 2, ... */
export function reconcileData(state) {
  const summary = state.summary;
  const next = {};
  for (const name of summary.inputs) {
    const row = summary.layers.find((l) => l.name === name);
    if (!row) continue;
    const current = state.data[name];
    const shape = wantedShape(row, current && current.shape.length === row.output_shape.length ? current : null);
    if (current && sameShape(current.shape, shape)) next[name] = current;
    else next[name] = { shape, values: startValues(size(shape), current) };
  }
  state.data = next;
}

function startValues(n, current) {
  if (current && current.values.length === n) return current.values;
  return FILLS.arange(n).map((i) => i % 10);
}

const sameShape = (a, b) => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Draw an editor per model input. host: {state, t, onData(name), onTyped(name, flat, refused), drawnOn} (drawnOn:
 * the input the step's canvas draws on, which takes no other picture) — onData after
 * every valid edit; onTyped when a cell refuses its text or takes a number again (flat undefined: all replaced).
 */
export function renderDataEditors(root, host) {
  const { state, t } = host;
  clear(root);
  for (const name of state.summary?.inputs || []) {
    const data = state.data[name];
    const row = state.summary.layers.find((l) => l.name === name);
    if (!data || !row) continue;
    root.appendChild(editor(name, data, row, host));
  }
  if (!root.childElementCount) root.appendChild(h("p", { class: "muted" }, t("data.no_inputs")));
}

function editor(name, data, row, host) {
  const { state, t } = host;
  const layer = state.model.layers.find((l) => l.name === name);
  const integer = /int/.test(layer?.args.dtype || "");
  const box = h("div", { class: "editor", dataset: { input: name } });
  const status = h("span", { class: "status small", "aria-live": "polite" });
  const gridHolder = h("div", { class: "grid-holder" });

  const commit = (values) => {
    data.values = values;
    host.onTyped(name);
    drawGrid();
    host.onData(name);
  };
  const reshape = (shape) => {
    const n = size(shape);
    data.shape = shape;
    data.values = data.values.length === n ? data.values : FILLS.arange(n).map((i) => i % 10);
    host.onTyped(name);
    host.onData(name, { redraw: true });
  };

  // batch size and the lengths of "any length" axes
  const shapeControls = h("div", { class: "shape-controls" });
  const axisInput = (axis, label) => {
    const input = h("input", {
      type: "number",
      min: "1",
      max: "256",
      step: "1",
      value: String(data.shape[axis]),
      "aria-label": label,
    });
    input.addEventListener("change", () => {
      const n = Number(input.value);
      if (!Number.isInteger(n) || n < 1 || n > 256) {
        input.classList.add("invalid");
        return;
      }
      input.classList.remove("invalid");
      const shape = [...data.shape];
      shape[axis] = n;
      reshape(shape);
    });
    return h("label", { class: "inline" }, label, " ", input);
  };
  shapeControls.appendChild(axisInput(0, t("data.batch")));
  row.output_shape.slice(1).forEach((d, i) => {
    if (d === null) shapeControls.appendChild(axisInput(i + 1, t("data.free_axis", { n: i + 1 })));
  });

  const fill = (kind) => () => {
    const n = data.values.length;
    commit(
      kind === "random"
        ? FILLS.random(n, { seed: state.seed, integer, high: integer ? 10 : 1 })
        : FILLS[kind](n).map((v) => (kind === "arange" && integer ? v % 10 : v)),
    );
    status.textContent = t("data.filled", { what: t(`data.fill_${kind}`) });
  };
  const fills = h(
    "div",
    { class: "fills", role: "group", "aria-label": t("data.fill") },
    h("span", { class: "small muted" }, t("data.fill")),
    ["zeros", "ones", "arange", "random"].map((kind) =>
      h(
        "button",
        { type: "button", class: "small-button", onclick: fill(kind), dataset: { fill: kind } },
        t(`data.fill_${kind}`),
      ),
    ),
  );

  // paste: any text with the right count of numbers
  const paste = h("textarea", {
    rows: "4",
    spellcheck: "false",
    "aria-label": t("data.paste_label", { name }),
    placeholder: t("data.paste_placeholder"),
  });
  const pasteStatus = h("span", { class: "small", "aria-live": "polite" });
  const apply = h("button", { type: "button", class: "small-button", disabled: true }, t("data.apply"));
  const check = () => {
    const { numbers, shape, error } = parseNumbers(paste.value, language());
    const need = data.values.length;
    const fits = !error && fitsShape(shape, numbers.length, data.shape);
    const ok = fits && numbers.length === need;
    pasteStatus.textContent = error
      ? error.message
      : numbers.length === need && !fits
        ? t("data.paste_shape", { have: formatShape(shape), shape: formatShape(data.shape) })
        : t("data.paste_count", { have: numbers.length, need, shape: formatShape(data.shape) });
    pasteStatus.className = ok ? "small ok" : "small field-error";
    apply.disabled = !ok;
    return ok ? numbers : null;
  };
  paste.addEventListener("input", check);
  apply.addEventListener("click", () => {
    const numbers = check();
    if (numbers) commit(numbers);
  });

  const pictureHolder = h("div", { class: "picture-holder" });
  const sampleShape = data.shape.slice(1);
  const perSample = size(sampleShape);
  /** An input shaped like an image (height, width, 1 or 3) shows its first example as a picture, and takes one. */
  let pictureInput = null;
  const drawPicture = () => {
    pictureInput ??= import("./picture_in.js").then(({ renderPictureInput }) =>
      renderPictureInput(pictureHolder, {
        t,
        name,
        shape: sampleShape,
        onPicture: (values) => {
          commit([...values, ...data.values.slice(perSample)]);
          status.textContent = "";
        },
      }),
    );
    pictureInput.then((ui) => ui.show({ shape: sampleShape, values: data.values.slice(0, perSample) }));
  };
  const image = sampleShape.length === 3 && (sampleShape[2] === 1 || sampleShape[2] === 3) && host.drawnOn !== name;

  const drawGrid = () => {
    if (image) drawPicture();
    if (data.values.length > MAX_TYPED) {
      gridHolder.replaceChildren(
        h("p", { class: "muted" }, t("data.too_many", { n: formatCount(data.values.length, language()) })),
      );
      return;
    }
    gridHolder.replaceChildren();
    drawTensor(gridHolder, data, t("data.input_caption", { name }), {
      t,
      mode: "batch",
      onEdit: (flat, value) => {
        data.values[flat] = value;
        host.onData(name);
      },
      typed: (flat) => state.cells[name]?.[flat],
      onTyped: (flat, refused) => host.onTyped(name, flat, refused),
    });
  };
  drawGrid();

  box.append(
    h("h3", {}, name),
    shapeControls,
    fills,
    status,
    pictureHolder,
    gridHolder,
    h(
      "details",
      { class: "paste" },
      h("summary", {}, t("data.paste")),
      paste,
      h("div", { class: "paste-row" }, apply, pasteStatus),
    ),
  );
  return box;
}

/** A layer's weights, as an editable grid per tensor (kernel, bias, ...), starting from the traced values. */
export function renderWeightEditor(root, traceLayer, host) {
  const { state, t } = host;
  clear(root);
  if (!traceLayer || !traceLayer.weights.length) return;
  const total = traceLayer.weights.reduce((n, w) => n + size(w.shape), 0);
  const custom = state.weights[traceLayer.name];
  const details = h("details", { class: "weights", open: Boolean(custom) });
  details.appendChild(
    h(
      "summary",
      {},
      t({ step: "weights.title_step", you: "weights.title_custom" }[custom?.from] ?? "weights.title", {
        name: traceLayer.name,
        n: formatCount(total, language()),
      }),
    ),
  );
  if (total > MAX_EDITABLE_WEIGHTS) {
    details.appendChild(
      h(
        "p",
        { class: "muted" },
        t("weights.too_many", {
          n: formatCount(total, language()),
          max: formatCount(MAX_EDITABLE_WEIGHTS, language()),
        }),
      ),
    );
    root.appendChild(details);
    return;
  }
  const tensors = custom
    ? custom.tensors
    : traceLayer.weights.map((w) => ({ name: w.name, shape: w.shape, values: flatten(w.data) }));
  const editing = tensors.map((w) => ({ ...w, values: [...w.values] }));
  details.appendChild(h("p", { class: "muted small" }, t(custom ? "weights.intro_set" : "weights.intro")));
  const kernelMode = /Transpose$/.test(traceLayer.type) ? "transposed" : "kernel";
  const grids = h("div", { class: "lv-panels" });
  editing.forEach((w) =>
    drawTensor(grids, w, w.name, {
      t,
      mode: w.shape.length >= 3 ? kernelMode : "sample",
      onEdit: (flat, value) => {
        w.values[flat] = value;
        host.onWeights(traceLayer.name, editing);
      },
      typed: (flat) => state.cells[`${traceLayer.name}/${w.name}`]?.[flat],
      onTyped: (flat, refused) => host.onTyped(`${traceLayer.name}/${w.name}`, flat, refused),
    }),
  );
  details.appendChild(grids);
  if (custom) {
    details.appendChild(
      h(
        "button",
        { type: "button", class: "small-button", onclick: () => host.onWeights(traceLayer.name, null) },
        t("weights.reset"),
      ),
    );
  }
  root.appendChild(details);
}
