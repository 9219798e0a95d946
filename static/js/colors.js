// Colours for numbers in the page's own grids (data and weight editors, the generic view): the same
// colour-blind-safe blue–pale–orange scale as the layer views, from their one constants module.
// Every cell also shows its number, so colour is never the only cue.

import { divergingColour } from "./views/constants.js";

/** Background and text colour for `value` on a scale that reaches full colour at ±`maxAbs`. */
export function colorFor(value, maxAbs) {
  const colour = divergingColour(value, maxAbs) || { background: "#f3f2ee", color: "#1b1b1b" };
  return { background: colour.background, text: colour.color };
}

export function maxAbsOf(values) {
  let max = 0;
  for (const v of values) if (Number.isFinite(v) && Math.abs(v) > max) max = Math.abs(v);
  return max;
}
