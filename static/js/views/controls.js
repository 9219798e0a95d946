/** Controls shared by the views: step/play, pickers, the Keras check badge, the colour legend. */
import { h } from "../dom.js";
import { language } from "../i18n.js";
import { formatCount, formatNumber, fullNumber, shownValue } from "../numbers.js";
import { DIVERGING } from "../colours.js";
import { MATCH_TOLERANCE, PLAY_INTERVAL } from "./constants.js";

/**
 * Previous / play / next and a slider over `count` positions. Keys on the controls: ←/→ step,
 * Home/End jump, Space plays or pauses. Returns {el, go(i), index(), stop()}.
 */
export function stepper(host, { count, t, describe, onStep, start = 0 }) {
  const box = h("div", { class: "lv-stepper" });
  box.setAttribute("role", "group");
  box.setAttribute("aria-label", t("view.steps"));
  const button = (action, text) => {
    const b = h("button", { class: "lv-btn" }, text);
    b.type = "button";
    b.title = t(`view.${action}`);
    b.setAttribute("aria-label", b.title);
    b.dataset.action = action;
    return b;
  };
  const prev = button("prev", `◀ ${t("view.prevBtn")}`);
  const play = button("play", `▶ ${t("view.playBtn")}`);
  const next = button("next", `${t("view.nextBtn")} ▶`);
  const slider = h("input", { class: "lv-slider" });
  Object.assign(slider, { type: "range", min: 0, max: Math.max(count - 1, 0), step: 1 });
  slider.setAttribute("aria-label", t("view.position"));
  const status = h("span", { class: "lv-status" });
  status.setAttribute("aria-live", "polite");
  box.append(prev, play, next, slider, status);
  host.append(box);

  let index = -1;
  let timer = null;
  const go = (i) => {
    index = Math.min(Math.max(i, 0), count - 1);
    slider.value = String(index);
    status.textContent = describe(index);
    const focused = document.activeElement;
    prev.disabled = index === 0;
    next.disabled = index === count - 1;
    // A button disabled under the keyboard's focus would drop it to <body>: keep it in the stepper.
    if ((focused === prev || focused === next) && focused.disabled) play.focus();
    onStep(index);
  };
  const stop = () => {
    clearInterval(timer);
    timer = null;
    play.textContent = `▶ ${t("view.playBtn")}`;
    play.setAttribute("aria-pressed", "false");
  };
  const toggle = () => {
    if (timer) return stop();
    if (index >= count - 1) go(0);
    play.textContent = `❚❚ ${t("view.pauseBtn")}`;
    play.setAttribute("aria-pressed", "true");
    timer = setInterval(() => (index >= count - 1 ? stop() : go(index + 1)), PLAY_INTERVAL);
  };
  prev.addEventListener("click", () => {
    stop();
    go(index - 1);
  });
  next.addEventListener("click", () => {
    stop();
    go(index + 1);
  });
  play.addEventListener("click", toggle);
  slider.addEventListener("input", () => {
    stop();
    go(Number(slider.value));
  });
  box.addEventListener("keydown", (event) => {
    const jumps = { ArrowLeft: index - 1, ArrowRight: index + 1, Home: 0, End: count - 1 };
    if (event.target === slider && event.key.startsWith("Arrow")) return;
    if (event.key in jumps) {
      stop();
      go(jumps[event.key]);
      event.preventDefault();
    } else if (event.key === " " && event.target === box) {
      toggle();
      event.preventDefault();
    }
  });
  box.tabIndex = -1;
  go(start);
  return {
    el: box,
    go: (i) => {
      stop();
      go(i);
    },
    index: () => index,
    stop,
  };
}

/** A fresh stepper over every cell of an output grid, row by row, in place of `previous` (stopped). */
function gridStepper(host, previous, grid, { t, start, onStep }) {
  if (previous) previous.stop();
  host.replaceChildren();
  const count = grid.allRows * grid.allCols;
  return stepper(host, {
    count,
    t,
    start: Math.min(start, count - 1),
    onStep,
    describe: (p) =>
      t("view.positionOf", {
        n: formatCount(p + 1, language()),
        total: formatCount(count, language()),
        at: `[${Math.floor(p / grid.allCols)}, ${p % grid.allCols}]`,
      }),
  });
}

/** A labelled <select> of `count` choices (sample, channel, filter); hidden when there is one choice. */
export function picker(host, { label, count, value = 0, name = (i) => String(i), onChange }) {
  if (count <= 1) return null;
  const wrap = h("label", { class: "lv-picker" });
  wrap.append(h("span", { class: "lv-picker-label" }, label));
  const select = h("select");
  for (let i = 0; i < count; i++) {
    const option = h("option", {}, name(i));
    option.value = String(i);
    select.append(option);
  }
  select.value = String(value);
  select.addEventListener("change", () => onChange(Number(select.value)));
  wrap.append(select);
  host.append(wrap);
  return select;
}

/**
 * The filter and channel pickers of a view that slides a window; `linked` (pooling, where filter = channel):
 * one picker sets both. onChange({f, c}) after each choice. Returns choose({f?, c?}): a choice made elsewhere (a
 * feature map clicked), shown on the pickers.
 */
