// The model as a graph beside the summary (SVG, laid out by graph_layout.js): a node per layer, an edge per
// tensor labelled with its shape, a node per model output; a big model's blocks folded into one node each, a
// click unfolding them. Clicking a layer selects it (onSelect(name)); the selected layer is marked and kept in
// view. createGraph(root, {t, onSelect}).show(summary, selected) draws; graph_model.js does the working out.

import { clear, h } from "./dom.js";
import { formatShape } from "./format.js";
import { language } from "./i18n.js";
import { formatCount } from "./numbers.js";
import { graphOf, groupsHolding, visibleGraph } from "./graph_model.js";
import { layOut } from "./graph_layout.js";
import { useStyles } from "./styles.js";

const SVG = "http://www.w3.org/2000/svg";
const CHAR = 7.4;
const LABEL_CHAR = 6.6;
const NODE_HEIGHT = 40;

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs))
    if (value !== null && value !== undefined) el.setAttribute(key, value);
  for (const child of children)
    if (child) el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  return el;
}

export function createGraph(root, { t, onSelect }) {
  useStyles("css/graph.css");
  let summary = null;
  let graph = null;
  let selected = null;
  let open = new Set();
  const box = h("div", { class: "graph-box", tabindex: "-1" });
  const bar = h("div", { class: "graph-bar" });
  clear(root).append(bar, box);

  function show(nextSummary, nextSelected) {
    const fresh = nextSummary !== summary;
    if (fresh) {
      summary = nextSummary;
      graph = graphOf(summary);
      const ids = new Set(graph.groups.map((g) => g.id));
      open = new Set([...open].filter((id) => ids.has(id)));
    }
    const before = open.size;
    selected = nextSelected;
    for (const id of selected ? groupsHolding(graph, selected) : []) open.add(id);
    if (fresh || open.size !== before) draw();
    else mark();
    reveal(selected);
  }

  function toggle(id, unfold) {
    if (unfold) open.add(id);
    else for (const group of [id, ...descendants(id)]) open.delete(group);
    draw();
    reveal(unfold ? graph.groups.find((g) => g.id === id)?.members[0] : id);
  }

  const descendants = (id) =>
    graph.groups.filter((g) => groupsHolding(graph, g.members[0]).includes(id) && g.id !== id).map((g) => g.id);

  function drawBar() {
    const folded = graph.groups.length - open.size;
    bar.replaceChildren(
      h("span", { class: "muted small" }, t(graph.groups.length ? "graph.help_blocks" : "graph.help")),
    );
    if (!graph.groups.length) return;
    bar.append(
      h(
        "button",
        { type: "button", class: "quiet", disabled: folded === 0, onclick: () => setAll(true) },
        t("graph.unfold_all"),
      ),
      h(
        "button",
        { type: "button", class: "quiet", disabled: open.size === 0, onclick: () => setAll(false) },
        t("graph.fold_all"),
      ),
    );
  }

  function setAll(unfold) {
    open = unfold ? new Set(graph.groups.map((g) => g.id)) : new Set();
    draw();
    reveal(selected);
  }

  function draw() {
    drawBar();
    const shown = visibleGraph(graph, open);
    const layout = layOut(shown, { size: nodeSize, label: edgeLabel, head: headWidth });
    const width = Math.ceil(layout.width);
    const height = Math.ceil(layout.height);
    const svg = s("svg", {
      class: "graph",
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      role: "group",
      "aria-label": t("graph.caption", { name: summary.name }),
    });
    svg.appendChild(
      s(
        "defs",
        {},
        s(
          "marker",
          {
            id: "graph-arrow",
            viewBox: "0 0 10 10",
            refX: "9",
            refY: "5",
            markerWidth: "7",
            markerHeight: "7",
            orient: "auto",
          },
          s("path", { d: "M0,0 L10,5 L0,10 z", class: "graph-arrow" }),
        ),
      ),
    );
    for (const place of layout.boxes) svg.appendChild(groupBox(place));
    for (const place of layout.arrows) svg.appendChild(edgePath(place));
    for (const place of layout.items)
      svg.appendChild(
        place.item.kind === "layer" || place.item.kind === "output" ? layerNode(place) : foldedNode(place),
      );
    box.replaceChildren(svg);
    mark();
  }

  function nodeSize(item) {
    const lines = item.members ? foldedLines(item) : nodeLines(item);
    return { width: textWidth(lines) + (item.members ? 16 : 0), height: NODE_HEIGHT };
  }

  function edgeLabel(edge, times) {
    const text = edgeText(edge, times);
    return { text, width: text.length * LABEL_CHAR + 6 };
  }

  const headWidth = (group) => (group.key.length + 2) * LABEL_CHAR + 16;

  function foldedLines(group) {
    return { top: group.key, bottom: t("graph.block", { n: formatCount(group.size, language()), count: group.size }) };
  }

  function nodeLines(node) {
    if (node.kind === "output") {
      return { top: t("graph.output", { n: node.index + 1 }), bottom: node.name };
    }
    return { top: node.name, bottom: node.type };
  }

  function edgeText(edge, times) {
    const shape = formatShape(edge.shape);
    const text = edge.many ? `[${edge.index}] ${shape}` : shape;
    return times > 1 ? `${text} ×${times}` : text;
  }

  function layerNode(place) {
    const node = place.item;
    // the shapes are on the arrows and the counts in the summary (where a question can hide them), not here
    const tip = node.kind === "layer" ? t("graph.select", { name: node.name, type: node.type }) : node.name;
    const item = nodeBox(
      { ...place, ...nodeLines(node) },
      `graph-node graph-${node.kind === "output" ? "output" : node.type === "InputLayer" ? "input" : "layer"}`,
      tip,
    );
    item.dataset.layer = node.kind === "layer" ? node.id : "";
    item.dataset.node = node.id;
    if (node.kind === "layer") activate(item, () => onSelect(node.id));
    return item;
  }

  function foldedNode(place) {
    const group = place.item;
    const item = nodeBox(
      { ...place, ...foldedLines(group) },
      "graph-node graph-folded",
      t("graph.unfold", { name: group.key }),
    );
    item.dataset.group = group.id;
    item.dataset.node = group.id;
    activate(item, () => toggle(group.id, true));
    return item;
  }

  function nodeBox(place, className, tip) {
    const { x, y, width, height } = place;
    return s(
      "g",
      { class: className, transform: `translate(${x - width / 2},${y - height / 2})` },
      s("title", {}, tip),
      s("rect", { width, height, rx: place.item.kind === "output" ? height / 2 : 6 }),
      s("text", { x: width / 2, y: 16, class: "graph-top" }, place.top),
      s("text", { x: width / 2, y: 31, class: "graph-bottom" }, place.bottom),
    );
  }

  function groupBox(place) {
    const { group, x, y, width, height } = place;
    const head = s(
      "g",
      { class: "graph-group-head" },
      s("title", {}, t("graph.fold", { name: group.key })),
      s("text", { x: x - width / 2 + 8, y: y - height / 2 + 14 }, `▾ ${group.key}`),
    );
    head.dataset.group = group.id;
    activate(head, () => toggle(group.id, false));
    return s(
      "g",
      { class: "graph-group" },
      s("rect", { x: x - width / 2, y: y - height / 2, width, height, rx: 8 }),
      head,
    );
  }

  function edgePath(place) {
    const { edge, points, text } = place;
    const d = points.map((p, i) => `${i ? "L" : "M"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
    const item = s(
      "g",
      { class: "graph-edge" },
      s("path", { d, "marker-end": place.arrow ? "url(#graph-arrow)" : null }),
    );
    item.dataset.from = edge.tensor;
    item.dataset.to = place.to;
    if (text === null) return item;
    const back = (w, cls) => s("rect", { x: place.x - w / 2, y: place.y - 8, width: w, height: 15, rx: 3, class: cls });
    item.append(
      back(text.length * LABEL_CHAR + 4, "graph-label-back"),
      s("text", { x: place.x, y: place.y + 3.5, class: "graph-label" }, text),
      // what a question asking this shape shows in its place, on a box of its own size (questions.js)
      s(
        "g",
        { class: "graph-label-mask" },
        back(LABEL_CHAR + 8, "graph-label-back"),
        s("text", { x: place.x, y: place.y + 3.5 }, "?"),
      ),
    );
    return item;
  }

  function activate(item, action) {
    item.setAttribute("tabindex", "0");
    item.setAttribute("role", "button");
    item.addEventListener("click", action);
    item.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      action();
    });
  }

  function mark() {
    for (const item of box.querySelectorAll(".graph-node.selected")) item.classList.remove("selected");
    if (selected) box.querySelector(`.graph-node[data-layer="${CSS.escape(selected)}"]`)?.classList.add("selected");
  }

  /** Scroll the graph's own box (never the page) so that node `id` is in view. */
  function reveal(id) {
    const item = id ? box.querySelector(`[data-node="${CSS.escape(id)}"]`) : null;
    if (!item) return;
    const node = item.getBBox();
    const [, tx, ty] = /translate\(([-\d.]+),([-\d.]+)\)/.exec(item.getAttribute("transform")) ?? [0, 0, 0];
    const cx = Number(tx) + node.width / 2;
    const cy = Number(ty) + node.height / 2;
    if (cy < box.scrollTop || cy > box.scrollTop + box.clientHeight) box.scrollTop = cy - box.clientHeight / 2;
    if (cx < box.scrollLeft || cx > box.scrollLeft + box.clientWidth) box.scrollLeft = cx - box.clientWidth / 2;
  }

  return { show };
}

const textWidth = ({ top, bottom }) => Math.max(top.length * CHAR, bottom.length * (CHAR - 0.8)) + 22;
