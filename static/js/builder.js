// The layer list: one card per layer with its type, name, inputs and argument fields, and the model's outputs.
// Typing in a field changes the model without redrawing the cards (focus stays); adding, removing,
// moving or retyping a layer redraws them.

import { $, $$, clear, h } from "./dom.js";
import { argField } from "./forms.js";
import { language } from "./i18n.js";
import { NAME_PATTERN, changeType, moveLayer, removeLayer, renameLayer } from "./model.js";
import { formatShapes } from "./format.js";

/**
 * host: {state, t, onChange({structural}), onRename(oldName, newName), onTyped(layerId, arg, text, refused),
 * onOutputs(refs)}
 */
export function renderBuilder(root, host, { done } = {}) {
  const { state } = host;
  const layers = state.model.layers;
  const mine = (drawing.get(root) ?? 0) + 1;
  drawing.set(root, mine);
  clear(root);
  root.classList.toggle("long-model", layers.length > LONG_MODEL);
  let i = 0;
  const some = () => {
    if (drawing.get(root) !== mine) return;
    const stop = layers.length > LONG_MODEL ? Math.min(i + CARDS_AT_ONCE, layers.length) : layers.length;
    for (; i < stop; i++) root.appendChild(card(layers[i], i, host));
    if (i < layers.length) setTimeout(some);
    else done?.();
  };
  if (layers.length > LONG_MODEL) setTimeout(some);
  else some();
}

/** A long model's cards are made this many at a time, each batch a task of its own: answers do not wait for them. */
const CARDS_AT_ONCE = 40;
const drawing = new WeakMap();

/**
 * A model with more layers than this (DenseNet121 has 429) gets its cards made in batches, and cards whose long
 * lists, the layer types and the earlier layers' outputs, are filled when the learner first reaches for them:
 * filled at once, its 429 cards would hold some 120 000 options.
 */
export const LONG_MODEL = 100;

/** Fill a select when it is first focused or pressed. */
function fillLater(select, fill) {
  const once = () => {
    select.removeEventListener("focus", once);
    select.removeEventListener("pointerdown", once);
    fill();
  };
  select.addEventListener("focus", once);
  select.addEventListener("pointerdown", once);
}

/** Which layers are the model's outputs: the last layer unless the learner picks others (Keras's `outputs`). */
export function renderOutputs(root, host) {
  const { state, t } = host;
  const chosen = new Set(state.model.outputs ?? []);
  const last = state.model.layers[state.model.layers.length - 1]?.name ?? "—";
  const boxes = allRefs(state, state.model.layers).map((ref) => {
    const box = h("input", { type: "checkbox", value: ref, checked: chosen.has(ref) });
    box.addEventListener("change", () =>
      host.onOutputs(
        $$("input[type=checkbox]", root)
          .filter((b) => b.checked)
          .map((b) => b.value),
      ),
    );
    return h("label", { class: "chip" }, box, ref);
  });
  root.replaceChildren(
    h(
      "fieldset",
      { class: "outputs-picker" },
      h("legend", {}, t("builder.outputs")),
      h(
        "p",
        { class: "muted small" },
        chosen.size ? t("builder.outputs_chosen") : t("builder.outputs_default", { name: last }),
      ),
      boxes,
    ),
  );
}

/** Every output the layers offer: "name", or "name:0", "name:1", … for a layer with several. */
function allRefs(state, layers) {
  const refs = [];
  for (const other of layers) {
    const outputs = outputCount(state.summary, other.name);
    if (outputs > 1) for (let k = 0; k < outputs; k++) refs.push(`${other.name}:${k}`);
    else refs.push(other.name);
  }
  return refs;
}

/** A one-output layer taken as `name:0` is offered as written, so its box shows ticked and stays `name:0`. */
function asWritten(refs, inputs) {
  const taken = new Set(inputs || []);
  return refs.map((ref) => (!taken.has(ref) && taken.has(`${ref}:0`) ? `${ref}:0` : ref));
}

export function typeSelect(catalogue, lang, selected, attrs = {}, { later = false } = {}) {
  const select = h("select", attrs);
  const chosen = catalogue.get(selected)?.type ?? selected; // an alias (MaxPool2D) selects its type (MaxPooling2D)
  const fill = () =>
    select.replaceChildren(
      ...catalogue.grouped().map((group) =>
        h(
          "optgroup",
          { label: group.label[lang] },
          group.layers.map((layer) => h("option", { value: layer.type, selected: layer.type === chosen }, layer.type)),
        ),
      ),
    );
  if (!later) fill();
  else {
    select.appendChild(h("option", { value: selected, selected: true }, selected));
    fillLater(select, fill);
  }
  return select;
}

