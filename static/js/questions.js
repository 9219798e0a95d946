// Questions before answers, on the page: the step's questions (or an exercise link's) above the model, each
// answered against what Keras answered (answers.js); while one is open, the fact it asks about is masked
// wherever the page shows it (the summary's cell and formulas, the card's shape, the views), by one generated
// style sheet, so that rows drawn later are masked too. The learner can switch the step questions off.

import { $, h } from "./dom.js";
import {
  argumentsIn,
  factOf,
  formulaOf,
  judge,
  questionFrom,
  questionText,
  shownFact,
  withoutResults,
} from "./answers.js";

const SWITCH = "layerlab.questions";
const KEPT = "layerlab.answers.";
const NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** The masks: a constructed sheet (the page's Content-Security-Policy refuses inline <style>, not the CSSOM);
 * a worksheet printed with the answers (worksheet.js) disables it while it prints. */
export const MASKS = new CSSStyleSheet();

/**
 * The questions panel. host: {state, t, language, storage (localStorage: the switch), session (sessionStorage: the
 * answers, so a reload in class keeps them), either null where the page may keep nothing}; render(parts) follows the
 * page's redraws (a step opened, a summary or an answer arrived, the language changed).
 */
export function createQuestions({ root, state, t, language, storage, session }) {
  /** source key ("e:<step>" or "x:<questions>") → per question {status: open|right|shown, typed, said, tries} */
  const progress = new Map();
  let shownKey = null;
  const masks = MASKS;
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, masks];

  const switchedOn = () => storage?.getItem(SWITCH) !== "off";

  function source() {
    if (state.exercise)
      return { key: `x:${JSON.stringify(state.exercise)}`, questions: state.exercise, exercise: true };
    const example = state.examples.find((e) => e.id === state.example);
    const questions = (example?.questions ?? []).map(questionFrom).filter(Boolean);
    return { key: `e:${state.example}`, questions, exercise: false };
  }

  function answersOf(key, count) {
    if (!progress.has(key)) {
      const kept = readKept(key, count);
      progress.set(
        key,
        Array.from({ length: count }, (_, i) => ({ status: "open", typed: "", said: null, tries: 0, ...kept[i] })),
      );
    }
    return progress.get(key);
  }

  /** The answers this tab gave before a reload: [{status, typed, tries}] (nothing the page cannot read back). */
  function readKept(key, count) {
    try {
      const kept = JSON.parse(session?.getItem(`${KEPT}${key}`) ?? "[]");
      if (!Array.isArray(kept) || kept.length !== count) return [];
      return kept.map((a) => ({
        status: ["open", "right", "shown"].includes(a?.status) ? a.status : "open",
        typed: typeof a?.typed === "string" ? a.typed.slice(0, 200) : "",
        tries: Number.isInteger(a?.tries) ? a.tries : 0,
      }));
    } catch {
      return [];
    }
  }

  function keep(key) {
    const answers = progress.get(key);
    try {
      if (answers)
        session?.setItem(
          `${KEPT}${key}`,
          JSON.stringify(answers.map(({ status, typed, tries }) => ({ status, typed, tries }))),
        );
      else session?.removeItem(`${KEPT}${key}`);
    } catch {
      // a full or refused storage only costs the answers after a reload
    }
  }

  function check(question, answer, gaveUp) {
    const fact = factOf(question, state.summary, state.prediction);
    if (fact.missing) {
      answer.said = { key: fact.missing, vars: { layer: question.layer } };
      return;
    }
    if (gaveUp) {
      answer.status = "shown";
      answer.said = null;
      return;
    }
    const { verdict, key, vars } = judge(question, answer.typed, fact, language());
    if (verdict === "unreadable") {
      answer.said = { key, vars };
      return;
    }
    answer.tries += 1;
    answer.status = verdict === "right" ? "right" : "open";
    answer.said = verdict === "right" ? null : { key: "question.wrong" };
  }

  /** What a question says under it: the verdict, the hint after a wrong answer, the answer and formula after. */
  function feedback(question, answer) {
    const lang = language();
    const fact = factOf(question, state.summary, state.prediction);
    const formula = fact.row ? formulaOf(question, fact.row, lang) : null;
    if (answer.status !== "open" && !fact.missing) {
      const lead = answer.status === "right" ? t("question.right") : t("question.answer_is");
      return [
        h("p", { class: "question-verdict" }, lead, " ", h("strong", {}, shownFact(question, fact, lang))),
        formula ? h("p", {}, t("question.formula"), " ", h("code", {}, formula)) : null,
        question.hint && question.kind === "value"
          ? h("p", { class: "muted" }, question.hint[lang] || question.hint.en || question.hint.ru)
          : null,
      ];
    }
    if (!answer.said) return [];
    if (answer.said.key !== "question.wrong") {
      return [h("p", { class: "question-problem" }, t(answer.said.key, answer.said.vars))];
    }
    const hidden = withoutResults(formula);
    const args = fact.row ? argumentsIn(formula, fact.row.args) : "";
    return [
      h("p", { class: "question-verdict" }, t("question.wrong", { typed: answer.typed.trim() })),
      h(
        "p",
        { class: "question-hint" },
        h("span", { class: "formula-label" }, t("question.hint")),
        " ",
        hidden
          ? [h("code", {}, hidden), args ? ` (${args})` : ""]
          : question.kind !== "value"
            ? t("question.hint_no_weights")
            : null,
        question.hint ? [" ", question.hint[lang] || question.hint.en || question.hint.ru] : null,
        !hidden && !question.hint && question.kind === "value" ? t("question.hint_value") : null,
      ),
    ];
  }

  function drawQuestion(question, answer, index) {
    const row = state.summary?.layers.find((l) => l.name === question.layer);
    const id = `question-${index}`;
    const open = answer.status === "open";
    const input = h("input", {
      id,
      class: "question-answer",
      value: answer.typed,
      disabled: !open,
      autocomplete: "off",
      spellcheck: "false",
      inputmode: question.kind === "shape" ? "text" : "decimal",
      oninput: (event) => (answer.typed = event.target.value),
    });
    const act = (gaveUp) => (event) => {
      event.preventDefault();
      check(question, answer, gaveUp);
      keep(shownKey);
      draw({ focus: gaveUp ? null : index });
    };
    return h(
      "li",
      { class: "question", dataset: { status: answer.status, index: String(index), kind: question.kind } },
      h("label", { for: id, class: "question-text" }, questionText(question, row, t, language())),
      h(
        "form",
        { class: "question-form", onsubmit: act(false) },
        input,
        h("button", { type: "submit", class: "primary", disabled: !open }, t("question.check")),
        h(
          "button",
          { type: "button", class: "quiet", disabled: !open, "data-give-up": "", onclick: act(true) },
          t("question.give_up"),
        ),
      ),
      h("div", { class: "question-feedback", role: "status" }, feedback(question, answer)),
    );
  }

  function draw({ focus = null } = {}) {
    const { key, questions, exercise } = source();
    shownKey = key;
    const on = exercise || switchedOn();
    root.hidden = !questions.length || !state.summary;
    if (root.hidden) return mask([]);
    const answers = answersOf(key, questions.length);
    const right = answers.filter((a) => a.status === "right").length;
    const done = answers.every((a) => a.status !== "open");
    const toggle = exercise
      ? null
      : h(
          "label",
          { class: "question-switch" },
          h("input", {
            type: "checkbox",
            checked: on,
            onchange: (event) => {
              storage?.setItem(SWITCH, event.target.checked ? "on" : "off");
              draw();
            },
          }),
          " ",
          t("question.switch"),
        );
    root.dataset.mode = exercise ? "exercise" : "lesson";
    const head = h(
      "div",
      { class: "section-head" },
      h("h2", { id: "questions-heading" }, t(exercise ? "question.exercise_title" : "question.title")),
      toggle,
    );
    if (!on) root.replaceChildren(head, h("p", { class: "muted small" }, t("question.off")));
    else {
      root.replaceChildren(
        head,
        h(
          "p",
          { class: "muted small" },
          h("span", { class: "on-screen" }, t(exercise ? "question.exercise_intro" : "question.intro")),
          h("span", { class: "on-paper" }, t(exercise ? "question.exercise_paper" : "question.paper")),
        ),
        h(
          "ol",
          { class: "question-list" },
          questions.map((q, i) => drawQuestion(q, answers[i], i)),
        ),
        h(
          "p",
          {
            class: "question-score",
            role: "status",
            dataset: { right: String(right), total: String(questions.length) },
          },
          t(done ? "question.score_done" : "question.score", { right, total: questions.length }),
        ),
        done
          ? h(
              "button",
              {
                type: "button",
                class: "quiet",
                id: "questions-again",
                onclick: () => {
                  progress.delete(key);
                  keep(key);
                  draw({ focus: 0 });
                },
              },
              t("question.again"),
            )
          : "",
      );
    }
    if (focus !== null) root.querySelector(`#question-${focus}:not([disabled])`)?.focus();
    mask(on ? questions.filter((q, i) => answers[i].status === "open") : []);
  }

  /** Mask every fact an open question asks about, wherever the page shows it ("?" in its place). */
  function mask(open) {
    const rules = [];
    const gone = new Set();
    const hide = (selector) => rules.push(selector);
    // an SVG text has no ::after: the graph draws its "?" beside each label, hidden until a question shows it
    const shown = [];
    const consumers = (name) =>
      (state.summary?.layers ?? []).filter((l) => l.inputs.some((ref) => ref.split(/[:[]/)[0] === name));
    for (const q of open) {
      if (!NAME.test(q.layer)) continue;
      const row = `#summary tr.main-row[data-layer="${q.layer}"]`;
      const formulas = `#summary tr.formula-row[data-layer="${q.layer}"]`;
      if (q.kind === "params") {
        hide(`${row} td.params`);
        hide(`${formulas} .formula:nth-of-type(1) code`);
        hide("#summary dl.totals dd");
      } else if (q.kind === "shape" || q.kind === "outputs") {
        hide(`${row} td.shape`);
        hide(`${formulas} .formula:nth-of-type(2) code`);
        hide(`.layer-card[data-layer-name="${q.layer}"] .layer-shape`);
        hide(`[data-shape-of="${q.layer}"]`);
        hide(`#graph .graph-edge[data-from="${q.layer}"] > :is(.graph-label, .graph-label-back)`);
        shown.push(`#graph .graph-edge[data-from="${q.layer}"] .graph-label-mask`);
        // the feature maps under the tabs: the shape beside the layer's name, and its pictures (a pixel a cell)
        hide(`#trace-maps .trace-map[data-layer="${q.layer}"] .lv-shape`);
        gone.add(`#trace-maps .trace-map[data-layer="${q.layer}"] .pic`);
        gone.add(`#draw-root .draw-layer[data-layer="${q.layer}"] .pic`); // beside a drawing step's canvas
        for (const next of consumers(q.layer)) hide(`#summary tr.formula-row[data-layer="${next.name}"] code`);
      }
      gone.add("#summary details.keras-text");
    }
    // the view shows every number of its layer's output (and its shape): covered while a number is asked, or the
    // shape of the layer it shows; the numpy print of the outputs and what the notebook printed while anything is asked
    const trace = state.prediction?.trace ?? [];
    const viewed = trace.some((l) => l.name === state.selected) ? state.selected : trace[trace.length - 1]?.name;
    const cover = open.some((q) => q.kind === "value" || q.layer === viewed) && trace.length > 0;
    if (cover) gone.add("#view-root");
    // every layer's feature maps read out every number (point at a pixel), as the view does
    if (open.some((q) => q.kind === "value") && trace.length > 0) gone.add("#trace-maps");
    if (open.length)
      ["#numpy-readout", "#example-notebook .notebook-cell > p", "#example-notebook pre.output"].forEach((s) =>
        gone.add(s),
      );
    masks.replaceSync(
      (rules.length
        ? `${rules.join(",\n")} { visibility: hidden !important; font-size: 0 !important; }\n` +
          `${rules.map((r) => `${r}::after`).join(",\n")} { content: "?"; visibility: visible; font-size: 0.95rem; }\n` +
          // a phone's summary names each cell in a ::before ("Output shape: "): it stays
          `${rules.map((r) => `${r}::before`).join(",\n")} { visibility: visible; font-size: 0.92rem; }\n`
        : "") +
        (shown.length ? `${shown.join(",\n")} { visibility: visible !important; }\n` : "") +
        (gone.size ? `${[...gone].join(",\n")} { display: none !important; }` : ""),
    );
    coverNote(cover);
  }

  function coverNote(shown) {
    const views = $("#views-section");
    if (!views) return;
    let note = $("#question-cover", views);
    if (!note && !shown) return;
    note ??= $("#view-root", views).insertAdjacentElement(
      "beforebegin",
      h("p", { id: "question-cover", class: "notice question-cover" }),
    );
    note.hidden = !shown;
    // on paper (css/print.css) the sheet says why the view is not there, not what to do on screen
    note.replaceChildren(
      h("span", { class: "on-screen" }, t("question.cover")),
      h("span", { class: "on-paper" }, t("question.cover_paper")),
    );
  }

  return {
    /** Redraw after the page's own redraw of `parts`, when what the questions read may have changed. */
    render(parts) {
      if (!state.catalogue) return;
      const key = source().key;
      if (parts.all || parts.language || parts.summary || parts.views || key !== shownKey) {
        const active = document.activeElement;
        const focus = root.contains(active) && active.id?.startsWith("question-") ? Number(active.id.slice(9)) : null;
        draw({ focus });
      }
    },
  };
}
