// Words in: a typed sentence (Russian or English) → the indices an Embedding takes, with the project's small
// vocabulary (static/words/vocabulary.json, its one home: a word's index is its place in the list; 0 pads,
// 1 stands for a word that is not there). No DOM here: the sentence box is words_input.js; T13's attention step
// and any view may use these functions.

/** The index that fills the places after the sentence, and the one every unknown word gets. */
export const PAD = 0;
export const UNKNOWN = 1;
const URL_OF_VOCABULARY = new URL("../words/vocabulary.json", import.meta.url).href;

let loading = null;

/** The vocabulary, fetched once: {words: [...], index: Map(word → index)}. `fetcher` for tests (node). */
export function loadVocabulary(fetcher = fetch) {
  loading ??= fetcher(URL_OF_VOCABULARY)
    .then((answer) => {
      if (!answer.ok) throw new Error(`${URL_OF_VOCABULARY}: ${answer.status}`);
      return answer.json();
    })
    .then((body) => vocabulary(body.words))
    .catch((error) => {
      loading = null;
      throw error;
    });
  return loading;
}

/** A vocabulary from its list of words (index = place). */
export function vocabulary(words) {
  return { words, index: new Map(words.map((word, k) => [word, k])) };
}

/** How a word is looked up: lower case, ё read as е (the list writes е). */
export const normal = (word) => word.toLowerCase().replaceAll("ё", "е");

/** The words of a sentence, in order: runs of letters and digits (a hyphen or apostrophe inside a word kept). */
export function split(sentence) {
  return sentence.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];
}

/**
 * A sentence as indices. Returns {tokens: [{word, index, known}], indices, dropped}: `indices` has `length`
 * numbers when a length is given (the sentence's, then PAD; a longer sentence is cut and `dropped` says how many
 * words were left out), else one per word.
 */
export function encode(sentence, vocab, { length = null } = {}) {
  const all = split(sentence).map((word) => {
    const index = vocab.index.get(normal(word));
    return { word, index: index ?? UNKNOWN, known: index !== undefined && index !== PAD && index !== UNKNOWN };
  });
  const tokens = length === null ? all : all.slice(0, length);
  const indices = tokens.map((token) => token.index);
  while (length !== null && indices.length < length) indices.push(PAD);
  return { tokens, indices, dropped: all.length - tokens.length };
}

/** The word at `index` ("<pad>", "<unk>" for the two kept ones), or null past the list. */
export const wordOf = (index, vocab) => vocab.words[index] ?? null;

/**
 * The typed words, one per place of `indices` (null past the sentence), while the indices still begin with the
 * words' own; null once the learner changed them (the words no longer say what the numbers are).
 */
export function wordsAt(tokens, indices) {
  if (!tokens?.length || tokens.some((token, n) => indices[n] !== token.index)) return null;
  return Array.from(indices, (_, n) => tokens[n] ?? null);
}
