// The lesson: the notebook's steps in order, each one click away, with its explanation, the notebook's own code
// cell and printed output, and the way to the previous and next step.

import { clear, h } from "./dom.js";
import { language } from "./i18n.js";

export function renderLesson(list, examples, { t, current, onOpen }) {
  const lang = language();
  clear(list);
  examples.forEach((example, i) => {
    const button = h(
      "button",
      {
        type: "button",
        class: "example-button",
        "aria-current": example.id === current ? "true" : null,
        dataset: { example: example.id },
        onclick: () => onOpen(example.id),
      },
      h("span", { class: "example-number" }, String(i + 1)),
      h("span", { class: "example-name" }, example.title[lang] || example.title.en),
      example.cell ? h("span", { class: "example-cell" }, t("lesson.cell", { cell: example.cell })) : null,
    );
    if (example.teacher && !examples[i - 1]?.teacher)
      list.appendChild(h("li", { class: "lesson-group" }, t("question.teacher_steps")));
    list.appendChild(h("li", {}, button));
  });
  showOpenStep(list);
}

/**
 * Keep the open step in view where the list scrolls in a box of its own (a phone), or where it sits in the page
 * beside the model (a desktop, the list sticking to the window), without moving the page itself.
 */
export function showOpenStep(list) {
  const open = list.querySelector('[aria-current="true"]');
  if (!open) return;
  for (const box of [list, list.closest(".lesson")]) {
    if (!box || box.scrollHeight <= box.clientHeight) continue;
    const edge = box.getBoundingClientRect();
    const top = Math.max(edge.top, 0);
    const bottom = Math.min(edge.bottom, window.innerHeight);
    const step = open.getBoundingClientRect();
    if (step.top < top) box.scrollTop -= top - step.top + 6;
    else if (step.bottom > bottom) box.scrollTop += step.bottom - bottom + 6;
  }
}

/**
 * The explanation card above the builder: paragraphs on blank lines, lines beginning "- " as a list, **bold** and
 * `code` kept, all as text; the notebook's cell and what it printed; Previous and Next.
 */
export function renderExampleCard(card, examples, current, { t, onOpen }) {
  const lang = language();
  const index = examples.findIndex((e) => e.id === current);
  const example = examples[index];
  if (!example) {
    card.hidden = true;
    return;
  }
  card.hidden = false;
  card.querySelector("#example-cell").textContent = example.cell
    ? t("lesson.cell", { cell: example.cell })
    : t("lesson.example");
  card.querySelector("#example-title").textContent = example.title[lang] || example.title.en;
  const text = card.querySelector("#example-text");
  clear(text);
  for (const paragraph of String(example.text?.[lang] || example.text?.en || "").split(/\n\s*\n/)) {
    if (!paragraph.trim()) continue;
    // lines beginning "- " are a list's items; the lines between them, a paragraph's lines
    let block = null;
    for (const line of paragraph.trim().split("\n")) {
      const item = /^\s*- (.*)$/.exec(line);
      const kind = item ? "ul" : "p";
      if (block?.localName !== kind) text.appendChild((block = h(kind)));
      else if (!item) block.appendChild(h("br"));
      if (item) block.appendChild(h("li", {}, inline(item[1])));
      else block.append(...inline(line));
    }
  }
  const notebook = card.querySelector("#example-notebook");
  notebook.replaceChildren();
  if (example.notebook?.code) {
    notebook.append(
      h(
        "details",
        { class: "notebook-cell" },
        h("summary", {}, t("lesson.notebook", { cell: example.cell || "" })),
        h("pre", { class: "code", tabindex: "0" }, example.notebook.code),
        example.notebook.output
          ? [
              h("p", { class: "muted small" }, t("lesson.printed")),
              h("pre", { class: "code output", tabindex: "0" }, example.notebook.output),
            ]
          : null,
      ),
    );
  }
  const step = (delta, key) => {
    const other = examples[index + delta];
    return h(
      "button",
      {
        type: "button",
        class: "quiet",
        disabled: !other,
        dataset: { step: String(delta) },
        onclick: () => onOpen(other.id),
      },
      t(key),
    );
  };
  card
    .querySelector("#example-nav")
    .replaceChildren(
      step(-1, "lesson.previous"),
      h("span", { class: "muted small" }, t("lesson.progress", { n: index + 1, total: examples.length })),
      step(1, "lesson.next"),
    );
}

/** `code`, **bold** and *emphasis* as elements; everything else as plain text. */
function inline(line) {
  const parts = [];
  const pattern = /(`[^`]+`|\*\*[^*]+\*\*|\*[^*]+\*)/g;
  let last = 0;
  for (const match of line.matchAll(pattern)) {
    if (match.index > last) parts.push(line.slice(last, match.index));
    const token = match[0];
    if (token.startsWith("`")) parts.push(h("code", {}, token.slice(1, -1)));
    else if (token.startsWith("**")) parts.push(h("strong", {}, token.slice(2, -2)));
    else parts.push(h("em", {}, token.slice(1, -1)));
    last = match.index + token.length;
  }
  if (last < line.length) parts.push(line.slice(last));
  return parts;
}
