// Figures for slides and paper (loaded when the learner first presses Export): a part of the page (the view, the
// summary, the graph) written out as SVG from what the page draws — each box with a colour (a grid's cell) a
// rect, each text (a number as the page writes it, in its language) a text, each canvas (a picture) an image, the
// graph's own SVG inlined with its styles — then as PNG (that SVG drawn at twice its size), and for a view with a
// stepper as an animated PNG with one frame per step.

import { $, closeButton, h, showDialog } from "./dom.js";
import { createApng } from "./apng.js";
import { formatCount } from "./numbers.js";
import { PLAY_INTERVAL } from "./views/constants.js";

const NS = "http://www.w3.org/2000/svg";
/** A PNG is drawn at twice the page's size (sharp on slides and in print). */
export const SCALE = 2;
/** Frames an animation holds at most; a longer stepper gives its first MAX_FRAMES steps. */
export const MAX_FRAMES = 100;
/** Pixels an animation's frame holds at most: a bigger view's frames are drawn smaller, down to the page's size. */
export const FRAME_PIXELS = 4_000_000;
const MARGIN = 8;
/** Controls are the page's, not the figure's (the stepper's position is kept as text; a layer's name, a button in
 * the summary, too); a closed <details> shows only its toggle ("Keras's own model.summary() text"). */
const SKIP = new Set(["INPUT", "SELECT", "TEXTAREA", "SCRIPT", "STYLE", "TEMPLATE", "DIALOG"]);
const SKIP_BUTTONS = ".lv-stepper button, button.lv-btn, button[data-export], details:not([open])";
const SVG_STYLE = [
  "fill",
  "fill-opacity",
  "stroke",
  "stroke-width",
  "stroke-dasharray",
  "stroke-opacity",
  "opacity",
  "visibility",
  "display",
  "font-family",
  "font-size",
  "font-weight",
  "font-style",
  "text-anchor",
  "dominant-baseline",
];

/** The parts that export, by the Export button's data-export. */
const TARGETS = {
  view: () => $("#view-root .lv-view") ?? $("#view-root"),
  summary: () => $("#summary"),
  graph: () => $("#graph svg"),
};

const escape = (text) =>
  String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
const attrs = (pairs) =>
  Object.entries(pairs)
    .filter(([, v]) => v !== null && v !== undefined && v !== "")
    .map(([k, v]) => ` ${k}="${escape(v)}"`)
    .join("");
const round = (x) => Math.round(x * 100) / 100;

/** Any CSS colour as an opaque rgb() and its alpha (the canvas reads what the browser understood). */
function colourReader() {
  const pen = document.createElement("canvas").getContext("2d", { willReadFrequently: true });
  const known = new Map();
  return (css) => {
    if (!known.has(css)) {
      pen.clearRect(0, 0, 1, 1);
      pen.fillStyle = "#000";
      pen.fillStyle = css;
      pen.fillRect(0, 0, 1, 1);
      const [r, g, b, a] = pen.getImageData(0, 0, 1, 1).data;
      known.set(css, { fill: `rgb(${r},${g},${b})`, alpha: a / 255 });
    }
    return known.get(css);
  };
}

let reader = null;
/** colourReader's answer, from one reader kept for every snapshot (an animation takes a hundred of them). */
const colourOf = (css) => (reader ??= colourReader())(css);

/** While a snapshot is taken, a ::before or ::after that writes something has a span standing in for it. */
const STAND_IN = new CSSStyleSheet();
STAND_IN.replaceSync("[data-stand-in]::before, [data-stand-in]::after { content: none !important; }");
const PSEUDO_STYLE = [
  "display",
  "visibility",
  "color",
  "font-family",
  "font-size",
  "font-weight",
  "font-style",
  "letter-spacing",
  "text-transform",
  "white-space",
];

/** The text a pseudo-element's computed `content` writes: its strings and attr() values ("" for none). */
function contentText(el, content) {
  if (!content || content === "none" || content === "normal") return "";
  return [...content.matchAll(/"((?:[^"\\]|\\.)*)"|attr\(\s*([\w-]+)\s*\)/g)]
    .map(([, text, attr]) => (attr ? (el.getAttribute(attr) ?? "") : text.replace(/\\(.)/g, "$1")))
    .join("");
}

