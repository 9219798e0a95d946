// A sentence box in the editor of each input that feeds an Embedding: the learner types words (Russian or
// English), words.js turns them into the vocabulary's indices, shown word by word (unknown ones marked), and the
// indices become the input's first sample (the rest padded with 0).

import { h } from "./dom.js";
import { language } from "./i18n.js";
import { formatCount } from "./numbers.js";
import { PAD, UNKNOWN, encode, loadVocabulary } from "./words.js";

// the page takes words.js through this module: import() of it would be another URL (no ?v=), another instance
export { wordsAt } from "./words.js";

const STYLE = new URL("../css/words.css", import.meta.url).href;

/** The field being typed in, when a keystroke redraws the editors: its box built again takes the focus back. */
let typing = null;

/** The model's inputs that go straight into an Embedding, with the length of their sequences. */
export function sentenceInputs(state) {
  const rows = state.summary?.layers ?? [];
  return (state.summary?.inputs ?? []).flatMap((name) => {
    const data = state.data[name];
    const feedsEmbedding = rows.some(
      (row) => row.type === "Embedding" && row.inputs.some((ref) => ref.split(":")[0] === name),
    );
    return feedsEmbedding && data?.shape.length === 2 ? [{ name, length: data.shape[1] }] : [];
  });
}

function addStyle() {
  if (document.querySelector(`link[href="${STYLE}"]`)) return;
  document.head.append(h("link", { rel: "stylesheet", href: STYLE }));
}

/** The words typed so far, each with its index; an unknown one marked, with why in its title. */
function tokenList(t, encoded) {
  return h(
    "ol",
    { class: "words-tokens", "aria-label": t("words.indices") },
    encoded.tokens.map((token, n) =>
      h(
        "li",
        {
          class: token.known ? "" : "is-unknown",
          dataset: { index: String(token.index), n: String(n) },
          title: token.known ? null : t("words.unknown_title", { word: token.word, index: UNKNOWN }),
        },
        h("span", { class: "words-word" }, token.word),
        h("span", { class: "words-index" }, String(token.index)),
        token.known ? null : h("span", { class: "words-flag" }, t("words.unknown")),
      ),
    ),
  );
}

function summaryLine(t, encoded, length) {
  const lang = language();
  const unknown = encoded.tokens.filter((token) => !token.known).length;
  const parts = [t("words.count", { n: encoded.tokens.length, words: formatCount(encoded.tokens.length, lang) })];
  if (unknown) parts.push(t("words.count_unknown", { n: unknown, index: UNKNOWN }));
  if (encoded.dropped) parts.push(t("words.dropped", { n: encoded.dropped, length }));
  else if (encoded.tokens.length < length)
    parts.push(t("words.padded", { n: length - encoded.tokens.length, pad: PAD }));
  return parts.join(" ");
}

/**
 * Put a sentence box into the editor of every input that feeds an Embedding (in `editors`, the data editors'
 * root). host: {state, t, onWords(name, text, encoded)}. Loads the vocabulary the first time.
 */
export async function mountSentences(editors, host) {
  const { state, t } = host;
  const inputs = sentenceInputs(state);
  if (!inputs.length) return;
  addStyle();
  const vocab = await loadVocabulary();
  for (const { name, length } of inputs) {
    const editor = editors.querySelector(`.editor[data-input="${CSS.escape(name)}"]`);
    if (!editor || editor.querySelector(".words-box")) continue;
    const typed = state.words?.[name]?.text ?? "";
    const field = h("input", {
      type: "text",
      class: "words-field",
      value: typed,
      spellcheck: "false",
      autocomplete: "off",
      placeholder: t("words.placeholder"),
      "aria-label": t("words.label", { name }),
    });
    const shown = h("div", { class: "words-shown", "aria-live": "polite" });
    const show = (encoded) => {
      shown.replaceChildren(
        h("p", { class: "small muted" }, summaryLine(t, encoded, length)),
        encoded.tokens.length ? tokenList(t, encoded) : null,
      );
    };
    if (typed) show(encode(typed, vocab, { length }));
    field.addEventListener("input", () => {
      const encoded = encode(field.value, vocab, { length });
      show(encoded);
      typing = { name, start: field.selectionStart, end: field.selectionEnd };
      host.onWords(name, field.value, encoded);
    });
    const box = h(
      "div",
      { class: "words-box" },
      h("label", { class: "words-label" }, t("words.title"), field),
      h("p", { class: "small muted" }, t("words.about", { n: formatCount(vocab.words.length - 2, language()) })),
      shown,
    );
    editor.querySelector("h3")?.after(box);
    if (typing?.name === name) {
      field.focus();
      field.setSelectionRange(typing.start, typing.end);
    }
  }
  typing = null;
}
