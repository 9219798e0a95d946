// The model as a graph, worked out from a summary alone (no DOM): a node per layer, an edge per tensor a layer
// takes (from the rows' inbound names, "lstm:1" naming a layer's second output), a node per model output, and
// the repeated blocks of a big model as nested groups that can be folded into one node.

import { shapesOf } from "./format.js";

/** Models with more layers than this start with their blocks folded. */
export const FOLD_ABOVE = 40;

const OUTPUT = "output/";
const GROUP = "group/";

function splitRef(ref) {
  const [name, index] = ref.split(":");
  return { name, index: index === undefined ? 0 : Number(index) };
}

/**
 * {nodes, edges, groups}: nodes [{id, name, type, shapes, params, kind: "layer" | "output", parent}], edges
 * [{from, to, index, shape, many}] (index: which output of `from`; many: `from` has more than one), groups
 * [{id, key, parent, members (node ids, in order), size (layers inside)}] outermost first.
 */
export function graphOf(summary) {
  const rows = summary.layers;
  const byName = new Map(rows.map((row) => [row.name, row]));
  const nodes = rows.map((row) => ({
    id: row.name,
    name: row.name,
    type: row.type,
    shapes: shapesOf(row),
    params: row.params,
    kind: "layer",
    parent: null,
  }));
  const edges = [];
  const edgeOf = (ref, to) => {
    const { name, index } = splitRef(ref);
    const from = byName.get(name);
    if (!from) return;
    const shapes = shapesOf(from);
    edges.push({ from: name, to, index, shape: shapes[index] ?? shapes[0], many: shapes.length > 1 });
  };
  for (const row of rows) for (const ref of row.inputs) edgeOf(ref, row.name);
  // a layer named whole among the outputs gives the model all of its outputs (Model(inp, lstm(...)) with return_state)
  const outputs = summary.outputs.flatMap((ref) => {
    const row = byName.get(ref);
    return row && !ref.includes(":") && shapesOf(row).length > 1 ? shapesOf(row).map((_, k) => `${ref}:${k}`) : [ref];
  });
  outputs.forEach((ref, i) => {
    const id = `${OUTPUT}${i}`;
    nodes.push({ id, name: ref, type: null, shapes: [], params: 0, kind: "output", parent: null, index: i });
    edgeOf(ref, id);
  });
  const groups = rows.length > FOLD_ABOVE ? groupsOf(rows, edges) : [];
  const nodeById = new Map(nodes.map((node) => [node.id, node]));
  // outer groups come before the groups inside them: the last one to claim a node is the innermost
  for (const group of groups) for (const member of group.members) nodeById.get(member).parent = group.id;
  return { nodes, edges, groups };
}

/**
 * The name keras.applications gives a block's layers: "conv2_block1_1_conv" → ["conv2", "conv2_block1"] (a stage
 * of ResNet or DenseNet, then its block), "block_3_expand" → ["block_3"] (MobileNetV2), "block2a_dwconv" →
 * ["block2", "block2a"] (EfficientNet), "block1_conv1" → ["block1"] (VGG); [] for a name of no block.
 */
export function blockPath(name) {
  const match = /^(?:(.+?)_)?(block_?\d+([a-z]?))(?:_|$)/.exec(name);
  if (!match) return [];
  const [, stage, block, letter] = match;
  if (stage) return [stage, `${stage}_${block}`];
  return letter ? [block.slice(0, -1), block] : [block];
}

/**
 * Nested groups of consecutive rows: first by block name (blockPath), then, for rows of no block name, the
 * stretch between two layers every path goes through (a cut) when it branches (an Inception module), named
 * after its last layer (the one that joins the branches).
 */
function groupsOf(rows, edges) {
  const paths = rows.map((row) => blockPath(row.name));
  structuralPaths(rows, edges, paths);
  const groups = [];
  const build = (start, end, depth, parent) => {
    let i = start;
    while (i < end) {
      const key = paths[i][depth];
      let j = i + 1;
      while (j < end && key !== undefined && paths[j][depth] === key) j += 1;
      if (key !== undefined && j - i > 1) {
        if (sameKey(paths, i, j, depth + 1)) {
          build(i, j, depth + 1, parent);
        } else {
          const id = `${GROUP}${key}`;
          groups.push({ id, key, parent, members: rows.slice(i, j).map((r) => r.name), size: j - i });
          build(i, j, depth + 1, id);
        }
      }
      i = j;
    }
  };
  build(0, rows.length, 0, null);
  return groups;
}

