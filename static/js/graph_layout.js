// Where the graph's nodes, unfolded blocks and arrows go (no DOM), laid out by the vendored dagre block by block:
// each unfolded block on its own, the blocks inside it as single nodes of their laid-out size, then its parent
// around it. An arrow that crosses a block's edge goes through a port, one per tensor, at the top of the block it
// enters or the bottom of the block it leaves, so that inside the block dagre routes it too. One dagre layout of
// every layer in nested boxes (DenseNet121 unfolded: 430 nodes in 62 boxes) took seconds; block by block, each
// layout is a few dozen nodes.

import dagre from "../vendor/dagre/dagre.esm.js";

const SETTINGS = { rankdir: "TB", nodesep: 22, ranksep: 36, edgesep: 12 };
/** Around the whole graph, around a box's contents, and a box's heading above them. */
const MARGIN = 14;
const PAD = 10;
const HEAD = 20;

/**
 * shown: what visibleGraph gives ({nodes, folded, groups, edges}). measure: {size(item) → {width, height} of a
 * node or folded group, label(edge, times) → {text, width} of an edge's label, head(group) → the width a box's
 * heading needs}. Returns {width, height, items: [{item, x, y, width, height}] (nodes and folded groups, by their
 * centre), boxes: [{group, x, y, width, height}] (unfolded groups, outer ones first), arrows: [{edge, points,
 * text, x, y, to, arrow}]}: an arrow is drawn in parts where it crosses a box; the part between the two things
 * it joins in their common box has the label (text at x, y; null on the others), `to` what that part goes to,
 * and `arrow` whether it ends at a node (not at a port).
 */
export function layOut(shown, measure) {
  const groupById = new Map(shown.groups.map((g) => [g.id, g]));
  const items = [...shown.nodes, ...shown.folded];
  const itemById = new Map(items.map((item) => [item.id, item]));
  const parentOf = new Map([...items, ...shown.groups].map((x) => [x.id, x.parent ?? null]));
  /** The boxes holding `id`, outermost first (null for the whole graph). */
  const chain = (id) => {
    const boxes = [];
    for (let p = parentOf.get(id); p; p = parentOf.get(p)) boxes.unshift(p);
    return [null, ...boxes];
  };

  // the parts of each arrow, by the box (null: the whole graph) they are laid out in
  const parts = new Map([[null, []], ...shown.groups.map((g) => [g.id, []])]);
  const seen = new Set();
  const part = (box, from, to, key, edge, labelled) => {
    const id = `${from}|${to}|${key}`;
    if (seen.has(`${box}|${id}`)) return;
    seen.add(`${box}|${id}`);
    parts.get(box).push({ id, from, to, key, edge, labelled });
  };
  const entry = (box, key) => `in/${box}/${key}`;
  const exit = (box, key) => `out/${box}/${key}`;
  for (const edge of shown.edges) {
    const key = `${edge.tensor}:${edge.index}`;
    const a = [...chain(edge.from), edge.from];
    const b = [...chain(edge.to), edge.to];
    let k = 0;
    while (a[k + 1] === b[k + 1]) k += 1;
    // out of each box that holds the start and not the end, across their common box, into each box of the end
    for (let i = a.length - 2; i > k; i -= 1) part(a[i], a[i + 1], exit(a[i], key), key, edge, false);
    part(a[k], a[k + 1], b[k + 1], key, edge, true);
    for (let i = k + 1; i < b.length - 1; i += 1) part(b[i], entry(b[i], key), b[i + 1], key, edge, false);
  }

  const depth = (id) => chain(id).length;
  const inside = [...shown.groups].sort((x, y) => depth(y.id) - depth(x.id));
  const laid = new Map();
  // sizes rounded up to a multiple of SNAP, so that blocks alike but for their names' lengths are laid out once
  const snapped = ({ width, height }) => ({ width: snap(width), height: snap(height) });
  const sizes = new Map(items.map((item) => [item.id, snapped(measure.size(item))]));
  for (const box of [...inside.map((g) => g.id), null]) {
    const ids = [...items, ...shown.groups].filter((x) => parentOf.get(x.id) === box).map((x) => x.id);
    const list = parts.get(box);
    for (const { from, to } of list)
      for (const port of [from, to]) if (!sizes.has(port) && !ids.includes(port)) ids.push(port);
    const index = new Map(ids.map((id, i) => [id, i]));
    const texts = list.map(({ edge, to, labelled }) =>
      labelled ? measure.label(edge, to === edge.to ? edge.times : 1) : null,
    );
    const arranged = arrange({
      margin: box === null ? MARGIN : 0,
      nodes: ids.map((id) => sizes.get(id) ?? { width: 0, height: 0 }),
      edges: list.map(({ from, to }, i) => [index.get(from), index.get(to), texts[i]?.width ?? null]),
    });
    laid.set(box, { ...arranged, ids, index, texts });
    if (box !== null)
      sizes.set(
        box,
        snapped({
          width: Math.max(arranged.width + 2 * PAD, measure.head(groupById.get(box))),
          height: arranged.height + HEAD + PAD,
        }),
      );
  }

  // from the whole graph inwards: each box's contents where its box was placed
  const result = { items: [], boxes: [], arrows: [] };
  const origins = new Map([[null, { x: 0, y: 0 }]]);
  const ports = new Map();
  for (const box of [null, ...[...inside].reverse().map((g) => g.id)]) {
    const { ids, nodes } = laid.get(box);
    const { x: ox, y: oy } = origins.get(box);
    ids.forEach((id, i) => {
      const x = ox + nodes[i].x;
      const y = oy + nodes[i].y;
      if (groupById.has(id)) {
        const { width, height } = sizes.get(id);
        result.boxes.push({ group: groupById.get(id), x, y, width, height });
        origins.set(id, { x: x - laid.get(id).width / 2, y: y - height / 2 + HEAD });
      } else if (itemById.has(id)) {
        result.items.push({ item: itemById.get(id), x, y, ...sizes.get(id) });
      } else {
        ports.set(id, { x, y });
      }
    });
  }
  for (const [box, list] of parts) {
    const { edges, texts } = laid.get(box);
    const { x: ox, y: oy } = origins.get(box);
    list.forEach(({ from, to, key, edge }, i) => {
      const points = edges[i].points.map((p) => ({ x: ox + p.x, y: oy + p.y }));
      if (groupById.has(from)) points.unshift(ports.get(exit(from, key)));
      if (groupById.has(to)) points.push(ports.get(entry(to, key)));
      result.arrows.push({
        edge,
        points,
        text: texts[i]?.text ?? null,
        x: ox + edges[i].x,
        y: oy + edges[i].y,
        to: itemById.has(to) || groupById.has(to) ? to : edge.to,
        arrow: itemById.has(to),
      });
    });
  }
  const { width, height } = laid.get(null);
  return { width, height, ...result };
}