function card(layer, index, host) {
  const { state, t } = host;
  const lang = language();
  const { catalogue } = state;
  const info = catalogue.get(layer.type);
  const structural = () => host.onChange({ structural: true, layerId: layer.id });
  const count = state.model.layers.length;

  const later = count > LONG_MODEL;
  const type = typeSelect(
    catalogue,
    lang,
    layer.type,
    { "aria-label": t("builder.type"), class: "type-select" },
    { later },
  );
  type.addEventListener("change", () => {
    const old = layer.name;
    changeType(state.model, catalogue, layer.id, type.value);
    if (old !== layer.name) host.onRename(old, layer.name);
    structural();
  });

  const nameError = h("span", { class: "field-error", "aria-live": "polite" });
  const name = h("input", {
    class: "name-input",
    value: layer.name,
    spellcheck: "false",
    autocomplete: "off",
    "aria-label": t("builder.name"),
  });
  name.addEventListener("change", () => {
    const wanted = name.value.trim();
    const taken = state.model.layers.some((l) => l.id !== layer.id && l.name === wanted);
    const problem = !NAME_PATTERN.test(wanted) ? t("builder.name_rule") : taken ? t("builder.name_taken") : "";
    nameError.textContent = problem;
    name.classList.toggle("invalid", Boolean(problem));
    if (problem || wanted === layer.name) return;
    const old = renameLayer(state.model, layer.id, wanted);
    host.onRename(old, wanted);
    structural();
  });

  const button = (label, text, onclick, disabled = false) =>
    h("button", { type: "button", class: "icon", "aria-label": label, title: label, disabled, onclick }, text);

  const head = h(
    "div",
    { class: "layer-head" },
    h("span", { class: "layer-index", "aria-hidden": "true" }, String(index + 1)),
    type,
    name,
    h(
      "span",
      { class: "layer-buttons" },
      button(
        t("builder.up", { name: layer.name }),
        "↑",
        () => moveLayer(state.model, layer.id, -1) && structural(),
        index === 0,
      ),
      button(
        t("builder.down", { name: layer.name }),
        "↓",
        () => moveLayer(state.model, layer.id, 1) && structural(),
        index === count - 1,
      ),
      button(t("builder.remove", { name: layer.name }), "✕", () => {
        removeLayer(state.model, layer.id);
        structural();
      }),
    ),
  );

  const fields = h("div", { class: "fields" });
  const more = h("div", { class: "fields" });
  for (const arg of info?.args || []) {
    const field = argField(arg, layer.args[arg.name], {
      lang,
      t,
      typed: state.typed[`${layer.id}/${arg.name}`],
      onChange: (argName, value, error, text) => {
        host.onTyped(layer.id, argName, text, Boolean(error));
        markPending(item, t);
        if (error) return;
        if (value === undefined) delete layer.args[argName];
        else layer.args[argName] = value;
        host.onChange({ structural: false, layerId: layer.id });
      },
    });
    (catalogue.isPrimary(arg) ? fields : more).appendChild(field);
  }

  const item = h(
    "li",
    {
      class: "layer-card",
      dataset: { layerId: String(layer.id), layerName: layer.name },
      "aria-label": `${layer.name} (${layer.type})`,
    },
    head,
    nameError,
    h("div", { class: "layer-error", role: "alert", hidden: true }),
    h(
      "p",
      { class: "layer-out" },
      h("span", { class: "muted" }, t("builder.output")),
      " ",
      h("span", { class: "layer-shape", "aria-live": "polite" }),
      h("span", { class: "layer-pending", hidden: true }),
    ),
    info
      ? h("p", { class: "layer-help" }, info.help[lang])
      : h("p", { class: "field-error" }, t("builder.unknown_type", { type: layer.type })),
    inputsPicker(layer, index, host),
    fields,
    more.childElementCount
      ? h("details", { class: "more" }, h("summary", {}, t("builder.more", { n: more.childElementCount })), more)
      : null,
  );
  markPending(item, t);
  return item;
}

/**
 * While a field on the card holds a value the page refused, the server's answer on the card (its output shape,
 * its error) is about the old value: set it aside until the field is valid again and the next answer comes.
 */
function markPending(el, t) {
  const pending = Boolean($('.field [aria-invalid="true"]', el));
  el.classList.toggle("pending", pending);
  const note = $(".layer-pending", el);
  note.hidden = !pending;
  note.textContent = pending ? t("builder.pending") : "";
}

