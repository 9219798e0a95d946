// A worked formula adds up from the numbers it shows: digitsToAddUp picks enough digits (3 at least).
import { test } from "node:test";
import assert from "node:assert/strict";
import { digitsToAddUp } from "../../static/js/views/controls.js";
import { shownValue } from "../../static/js/numbers.js";
import { seeded } from "../../static/js/tensor.js";

/** "out [0, 0] = x0 × k0 + ... + bias b = result", as the conv view writes it. */
function convLine(xs, ks, bias) {
  const parts = ["out [0, 0]", " = "];
  xs.forEach((x, i) => parts.push(i ? " + " : "", { v: x }, " × ", { v: ks[i] }));
  const result = xs.reduce((s, x, i) => s + x * ks[i], bias);
  parts.push(" + ", "bias", " ", { v: bias }, " = ", { v: result, cls: "is-result" });
  return { parts, result };
}

/** What a reader gets from the shown numbers: the products summed, plus the bias. */
function byHand(xs, ks, bias, digits) {
  return xs.reduce((s, x, i) => s + shownValue(x, digits) * shownValue(ks[i], digits), shownValue(bias, digits));
}

test("a conv line gets the digits it needs to add up, worked out by hand as a reader would", () => {
  const next = seeded(5);
  const needed = new Set();
  for (let trial = 0; trial < 300; trial++) {
    const n = 9 + Math.floor(next() * 18);
    const xs = Array.from({ length: n }, () => next() * 2 - 1);
    const ks = Array.from({ length: n }, () => (next() * 2 - 1) * 0.3);
    const bias = next() * 0.1;
    const { parts, result } = convLine(xs, ks, bias);
    const digits = digitsToAddUp(parts);
    needed.add(digits.terms);
    assert.ok(digits.result >= 3 && digits.result <= digits.terms);
    assert.equal(shownValue(byHand(xs, ks, bias, digits.terms), digits.result), shownValue(result, digits.result));
  }
  assert.ok(needed.has(3) && [...needed].some((d) => d > 3), `digits used: ${[...needed]}`);
});

test("the issue's conv line: terms that sum to 1.13 at two decimals while Keras says 1.1095301", () => {
  const xs = [0.444, 0.555, 0.666, 0.777];
  const ks = [0.4449, 0.4449, 0.4449, 0.4449];
  const bias = 1.1095301 - xs.reduce((s, x, i) => s + x * ks[i], 0);
  const { parts } = convLine(xs, ks, bias);
  const digits = digitsToAddUp(parts);
  assert.equal(shownValue(byHand(xs, ks, bias, digits.terms), digits.result), shownValue(1.1095301, digits.result));
});

test("a line with a function in it keeps three digits", () => {
  const parts = ["h = o · tanh(c) = ", { v: 0.51 }, " × tanh(", { v: 0.23 }, ") = ", { v: 0.1152 }];
  assert.deepEqual(digitsToAddUp(parts), { terms: 3, result: 3 });
});
