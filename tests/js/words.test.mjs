// static/js/words.js: a typed sentence → the indices of the project's vocabulary (static/words/vocabulary.json).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import {
  PAD,
  UNKNOWN,
  encode,
  loadVocabulary,
  normal as normalWord,
  split,
  vocabulary,
  wordOf,
  wordsAt,
} from "../../static/js/words.js";

const FILE = new URL("../../static/words/vocabulary.json", import.meta.url);
const fromDisk = async () => ({ ok: true, json: async () => JSON.parse(await readFile(FILE, "utf-8")) });

test("the shipped vocabulary loads once and keeps 0 for padding and 1 for unknown words", async () => {
  let asked = 0;
  const fetcher = () => ((asked += 1), fromDisk());
  const vocab = await loadVocabulary(fetcher);
  assert.equal(await loadVocabulary(fetcher), vocab);
  assert.equal(asked, 1);
  assert.deepEqual([wordOf(PAD, vocab), wordOf(UNKNOWN, vocab)], ["<pad>", "<unk>"]);
  assert.ok(vocab.index.has("cat") && vocab.index.has("кошка"));
  assert.equal(wordOf(vocab.words.length, vocab), null);
});

test("words are found whatever their case, ё read as е; unknown ones get 1 and say so", () => {
  const vocab = vocabulary(["<pad>", "<unk>", "the", "cat", "еж", "ёлка-палка"]);
  const { tokens, indices, dropped } = encode("The CAT, the ёж! Dog…", vocab);
  assert.deepEqual(
    tokens.map((x) => [x.word, x.index, x.known]),
    [
      ["The", 2, true],
      ["CAT", 3, true],
      ["the", 2, true],
      ["ёж", 4, true],
      ["Dog", UNKNOWN, false],
    ],
  );
  assert.deepEqual(indices, [2, 3, 2, 4, 1]);
  assert.equal(dropped, 0);
  assert.deepEqual(split("rock-n-roll isn't «ёлка-палка» 42"), ["rock-n-roll", "isn't", "ёлка-палка", "42"]);
});

test("a sentence fills an input of a given length: padded with 0, or cut with the words left out counted", () => {
  const vocab = vocabulary(["<pad>", "<unk>", "a", "b"]);
  assert.deepEqual(encode("a b", vocab, { length: 5 }).indices, [2, 3, 0, 0, 0]);
  const cut = encode("a b a b", vocab, { length: 3 });
  assert.deepEqual([cut.indices, cut.tokens.length, cut.dropped], [[2, 3, 2], 3, 1]);
  assert.deepEqual(encode("", vocab, { length: 2 }), { tokens: [], indices: [0, 0], dropped: 0 });
  assert.equal(
    encode("<pad> <unk>", vocab).tokens.every((x) => !x.known),
    true,
  );
});

test("the words name the steps while the indices are still theirs", () => {
  const vocab = vocabulary(["<pad>", "<unk>", "a", "b"]);
  const { tokens, indices } = encode("a zz", vocab, { length: 3 });
  assert.deepEqual(
    wordsAt(tokens, indices).map((x) => x?.word ?? null),
    ["a", "zz", null],
  );
  assert.equal(wordsAt(tokens, [3, 1, 0]), null);
  assert.equal(wordsAt([], indices), null);
});

test("the vocabulary: each word once, written as it is looked up, Russian and English, fewer than the lesson's 1000", async () => {
  const { words } = JSON.parse(await readFile(FILE, "utf-8"));
  assert.equal(new Set(words).size, words.length);
  assert.deepEqual(
    words.slice(2).filter((w) => w !== normalWord(w) || split(w).join() !== w),
    [],
  );
  assert.ok(words.filter((w) => /^[a-z]+$/.test(w)).length >= 200);
  assert.ok(words.filter((w) => /^[а-я]+$/.test(w)).length >= 200);
  assert.ok(words.length < 1000, "the lesson's Embedding steps have input_dim = 1000");
});