/** Which earlier layers feed this one: a select for one input, checkboxes to merge several. */
function inputsPicker(layer, index, host) {
  const { state, t } = host;
  const info = state.catalogue.get(layer.type);
  if (!info || info.inputs.max === 0 || index === 0) return null;
  const earlier = state.model.layers.slice(0, index);
  const later = state.model.layers.length > LONG_MODEL;
  const refs = later ? null : asWritten(allRefs(state, earlier), layer.inputs);
  const changed = () => host.onChange({ structural: false, layerId: layer.id, inputs: true });

  if (info.inputs.max === 1) {
    const select = h("select", { "aria-label": t("builder.inputs") });
    const previous = h("option", { value: "" }, t("builder.previous", { name: earlier[earlier.length - 1].name }));
    const fill = () =>
      select.replaceChildren(
        previous,
        ...(refs ?? asWritten(allRefs(state, earlier), layer.inputs)).map((ref) =>
          h("option", { value: ref, selected: layer.inputs?.[0] === ref }, ref),
        ),
      );
    if (!later) fill();
    else {
      select.append(previous, ...(layer.inputs ?? []).map((ref) => h("option", { value: ref, selected: true }, ref)));
      fillLater(select, fill);
    }
    select.addEventListener("change", () => {
      layer.inputs = select.value ? [select.value] : null;
      changed();
    });
    return h("div", { class: "inputs-picker" }, h("span", { class: "picker-label" }, t("builder.input_from")), select);
  }

  const chosen = new Set(layer.inputs || []);
  const box = (ref) => {
    const box = h("input", { type: "checkbox", value: ref, checked: chosen.has(ref) });
    box.addEventListener("change", () => {
      const picked = $$("input[type=checkbox]", group)
        .filter((b) => b.checked)
        .map((b) => b.value);
      layer.inputs = picked.length ? picked : null;
      changed();
    });
    return h("label", { class: "chip" }, box, ref);
  };
  const group = h(
    "fieldset",
    { class: "inputs-picker" },
    h("legend", {}, t("builder.merge_inputs", { min: info.inputs.min })),
  );
  if (!later) group.append(...refs.map(box));
  else {
    // a long model's merge shows its own inputs; the other outputs when the learner opens the list
    group.append(...[...chosen].map(box));
    const others = h("details", { class: "more" }, h("summary", {}, t("builder.merge_others")));
    others.addEventListener("toggle", () => {
      if (others.childElementCount > 1) return;
      others.append(
        ...asWritten(allRefs(state, earlier), layer.inputs)
          .filter((ref) => !chosen.has(ref))
          .map(box),
      );
    });
    group.append(others);
  }
  return group;
}

const counts = new WeakMap();

/** How many outputs layer `name` has in `summary` (1 when the summary does not know it). */
function outputCount(summary, name) {
  if (!summary) return 1;
  if (!counts.has(summary)) {
    const each = (row) => (Array.isArray(row.output_shape[0]) ? row.output_shape.length : 1);
    counts.set(summary, new Map(summary.layers.map((row) => [row.name, each(row)])));
  }
  return counts.get(summary).get(name) ?? 1;
}

/**
 * Each card's output shape from the last summary, and the server's refusal on the card it names. While the
 * model is refused, no card shows a shape: the last summary is about another model.
 */
export function markSummary(root, state, { t, onAddOutput }) {
  const error = state.errors.model;
  const rows = new Map((error ? [] : (state.summary?.layers ?? [])).map((row) => [row.name, row]));
  for (const el of $$(".layer-card", root)) {
    const row = rows.get(el.dataset.layerName);
    $(".layer-shape", el).textContent = row ? formatShapes(row.output_shape) : "—";
  }
  return markError(root, error, state.model, { t, onAddOutput });
}

/**
 * Put an API error on the card of the layer it names, just under the card's head; returns that card or null.
 * A refusal asking to list the layer in `outputs` carries the button that does it.
 */
function markError(root, error, model, { t, onAddOutput }) {
  for (const el of $$(".layer-card", root)) {
    el.classList.remove("has-error");
    const box = $(".layer-error", el);
    box.hidden = true;
    box.replaceChildren();
    for (const f of $$(".field.server-invalid", el)) f.classList.remove("server-invalid");
  }
  if (!error || error.layer === null || error.layer === undefined) return null;
  const layer =
    typeof error.layer === "number" ? model.layers[error.layer] : model.layers.find((l) => l.name === error.layer);
  const el = layer && $(`.layer-card[data-layer-id="${layer.id}"]`, root);
  if (!el) return null;
  el.classList.add("has-error");
  const box = $(".layer-error", el);
  const index = model.layers.indexOf(layer);
  // the server's words often name the layer already ("layer #2 'conv2d' (Conv2D): …"): then not twice
  const said = error.text(language());
  const named = said.includes(`'${layer.name}'`);
  box.append(
    h("p", {}, named ? null : [h("strong", {}, t("builder.error_at", { n: index + 1, name: layer.name })), " "], said),
  );
  if (!error.arg && /`outputs`/.test(error.message)) {
    box.append(
      h(
        "button",
        { type: "button", class: "small-button", onclick: () => onAddOutput(layer.name) },
        t("builder.add_output", { name: layer.name }),
      ),
    );
  }
  box.hidden = false;
  if (error.arg) {
    const field = $$(".field", el).find((f) => f.dataset.arg === error.arg);
    if (field) {
      field.classList.add("server-invalid");
      const details = field.closest("details");
      if (details) details.open = true;
    }
  }
  return el;
}