function filterAndChannel(host, t, { filters, channels, linked = false, onChange }) {
  const chosen = { f: 0, c: 0 };
  const channel = { label: t("view.channelPick"), count: channels, name: (k) => t("view.channel", { c: k }) };
  const choose = (selects) => (next) => {
    Object.assign(chosen, linked ? { f: next.f ?? next.c, c: next.f ?? next.c } : next);
    if (selects.f) selects.f.value = String(chosen.f);
    if (selects.c) selects.c.value = String(chosen.c);
    onChange(chosen);
  };
  if (linked) {
    const both = picker(host, { ...channel, onChange: (k) => onChange(Object.assign(chosen, { f: k, c: k })) });
    return choose({ f: both });
  }
  const f = picker(host, {
    label: t("view.filter"),
    count: filters,
    onChange: (k) => onChange(Object.assign(chosen, { f: k })),
  });
  const c = picker(host, { ...channel, onChange: (k) => onChange(Object.assign(chosen, { c: k })) });
  return choose({ f, c });
}

/**
 * The filter and channel pickers (in `pickers`) over a stepper (in `steps`) through the output grid, which `draw`
 * draws and returns: a new choice redraws and steps on from the position the learner was at. Returns
 * `go(position)` (a pick on the output grid), `stop()` and `choose({f?, c?})` (a choice made elsewhere).
 */
export function pickAndStep(pickers, steps, t, { filters, channels, linked, draw, onStep, onPick }) {
  let control = null;
  let current = 0;
  const step = (position) => {
    current = position;
    onStep(position);
  };
  const rebuild = () => {
    control = gridStepper(steps, control, draw(), { t, start: current, onStep: step });
  };
  const choose = filterAndChannel(pickers, t, {
    filters,
    channels,
    linked,
    onChange: (chosen) => {
      onPick(chosen);
      rebuild();
    },
  });
  rebuild();
  return { go: (position) => control.go(position), stop: () => control.stop(), choose };
}

/** "matches Keras ✓" or "differs from Keras" with the largest difference. */
export function badge(host, t, maxDiff) {
  const ok = maxDiff <= MATCH_TOLERANCE;
  const node = h("p", { class: `lv-badge ${ok ? "is-match" : "is-differ"}` });
  node.dataset.match = ok ? "true" : "false";
  node.dataset.maxDiff = String(maxDiff);
  node.textContent = t(ok ? "view.matches" : "view.differs", {
    diff: formatNumber(maxDiff, language(), { digits: 2 }),
  });
  host.append(node);
  return node;
}

/** The colour scale from −limit to +limit. */
export function legend(host, t, limit) {
  const box = h("div", { class: "lv-legend" });
  box.setAttribute("aria-hidden", "true");
  const bar = h("span", { class: "lv-legend-bar" });
  bar.style.background = `linear-gradient(to right, ${DIVERGING.join(", ")})`;
  box.append(
    h("span", {}, formatNumber(-limit, language())),
    bar,
    h("span", {}, formatNumber(limit, language())),
    h("span", { class: "lv-legend-text" }, t("view.legend")),
  );
  host.append(box);
}

/**
 * A formula line built from parts: strings, or {v: number} shown rounded with the full value as title.
 * When the line is a sum of products ("= a × b + c × d + bias e = result"), its numbers get as many digits
 * (3 at least) as it takes for that sum, worked out from the numbers shown, to give the result shown.
 */
export function formula(host, parts, className = "lv-formula") {
  const line = h("p", { class: className });
  const digits = digitsToAddUp(parts);
  line.dataset.digits = `${digits.terms},${digits.result}`;
  let equals = false;
  let started = false;
  for (const part of parts) {
    if (typeof part === "string") {
      line.append(part);
      if (part.includes("=") && started) equals = true;
      continue;
    }
    started = true;
    const num = h(
      "span",
      { class: `lv-term${part.cls ? ` ${part.cls}` : ""}`, tabindex: "0", dataset: { value: fullNumber(part.v) } },
      formatNumber(part.v, language(), { digits: equals ? digits.result : digits.terms }),
    );
    num.title = fullNumber(part.v);
    line.append(num);
  }
  host.append(line);
  return line;
}

const MOST_DIGITS = 8;

/**
 * {terms, result}: the fewest digits (>= 3) for the numbers of a sum of products, and the most (>= 3, up to
 * as many) for its result, with which the sum worked out from the numbers shown rounds to the result shown.
 * A line with a function in it ("tanh(", "max(") is not a sum of products: 3 and 3.
 */
export function digitsToAddUp(parts) {
  const plain = { terms: 3, result: 3 };
  if (parts.some((p) => typeof p === "string" && /\(\s*$/.test(p))) return plain;
  for (let terms = 3; terms <= MOST_DIGITS; terms++) {
    const line = sumOf(parts, terms);
    if (!line) return plain;
    for (let result = terms; result >= 3; result--) {
      if (shownValue(line.sum, result) === shownValue(line.result, result)) return { terms, result };
    }
  }
  return { terms: MOST_DIGITS, result: 3 };
}

/** The sum of products before the result, worked out from the numbers shown with `digits`, and the result. */
function sumOf(parts, digits) {
  let sum = 0;
  let product = null;
  let times = false;
  let started = false;
  for (const [at, part] of parts.entries()) {
    if (typeof part === "string") {
      if (part.includes("=")) {
        if (started) {
          const result = parts.slice(at + 1).find((p) => typeof p !== "string");
          return result ? { sum: sum + (product ?? 0), result: result.v } : null;
        }
        [sum, product, times] = [0, null, false];
      }
      if (part.includes("×")) times = true;
      if (part.includes("+")) times = false;
      continue;
    }
    started = true;
    const shown = shownValue(part.v, digits);
    if (times && product !== null) product *= shown;
    else {
      sum += product ?? 0;
      product = shown;
    }
    times = false;
  }
  return null;
}
