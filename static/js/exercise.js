// Any model as an exercise (loaded when a teacher first asks for one): a dialog listing the model's layers, where
// the teacher ticks the facts to hide (output shapes, parameter counts, numbers of the outputs at chosen cells),
// and the share link that carries the model, its numbers and those questions (state.js, key "x"). Students who
// open it are asked exactly those questions (questions.js); nothing is stored on the server.

import { readShape } from "./answers.js";
import { closeButton, h, showDialog } from "./dom.js";
import { formatShape, shapesOf } from "./format.js";
import { encodeState } from "./state.js";

/** Open the dialog for the model on screen. host: {state, t, copyText}. */
export function openExercise({ state, t, copyText }) {
  if (!state.summary) return;
  const traced = new Map((state.prediction?.trace ?? []).map((layer) => [layer.name, layer]));
  const error = h("div", { class: "error-box", role: "alert", hidden: true });
  const tick = (dataset, label) =>
    h("label", { class: "exercise-pick" }, h("input", { type: "checkbox", dataset }), " ", label);

  const rows = state.summary.layers.map((row) => {
    const shapes = shapesOf(row);
    const tensor = traced.get(row.name)?.outputs[0];
    const cell = tensor
      ? h("input", {
          class: "exercise-cell",
          value: tensor.shape.map(() => 0).join(", "),
          "aria-label": t("question.make_cell", { layer: row.name }),
          dataset: { layer: row.name },
        })
      : null;
    return h(
      "tr",
      { dataset: { layer: row.name } },
      h("th", { scope: "row" }, row.name, h("span", { class: "type" }, ` (${row.type})`)),
      h(
        "td",
        {},
        shapes.map((shape, output) =>
          tick(
            { kind: "shape", layer: row.name, output: String(output) },
            shapes.length > 1 ? t("question.make_shape_output", { output }) : t("question.make_shape"),
          ),
        ),
        shapes.length > 1 ? tick({ kind: "outputs", layer: row.name }, t("question.make_outputs")) : null,
        tick({ kind: "params", layer: row.name }, t("question.make_params")),
        cell
          ? h(
              "span",
              { class: "exercise-pick" },
              tick({ kind: "value", layer: row.name }, t("question.make_value")),
              cell,
            )
          : null,
      ),
    );
  });

  const made = h("div", { class: "exercise-made", hidden: true });

  async function makeLink() {
    const { questions, refusal } = chosen(dialog, traced, t);
    error.hidden = !refusal;
    error.textContent = refusal ?? "";
    made.hidden = Boolean(refusal);
    if (refusal) return;
    const url = new URL(location.href);
    url.searchParams.delete("lang");
    url.hash = await encodeState({ ...state, exercise: questions });
    const link = url.toString();
    const copied = await copyText(link);
    const words = t(copied ? "question.make_copied" : "question.make_copy_this", { n: questions.length });
    const field = h("input", { id: "exercise-url", value: link, readonly: true, "aria-label": words });
    made.replaceChildren(h("p", { role: "status" }, words), field);
    field.select();
  }

  const dialog = showDialog(
    "exercise",
    t("question.make_title"),
    h("p", { class: "muted" }, t("question.make_intro")),
    ...(traced.size ? [] : [h("p", { class: "muted small" }, t("question.make_no_numbers"))]),
    h(
      "div",
      { class: "table-scroll" },
      h(
        "table",
        { class: "exercise-table" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, t("question.make_layer")),
            h("th", { scope: "col" }, t("question.make_hide")),
          ),
        ),
        h("tbody", {}, rows),
      ),
    ),
    error,
    made,
    h(
      "div",
      { class: "dialog-buttons" },
      h(
        "button",
        { type: "button", class: "primary", id: "exercise-link", onclick: makeLink },
        t("question.make_link"),
      ),
      closeButton(t("app.close")),
    ),
  );
}

/** The ticked facts as questions, in the table's order; or the refusal of a cell outside its output. */
function chosen(dialog, traced, t) {
  const questions = [];
  for (const box of dialog.querySelectorAll("input[type=checkbox]:checked")) {
    const { kind, layer, output } = box.dataset;
    if (kind !== "value") {
      questions.push({ kind, layer, output: Number(output ?? 0) });
      continue;
    }
    const field = dialog.querySelector(`input.exercise-cell[data-layer="${layer}"]`);
    const shape = traced.get(layer).outputs[0].shape;
    const cell = readShape(field.value);
    if (!cell || cell.length !== shape.length || cell.some((i, axis) => i === null || i >= shape[axis])) {
      const refusal = t("question.make_cell_bad", {
        layer,
        typed: field.value.trim(),
        shape: formatShape(shape),
        rank: shape.length,
        example: shape.map(() => 0).join(", "),
      });
      return { questions: [], refusal };
    }
    questions.push({ kind, layer, output: 0, cell });
  }
  return questions.length ? { questions, refusal: null } : { questions, refusal: t("question.make_none") };
}