/** Whether rows i..j-1 all share one key at `depth` (then a group at depth−1 would only wrap it). */
function sameKey(paths, i, j, depth) {
  const key = paths[i][depth];
  if (key === undefined) return false;
  for (let k = i; k < j; k += 1) if (paths[k][depth] !== key) return false;
  return true;
}

/** Give the rows of a branching stretch with no block name the name of the stretch's last layer. */
function structuralPaths(rows, edges, paths) {
  const at = new Map(rows.map((row, i) => [row.name, i]));
  const cover = new Array(rows.length + 1).fill(0);
  for (const edge of edges) {
    const a = at.get(edge.from);
    const b = at.get(edge.to);
    if (a === undefined || b === undefined || b - a < 2) continue;
    cover[a + 1] += 1;
    cover[b] -= 1;
  }
  let open = 0;
  const cuts = [];
  for (let i = 0; i < rows.length; i += 1) {
    open += cover[i];
    if (open === 0) cuts.push(i);
  }
  for (let c = 0; c + 1 < cuts.length; c += 1) {
    const [start, end] = [cuts[c] + 1, cuts[c + 1]];
    if (end - start < 2) continue;
    const stretch = rows.slice(start, end + 1);
    if (paths.slice(start, end + 1).some((path) => path.length)) continue;
    if (!stretch.some((row) => row.inputs.length > 1)) continue;
    for (let i = start; i <= end; i += 1) paths[i] = [rows[end].name];
  }
}

/** Every group that holds node `id`, outermost first. */
export function groupsHolding(graph, id) {
  const byId = new Map([...graph.nodes, ...graph.groups].map((x) => [x.id, x]));
  const chain = [];
  let parent = byId.get(id)?.parent ?? null;
  while (parent) {
    chain.unshift(parent);
    parent = byId.get(parent)?.parent ?? null;
  }
  return chain;
}

/**
 * What is drawn when the groups in `open` are unfolded and the others folded: {nodes, groups (open ones, as
 * boxes), edges}: a folded group stands for everything inside it; an edge inside one folded group disappears;
 * edges that become the same (same tensor between the same two drawn nodes) are drawn once (`times`: how often
 * the layer at its end takes it).
 */
export function visibleGraph(graph, open) {
  const groupById = new Map(graph.groups.map((g) => [g.id, g]));
  const shownAs = new Map();
  const representative = (id, parent) => {
    const chain = [];
    for (let p = parent; p; p = groupById.get(p).parent) chain.unshift(p);
    const folded = chain.find((g) => !open.has(g));
    return folded ?? id;
  };
  for (const node of graph.nodes) shownAs.set(node.id, representative(node.id, node.parent));
  const visibleGroups = graph.groups.filter((g) => open.has(g.id) && representative(g.id, g.parent) === g.id);
  const folded = graph.groups.filter((g) => !open.has(g.id) && representative(g.id, g.parent) === g.id);
  const nodes = graph.nodes.filter((n) => shownAs.get(n.id) === n.id);
  const seen = new Map();
  const edges = [];
  for (const edge of graph.edges) {
    const from = shownAs.get(edge.from);
    const to = shownAs.get(edge.to);
    if (from === to) continue;
    const key = `${from}|${to}|${edge.from}:${edge.index}`;
    const drawn = seen.get(key);
    // one tensor a layer takes twice (MultiHeadAttention(x, x)) is one arrow, "times: 2"
    if (drawn) drawn.times += drawn.layer === edge.to ? 1 : 0;
    if (drawn) continue;
    const shown = { ...edge, from, to, tensor: edge.from, layer: edge.to, times: 1 };
    seen.set(key, shown);
    edges.push(shown);
  }
  return { nodes, folded, groups: visibleGroups, edges };
}