/**
 * What pseudo-elements write under `root` (the "?" a question draws in place of the fact it masks, a phone
 * summary's column names), as spans in their place with their style, so that the snapshot measures and writes
 * them as the page draws them; returns the undo.
 */
function standIns(root, kept = new Set()) {
  const spans = [];
  const elements = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT, {
    acceptNode: (el) => (kept.has(el) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  for (let el = root; el; el = elements.nextNode()) {
    if (el instanceof SVGElement || SKIP.has(el.tagName)) continue;
    for (const which of ["::before", "::after"]) {
      const style = getComputedStyle(el, which);
      const text = contentText(el, style.content);
      if (!text || style.display === "none") continue;
      const span = document.createElement("span");
      span.textContent = text;
      for (const name of PSEUDO_STYLE) span.style.setProperty(name, style.getPropertyValue(name));
      if (which === "::before") el.prepend(span);
      else el.append(span);
      el.dataset.standIn = "";
      spans.push(span);
    }
  }
  if (!spans.length) return () => {};
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, STAND_IN];
  return () => {
    for (const span of spans) {
      delete span.parentElement.dataset.standIn;
      span.remove();
    }
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((sheet) => sheet !== STAND_IN);
  };
}

/**
 * What `root` shows now, as SVG parts in its own coordinates, the box they fill, and each part's own box
 * (`boxes`, {x0, y0, x1, y1}; null for a definition or a group's end; a group's, the union of what it holds).
 * With `memory` (an animation's, snapshotMemory), an element in which nothing changed since the last snapshot
 * and that has not moved gives the parts it gave then (the box is then of the parts made again only).
 */
export function snapshot(root, memory = null) {
  const origin = root.getBoundingClientRect();
  const reused = memory ? memory.unchanged(root, origin) : new Set();
  const parts = [];
  const boxes = [];
  const emit = (part, place = null) => {
    parts.push(part);
    boxes.push(place && { x0: place.x, y0: place.y, x1: place.x + place.width, y1: place.y + place.height });
  };
  const box = { x0: 0, y0: 0, x1: origin.width, y1: origin.height };
  const at = (r) => {
    const x = r.left - origin.left;
    const y = r.top - origin.top;
    box.x0 = Math.min(box.x0, x);
    box.y0 = Math.min(box.y0, y);
    box.x1 = Math.max(box.x1, x + r.width);
    box.y1 = Math.max(box.y1, y + r.height);
    return { x: round(x), y: round(y), width: round(r.width), height: round(r.height) };
  };
  const paint = (css) => {
    const c = colourOf(css);
    return c.alpha === 0 ? null : { fill: c.fill, opacity: c.alpha < 1 ? round(c.alpha) : null };
  };

  let patterns = 0;
  /** A CSS gradient background as an SVG paint server (a linear gradient, or stripes for a repeating one). */
  function gradient(css) {
    const repeating = css.startsWith("repeating-linear-gradient(");
    if (!repeating && !css.startsWith("linear-gradient(")) return null;
    const inner = css.slice(css.indexOf("(") + 1, -1);
    const items = inner.split(/,(?![^(]*\))/).map((x) => x.trim());
    let angle = 180;
    if (/deg$/.test(items[0])) angle = parseFloat(items.shift());
    else if (items[0].startsWith("to ")) angle = { "to right": 90, "to left": 270, "to top": 0 }[items.shift()] ?? 180;
    const stops = items.map((item) => {
      const [, colourText, rest] = item.match(/^((?:rgba?|hsla?)\([^)]*\)|#\w+|\w+)\s*(.*)$/) ?? [null, item, ""];
      return {
        colour: colourOf(colourText),
        at: rest.split(/\s+/).filter(Boolean).map(parseFloat),
      };
    });
    const id = memory ? memory.paintId(css) : `paint-${++patterns}`; // an animation's: one for every frame
    if (repeating) {
      // hard stops: a band wherever two points in a row have one colour ("c 0 4px" is the points (c, 0), (c, 4))
      const points = stops.flatMap((stop) => stop.at.map((x) => ({ ...stop.colour, x })));
      const period = Math.max(...points.map((p) => p.x), 1);
      const bands = points
        .slice(1)
        .flatMap((p, i) =>
          p.fill === points[i].fill && p.alpha > 0 && p.x > points[i].x
            ? [
                `<rect${attrs({ x: points[i].x, y: 0, width: round(p.x - points[i].x), height: period, fill: p.fill, "fill-opacity": p.alpha < 1 ? round(p.alpha) : null })}/>`,
              ]
            : [],
        );
      emit(
        `<defs><pattern${attrs({ id, width: period, height: period, patternUnits: "userSpaceOnUse", patternTransform: `rotate(${angle - 90})` })}>${bands.join("")}</pattern></defs>`,
      );
    } else {
      const across = angle === 90 || angle === 270;
      const stopsSvg = stops.map(
        (stop, i) =>
          `<stop${attrs({ offset: `${Math.round((100 * i) / Math.max(stops.length - 1, 1))}%`, "stop-color": stop.colour.fill, "stop-opacity": stop.colour.alpha < 1 ? round(stop.colour.alpha) : null })}/>`,
      );
      const [x2, y2] = across ? [1, 0] : [0, 1];
      emit(
        `<defs><linearGradient${attrs({ id, x1: angle === 270 ? 1 : 0, y1: angle === 0 ? 1 : 0, x2: angle === 270 ? 0 : x2, y2: angle === 0 ? 0 : y2 })}>${stopsSvg.join("")}</linearGradient></defs>`,
      );
    }
    return `url(#${id})`;
  }

  /** A ring drawn outside (outline, box-shadow's spread) or inside (inset box-shadow) of a box. */
  function ring(place, radius, width, css, offset) {
    const c = paint(css);
    if (!c || !width) return;
    const grow = offset + width / 2;
    const box = {
      x: round(place.x - grow),
      y: round(place.y - grow),
      width: round(place.width + 2 * grow),
      height: round(place.height + 2 * grow),
    };
    const r = radius ? round(Math.min(radius + grow, box.width / 2, box.height / 2)) : null;
    emit(
      `<rect${attrs({ ...box, rx: r, ry: r, fill: "none", stroke: c.fill, "stroke-opacity": c.opacity, "stroke-width": width })}/>`,
      box,
    );
  }

  function boxOf(el, style, rect) {
    const place = at(rect);
    const background = paint(style.backgroundColor);
    const radius = parseFloat(style.borderTopLeftRadius) || 0;
    const rx = radius ? round(Math.min(radius, place.width / 2, place.height / 2)) : null;
    const fill = (paintAttrs) => emit(`<rect${attrs({ ...place, rx, ry: rx, ...paintAttrs })}/>`, place);
    if (background) fill({ fill: background.fill, "fill-opacity": background.opacity });
    for (const layer of style.backgroundImage.split(/,(?![^(]*\))(?=\s*(?:repeating-)?linear-gradient)/)) {
      const server = layer.trim() === "none" ? null : gradient(layer.trim());
      if (server) fill({ fill: server });
    }
    for (const shadow of style.boxShadow === "none" ? [] : style.boxShadow.split(/,(?![^(]*\))/)) {
      const lengths = [...shadow.matchAll(/(-?[\d.]+)px/g)].map((m) => parseFloat(m[1]));
      const css = shadow.match(/(?:rgba?|hsla?)\([^)]*\)|#\w+/)?.[0];
      const [dx, dy, blur, spread] = lengths;
      if (!css || dx || dy || blur || !spread) continue;
      ring(place, radius, spread, css, /inset/.test(shadow) ? -spread : 0);
    }
    if (style.outlineStyle !== "none")
      ring(
        place,
        radius,
        parseFloat(style.outlineWidth) || 0,
        style.outlineColor,
        parseFloat(style.outlineOffset) || 0,
      );
    const sides = ["Top", "Right", "Bottom", "Left"].map((side) => ({
      width: parseFloat(style[`border${side}Width`]) || 0,
      dash: { dashed: "4 3", dotted: "1.5 2" }[style[`border${side}Style`]] ?? null,
      paint: style[`border${side}Style`] === "none" ? null : paint(style[`border${side}Color`]),
    }));
    const drawn = sides.filter((s) => s.width && s.paint);
    if (!drawn.length) return;
    const same =
      drawn.length === 4 &&
      sides.every(
        (s) => s.width === sides[0].width && s.paint.fill === sides[0].paint.fill && s.dash === sides[0].dash,
      );
    if (same) {
      const w = sides[0].width;
      const inner = { x: place.x + w / 2, y: place.y + w / 2, width: place.width - w, height: place.height - w };
      const r = rx ? round(Math.max(rx - w / 2, 0)) : null;
      emit(
        `<rect${attrs({ ...inner, rx: r, ry: r, fill: "none", stroke: sides[0].paint.fill, "stroke-width": w, "stroke-dasharray": sides[0].dash })}/>`,
        place,
      );
      return;
    }
    const { x, y, width, height } = place;
    const ends = [
      [x, y, x + width, y],
      [x + width, y, x + width, y + height],
      [x, y + height, x + width, y + height],
      [x, y, x, y + height],
    ];
    sides.forEach((s, i) => {
      if (!s.width || !s.paint) return;
      const inset = s.width / 2;
      const [x1, y1, x2, y2] = ends[i];
      const dx = i === 1 ? -inset : i === 3 ? inset : 0;
      const dy = i === 0 ? inset : i === 2 ? -inset : 0;
      emit(
        `<line${attrs({ x1: round(x1 + dx), y1: round(y1 + dy), x2: round(x2 + dx), y2: round(y2 + dy), stroke: s.paint.fill, "stroke-width": s.width, "stroke-dasharray": s.dash })}/>`,
        place,
      );
    });
  }

  function textOf(node, style) {
    const pre = style.whiteSpace.startsWith("pre");
    const upper = style.textTransform === "uppercase";
    const font = {
      "font-family": style.fontFamily,
      "font-size": style.fontSize,
      "font-weight": style.fontWeight === "400" ? null : style.fontWeight,
      "font-style": style.fontStyle === "normal" ? null : style.fontStyle,
      fill: paint(style.color)?.fill ?? "#000",
      "dominant-baseline": "central",
    };
    // one text per line the words fall on (a wrapped sentence is several)
    const lines = [];
    const range = document.createRange();
    for (const match of node.textContent.matchAll(pre ? /[^\n]+/g : /\S+/g)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rect = range.getBoundingClientRect();
      if (!rect.width) continue;
      const line = lines.find((l) => Math.abs(l.rect.top - rect.top) < rect.height / 2);
      if (line) {
        line.words.push(match[0]);
        line.right = Math.max(line.right, rect.right);
      } else lines.push({ rect, words: [match[0]], right: rect.right });
    }
    for (const { rect, words, right } of lines) {
      const place = at(rect);
      const text = words.join(" ");
      emit(
        `<text${attrs({ x: place.x, y: round(place.y + place.height / 2), ...font, "xml:space": pre ? "preserve" : null })}>${escape(upper ? text.toUpperCase() : text)}</text>`,
        { ...place, width: Math.max(place.width, right - rect.left) }, // the line's words, not only its first
      );
    }
  }

  /** The graph's SVG as it is drawn: a copy with every element's computed presentation written on it. */
  function inlineSvg(svg, rect) {
    const copy = svg.cloneNode(true);
    const from = [svg, ...svg.querySelectorAll("*")];
    const to = [copy, ...copy.querySelectorAll("*")];
    const hidden = [];
    from.forEach((el, i) => {
      const style = getComputedStyle(el);
      // a text the page does not draw (a shape a question masks) is not in the file either
      if (style.visibility === "hidden" && !el.childElementCount) hidden.push(to[i]);
      for (const name of SVG_STYLE) {
        const value = style.getPropertyValue(name);
        if (value && !(name === "display" && value !== "none")) to[i].setAttribute(name, value);
      }
      to[i].removeAttribute("class");
      to[i].removeAttribute("style");
      to[i].removeAttribute("tabindex");
    });
    for (const el of hidden) el.remove();
    const place = at(rect);
    for (const [k, v] of Object.entries(place)) copy.setAttribute(k, String(v));
    emit(new XMLSerializer().serializeToString(copy), place);
  }

  function walk(el) {
    if (reused.has(el)) {
      const kept = memory.parts(el);
      for (let i = 0; i < kept.parts.length; i++) {
        parts.push(kept.parts[i]);
        boxes.push(kept.boxes[i]);
      }
      return;
    }
    const start = parts.length;
    draw(el);
    memory?.keep(el, origin, parts.slice(start), boxes.slice(start));
  }

  function draw(el) {
    if (SKIP.has(el.tagName) || el.matches(SKIP_BUTTONS) || !el.checkVisibility()) return;
    const style = getComputedStyle(el);
    const visible = style.visibility !== "hidden";
    const rect = el.getBoundingClientRect();
    if (rect.width <= 1 && rect.height <= 1 && style.overflow === "hidden") return; // words for screen readers only
    if (el instanceof SVGSVGElement) {
      if (visible && rect.width) inlineSvg(el, rect);
      return;
    }
    const opacity = Number(style.opacity);
    const group = parts.length;
    if (opacity < 1) emit(`<g opacity="${round(opacity)}">`);
    if (visible && rect.width && rect.height) {
      boxOf(el, style, rect);
      if (el.tagName === "CANVAS" && el.width && el.height) {
        const place = at(rect);
        emit(
          `<image${attrs({ ...place, href: el.toDataURL("image/png"), preserveAspectRatio: "none", "image-rendering": "pixelated" })}/>`,
          place,
        );
      }
    }
    for (const child of el.childNodes) {
      if (child.nodeType === Node.ELEMENT_NODE) walk(child);
      else if (child.nodeType === Node.TEXT_NODE && visible && child.textContent.trim()) textOf(child, style);
    }
    if (opacity < 1) {
      boxes[group] = union(boxes.slice(group + 1));
      emit("</g>");
    }
  }

  const restore = standIns(root, reused);
  try {
    walk(root);
  } finally {
    restore();
    memory?.settle();
  }
  return { parts, boxes, box };
}

/**
 * What an animation's snapshots of `root` keep from one step to the next: each element's parts, and where it was;
 * a MutationObserver says what changed between (the element changed and everything in it is made again, the
 * elements holding it looked into), and scroll events what scrolled. A canvas is always drawn again (drawing on
 * it changes no element).
 */
function snapshotMemory(root) {
  const kept = new WeakMap();
  const paints = new Map();
  let records = [];
  const observer = new MutationObserver((delivered) => records.push(...delivered));
  const watch = { subtree: true, childList: true, attributes: true, characterData: true };
  observer.observe(root, { ...watch, attributeOldValue: true, characterDataOldValue: true });
  let scrolled = new Set(); // a box scrolled (a grid following the step) moves what it holds, changing no element
  const scroll = (event) => scrolled.add(event.target);
  root.addEventListener("scroll", scroll, { capture: true });
  const placeOf = (el, origin) => {
    const r = el.getBoundingClientRect();
    return `${r.left - origin.left},${r.top - origin.top},${r.width},${r.height}`;
  };
  return {
    /** The elements under `root` whose kept parts stand (none inside another). */
    unchanged(root, origin) {
      const fresh = new Set();
      const holding = new Set();
      const changed = (el) => {
        if (!el) return;
        fresh.add(el);
        for (let up = el.parentElement; up && !holding.has(up); up = up.parentElement) holding.add(up);
      };
      // an attribute or a text set back to what it was (a grid's classes taken off and put on again) is no change
      const first = new Map();
      for (const record of [...records, ...observer.takeRecords()]) {
        if (record.type === "childList") changed(record.target);
        else {
          const key = `${record.type} ${record.attributeName}`;
          const seen = first.get(record.target) ?? first.set(record.target, new Map()).get(record.target);
          if (!seen.has(key)) seen.set(key, record.oldValue);
        }
      }
      for (const [node, values] of first)
        for (const [key, was] of values) {
          const now = key.startsWith("attributes") ? node.getAttribute(key.slice(11)) : node.data;
          if (now !== was) changed(node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
        }
      for (const el of scrolled) changed(el);
      records = [];
      scrolled = new Set();
      for (const canvas of root.querySelectorAll("canvas")) changed(canvas);
      const unchanged = new Set();
      const look = (el) => {
        if (fresh.has(el)) return;
        if (!holding.has(el) && kept.get(el)?.place === placeOf(el, origin)) return unchanged.add(el);
        for (const child of el.children) look(child);
      };
      look(root);
      return unchanged;
    },
    parts: (el) => kept.get(el),
    /** A gradient's id, the same in every frame (a kept part names it). */
    paintId(css) {
      if (!paints.has(css)) paints.set(css, `paint-${paints.size + 1}`);
      return paints.get(css);
    },
    keep(el, origin, parts, boxes) {
      kept.set(el, { place: placeOf(el, origin), parts, boxes });
    },
    /** What the snapshot itself changed (the stand-ins put in and taken out) is not a change of the view. */
    settle: () => observer.takeRecords(),
    disconnect() {
      observer.disconnect();
      root.removeEventListener("scroll", scroll, { capture: true });
    },
  };
}

/** The box holding every box of `boxes` (nulls left out), or null. */
function union(boxes) {
  let all = null;
  for (const b of boxes) {
    if (!b) continue;
    all ??= { ...b };
    all.x0 = Math.min(all.x0, b.x0);
    all.y0 = Math.min(all.y0, b.y0);
    all.x1 = Math.max(all.x1, b.x1);
    all.y1 = Math.max(all.y1, b.y1);
  }
  return all;
}

/** The figure's box around `box`, in whole CSS pixels with a margin. */
function figureBox(box) {
  const x = Math.floor(box.x0 - MARGIN);
  const y = Math.floor(box.y0 - MARGIN);
  return { x, y, width: Math.ceil(box.x1 + MARGIN) - x, height: Math.ceil(box.y1 + MARGIN) - y };
}

/** The page's background as the figure's: the body's colour, white if it has none. */
function background() {
  const css = getComputedStyle(document.body).backgroundColor;
  return colourOf(css).alpha ? css : "#fff";
}

/** The SVG file of snapshots' parts over `box` (the union of every frame's, for an animation). */
export function svgFile({ parts, box }, { title, lang }) {
  const { x, y, width, height } = figureBox(box);
  return {
    width,
    height,
    text:
      `<svg xmlns="${NS}"${attrs({ width, height, viewBox: `${x} ${y} ${width} ${height}`, "xml:lang": lang })}>` +
      `<title>${escape(title)}</title>` +
      `<rect${attrs({ x, y, width, height, fill: background() })}/>` +
      parts.join("") +
      "</svg>",
  };
}

/** An SVG file drawn on a canvas of its size. */
export async function rasterize(svg) {
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.text)}`;
  await image.decode();
  const canvas = document.createElement("canvas");
  canvas.width = svg.width;
  canvas.height = svg.height;
  canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas;
}

/** What `shot` shows over its figure box, drawn `scale` times its size (a PNG's picture). */
function picture(shot, scale = SCALE) {
  const figure = figureBox(shot.box);
  return rasterize(frameFile(shot, figure, scale, [0, 0, ...pixelSize(figure, scale)]));
}

const pixelSize = (figure, scale) => [Math.round(figure.width * scale), Math.round(figure.height * scale)];

/** While frames are taken, nothing eases from one step to the next (a frame shows the step, not a blend). */
const STILL = new CSSStyleSheet();
STILL.replaceSync("#view-root *, #view-root *::after { transition: none !important; animation: none !important; }");

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

/** The stepper of a view (every stepped view has its slider), or null. */
export function stepperOf(root) {
  const slider = root?.querySelector(".lv-stepper .lv-slider");
  return slider ? { slider, count: Number(slider.max) + 1 } : null;
}

/** CSS pixels around a part that changed that its frame draws again too (antialiasing, a stroke's outer half). */
const BLEED = 3;

/**
 * The boxes of what `shot` draws and `before` does not, or the other way round (a part is its SVG text, place
 * and all); null when a definition (a gradient) changed, which may change what any part looks like.
 */
function changes(before, shot) {
  const definitions = ({ parts, boxes }) =>
    [...new Set(parts.filter((part, i) => !boxes[i] && part.startsWith("<defs")))].sort().join("");
  if (definitions(before) !== definitions(shot)) return null;
  const left = new Map();
  before.parts.forEach((part, i) => before.boxes[i] && left.set(part, (left.get(part) ?? 0) + 1));
  const changed = [];
  shot.parts.forEach((part, i) => {
    if (!shot.boxes[i]) return;
    if (left.get(part)) left.set(part, left.get(part) - 1);
    else changed.push(shot.boxes[i]);
  });
  before.parts.forEach((part, i) => {
    if (!before.boxes[i] || !left.get(part)) return;
    left.set(part, left.get(part) - 1);
    changed.push(before.boxes[i]);
  });
  return changed;
}

/**
 * A frame's pixels [x0, x1) × [y0, y1) of `shot` drawn over the figure box `figure` at `scale`: as an SVG whose
 * pixels are the canvas's own (its view box in the page's pixels), holding the parts that reach them; with
 * `clip` (such pixel rectangles), only those are drawn, the rest left clear.
 */
function frameFile(shot, figure, scale, [x0, y0, x1, y1], clip = null) {
  const page = ([a, b, c, d]) => ({
    x: figure.x + a / scale,
    y: figure.y + b / scale,
    width: (c - a) / scale,
    height: (d - b) / scale,
  });
  const view = page([x0, y0, x1, y1]);
  const meets = (b, r) =>
    b.x1 + BLEED > r.x && b.x0 - BLEED < r.x + r.width && b.y1 + BLEED > r.y && b.y0 - BLEED < r.y + r.height;
  const shown = clip ? clip.map(page) : [view];
  const drawn = shot.parts.filter(
    (part, i) => !shot.boxes[i] || part.startsWith("<g ") || shown.some((r) => meets(shot.boxes[i], r)),
  );
  const body = `<rect${attrs({ ...view, fill: background() })}/>${drawn.join("")}`;
  const clipped = clip
    ? `<defs><clipPath id="frame-changed">${clip.map((r) => `<rect${attrs(page(r))}/>`).join("")}</clipPath></defs>` +
      `<g clip-path="url(#frame-changed)">${body}</g>`
    : body;
  return {
    width: x1 - x0,
    height: y1 - y0,
    text:
      `<svg xmlns="${NS}"${attrs({ width: x1 - x0, height: y1 - y0, viewBox: `${view.x} ${view.y} ${view.width} ${view.height}`, preserveAspectRatio: "none" })}>` +
      clipped +
      "</svg>",
  };
}

/**
 * Each step of the view's stepper, one frame each, as an APNG; the stepper is put back where it was. A frame is
 * drawn, added and let go before the next step is taken (onProgress(i, n) as frame i starts), over the first
 * frame's box, at twice the page's size or less, to FRAME_PIXELS, but never below the page's own. After the
 * first, a frame holds only the pixels around what changed since the step before (drawn over it), the rest of
 * its rectangle clear: the picture of each step is the same, drawn and stored in a fraction of the pixels.
 */
async function animate(root, onProgress) {
  const { slider, count } = stepperOf(root);
  const was = Number(slider.value);
  const go = async (i) => {
    slider.value = String(i);
    slider.dispatchEvent(new Event("input", { bubbles: true }));
    await nextFrame();
  };
  const frames = Math.min(count, MAX_FRAMES);
  let apng;
  let figure;
  let scale;
  let size;
  let before = null;
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, STILL];
  const memory = snapshotMemory(root);
  try {
    for (let i = 0; i < frames; i++) {
      onProgress(i + 1, frames);
      await go(i);
      const shot = snapshot(root, memory);
      figure ??= figureBox(shot.box);
      scale ??= Math.max(1, Math.min(SCALE, Math.sqrt(FRAME_PIXELS / (figure.width * figure.height))));
      size ??= pixelSize(figure, scale);
      apng ??= createApng({ width: size[0], height: size[1], count: frames, delay: PLAY_INTERVAL * 1.5 });
      const changed = before && changes(before, shot);
      const clip = changed && pixelsOf(changed, figure, scale, size);
      before = shot;
      if (clip && !clip.length) {
        await apng.add(new Uint8Array(4), { x: 0, y: 0, width: 1, height: 1, over: true }); // nothing changed
        continue;
      }
      const [x0, y0, x1, y1] = clip ? outer(clip) : [0, 0, ...size];
      const canvas = await rasterize(frameFile(shot, figure, scale, [x0, y0, x1, y1], clip));
      await apng.add(pixelsIn(canvas, clip && clip.map(([a, b, c, d]) => [a - x0, b - y0, c - x0, d - y0])), {
        x: x0,
        y: y0,
        width: canvas.width,
        height: canvas.height,
        over: Boolean(clip),
      });
    }
  } finally {
    memory.disconnect();
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((sheet) => sheet !== STILL);
    await go(was);
  }
  return { blob: apng.blob(), frames, count };
}

/** Boxes in the figure's CSS pixels, widened by BLEED, as whole pixel rectangles [x0, y0, x1, y1] of a frame. */
function pixelsOf(boxes, figure, scale, [width, height]) {
  const clamp = (v, most) => Math.min(most, Math.max(0, v));
  return boxes
    .map((b) => [
      clamp(Math.floor((b.x0 - BLEED - figure.x) * scale), width),
      clamp(Math.floor((b.y0 - BLEED - figure.y) * scale), height),
      clamp(Math.ceil((b.x1 + BLEED - figure.x) * scale), width),
      clamp(Math.ceil((b.y1 + BLEED - figure.y) * scale), height),
    ])
    .filter(([x0, y0, x1, y1]) => x1 > x0 && y1 > y0);
}

/** A canvas's pixels, or only those in `rects` (pixel rectangles; the rest clear, as the canvas has them). */
function pixelsIn(canvas, rects = null) {
  const pen = canvas.getContext("2d");
  if (!rects) return pen.getImageData(0, 0, canvas.width, canvas.height).data;
  const pixels = new Uint8ClampedArray(canvas.width * canvas.height * 4);
  for (const [x0, y0, x1, y1] of rects) {
    const part = pen.getImageData(x0, y0, x1 - x0, y1 - y0).data;
    const row = (x1 - x0) * 4;
    for (let y = y0; y < y1; y++)
      pixels.set(part.subarray((y - y0) * row, (y - y0 + 1) * row), (y * canvas.width + x0) * 4);
  }
  return pixels;
}

/** The rectangle holding every pixel rectangle of `rects`. */
function outer(rects) {
  return rects.reduce((a, r) => [
    Math.min(a[0], r[0]),
    Math.min(a[1], r[1]),
    Math.max(a[2], r[2]),
    Math.max(a[3], r[3]),
  ]);
}

function download(blob, name) {
  const link = h("a", { href: URL.createObjectURL(blob), download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
}

/** A file name in the page's language: "conv2d-view.png", "conv2d-вид-шаги.png", "сводка.svg". */
function fileName(kind, t, extra = "") {
  const layer = kind === "view" ? $("#view-root")?.dataset.layer : null;
  const base = [layer, t(`export.file_${kind}`), extra].filter(Boolean).join("-");
  return base.replace(/[^\p{L}\p{N}_-]+/gu, "-");
}

/** The Export dialog for the part named by the pressed button (data-export). host: {t, language}. */
export function openExport(kind, { t, language }) {
  const count = (n) => formatCount(n, language());
  const root = TARGETS[kind]?.();
  const status = h("p", { class: "muted small", role: "status", id: "export-status" });
  const title = t(`export.title_${kind}`, { layer: $("#view-root")?.dataset.layer ?? "" });
  const meta = { title, lang: language() };
  const busy = (on) => dialog.querySelectorAll("button[data-format]").forEach((b) => (b.disabled = on));
  const run = (work) => async () => {
    busy(true);
    status.textContent = t("export.working");
    try {
      const { blob, name, said } = await work();
      download(blob, name);
      status.textContent = said ?? t("export.done", { name });
    } catch (error) {
      status.textContent = t("export.failed", { error: error.message });
    } finally {
      busy(false);
    }
  };
  const svgNow = () => svgFile(snapshot(root), meta);
  const button = (format, label, work) =>
    h("button", { type: "button", class: "primary", dataset: { format }, onclick: run(work) }, label);
  const stepped = kind === "view" ? stepperOf(root) : null;
  const shown = root && root.getClientRects().length > 0;
  const dialog = showDialog(
    "export",
    title,
    shown ? h("p", { class: "muted" }, t("export.intro")) : h("p", { class: "error-box" }, t("export.nothing")),
    h(
      "div",
      { class: "dialog-buttons export-buttons" },
      shown
        ? [
            button("svg", t("export.svg"), async () => ({
              blob: new Blob([svgNow().text], { type: "image/svg+xml" }),
              name: `${fileName(kind, t)}.svg`,
            })),
            button("png", t("export.png", { scale: count(SCALE) }), async () => {
              const canvas = await picture(snapshot(root));
              const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
              return { blob, name: `${fileName(kind, t)}.png` };
            }),
            stepped
              ? button("apng", t("export.animated", { n: count(Math.min(stepped.count, MAX_FRAMES)) }), async () => {
                  const {
                    blob,
                    frames,
                    count: steps,
                  } = await animate(root, (i, n) => {
                    status.textContent = t("export.frame", { i: count(i), n: count(n) });
                  });
                  const name = `${fileName(kind, t, t("export.file_steps"))}.png`;
                  const said =
                    frames < steps
                      ? t("export.first_frames", { name, frames: count(frames), count: count(steps) })
                      : t("export.done", { name });
                  return { blob, name, said };
                })
              : null,
          ]
        : null,
      closeButton(t("app.close")),
    ),
    status,
  );
}