/** Layouts already worked out, by what they were given (the same blocks recur: DenseNet121 has 58 of 6 kinds). */
const arranged = new Map();
const KEPT = 500;

/**
 * dagre's layout of nodes [{width, height}] and edges [[from, to, label width or null]] (by node index): {width,
 * height, nodes: [{x, y}] (centres), edges: [{points, x, y}] (x, y: the label's centre)}. A label's width is
 * rounded up to a multiple of SNAP (the room kept for it), as the sizes are.
 */
function arrange(spec) {
  const given = {
    margin: spec.margin,
    nodes: spec.nodes.map(({ width, height }) => [width, height]),
    edges: spec.edges.map(([from, to, label]) => [from, to, label === null ? null : snap(label)]),
  };
  const key = JSON.stringify(given);
  if (!arranged.has(key)) {
    if (arranged.size >= KEPT) arranged.delete(arranged.keys().next().value);
    arranged.set(key, runDagre(given));
  }
  return arranged.get(key);
}

const SNAP = 8;
const snap = (x) => Math.ceil(x / SNAP) * SNAP;

function runDagre({ margin, nodes, edges }) {
  const layout = new dagre.graphlib.Graph({ multigraph: true });
  layout.setGraph({ ...SETTINGS, marginx: margin, marginy: margin });
  nodes.forEach(([width, height], i) => layout.setNode(String(i), { width, height }));
  // dagre places the targets of the edges set first furthest right: set in reverse, a layer's inputs and
  // outputs read left to right in their order (inp_1 before inp_2, output 1 before output 2)
  for (let i = edges.length - 1; i >= 0; i -= 1) {
    const [from, to, label] = edges[i];
    layout.setEdge(
      String(from),
      String(to),
      label === null ? {} : { width: label, height: 14, labelpos: "c" },
      String(i),
    );
  }
  dagre.layout(layout);
  const { width, height } = layout.graph();
  return {
    width,
    height,
    nodes: nodes.map((_, i) => ({ x: layout.node(String(i)).x, y: layout.node(String(i)).y })),
    edges: edges.map(([from, to], i) => {
      const place = layout.edge(String(from), String(to), String(i));
      return { points: place.points, x: place.x ?? 0, y: place.y ?? 0 };
    }),
  };
}
