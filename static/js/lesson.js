// The lesson: the notebook's examples in order, each one click away, with its explanation.

import { clear, h } from "./dom.js";

export function renderLesson(list, examples, { lang, t, current, onOpen }) {
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
    list.appendChild(h("li", {}, button));
  });
  // Where the list scrolls in a box of its own (on a phone), keep the open example in view, without moving the page.
  const open = list.querySelector('[aria-current="true"]');
  if (open && list.scrollHeight > list.clientHeight)
    list.scrollTop = Math.max(0, open.parentElement.offsetTop - list.offsetTop - 6);
}

/** The explanation card above the builder: paragraphs on blank lines, **bold** and `code` kept, all as text. */
export function renderExampleCard(card, example, { lang, t }) {
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
    const p = h("p");
    paragraph
      .trim()
      .split("\n")
      .forEach((line, i) => {
        if (i) p.appendChild(h("br"));
        p.append(...inline(line));
      });
    text.appendChild(p);
  }
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
