// static/js/graph_layout.js: the graph laid out block by block, each unfolded block around its contents, every
// arrow drawn whole from the layer that makes its tensor to the one that takes it, through the blocks' ports.
import { test } from "node:test";
import assert from "node:assert/strict";
import { graphOf, visibleGraph } from "../../static/js/graph_model.js";
import { layOut } from "../../static/js/graph_layout.js";

const row = (name, type, inputs = []) => ({ name, type, output_shape: [null, 8, 8, 4], params: 0, inputs });

/** A ResNet-like model: stages of residual blocks, each block's input skipping to its Add (stage s, b blocks). */
function resnet(stages, blocks) {
  const rows = [row("input_layer", "InputLayer"), row("stem", "Conv2D", ["input_layer"])];
  let last = "stem";
  for (let s = 2; s < 2 + stages; s += 1) {
    for (let b = 1; b <= blocks; b += 1) {
      const p = `conv${s}_block${b}`;
      rows.push(row(`${p}_1_conv`, "Conv2D", [last]));
      rows.push(row(`${p}_2_conv`, "Conv2D", [`${p}_1_conv`]));
      rows.push(row(`${p}_add`, "Add", [last, `${p}_2_conv`]));
      last = `${p}_add`;
    }
  }
  rows.push(row("pool", "GlobalAveragePooling2D", [last]));
  return { name: "m", layers: rows, outputs: ["pool"], inputs: ["input_layer"] };
}

const measure = {
  size: (item) => ({ width: 10 + 7 * (item.name ?? item.key).length, height: 40 }),
  label: (edge, times) => ({ text: `${edge.tensor}${times > 1 ? ` ×${times}` : ""}`, width: 80 }),
  head: (group) => 16 + 7 * group.key.length,
};
const near = (p, q) => Math.hypot(p.x - q.x, p.y - q.y) < 1e-6;
const within = (inner, outer) =>
  inner.x - inner.width / 2 >= outer.x - outer.width / 2 - 1e-6 &&
  inner.x + inner.width / 2 <= outer.x + outer.width / 2 + 1e-6 &&
  inner.y - inner.height / 2 >= outer.y - outer.height / 2 - 1e-6 &&
  inner.y + inner.height / 2 <= outer.y + outer.height / 2 + 1e-6;
const apart = (a, b) =>
  Math.abs(a.x - b.x) >= (a.width + b.width) / 2 - 1e-6 || Math.abs(a.y - b.y) >= (a.height + b.height) / 2 - 1e-6;

function unfolded(summary) {
  const graph = graphOf(summary);
  const shown = visibleGraph(graph, new Set(graph.groups.map((g) => g.id)));
  return { graph, shown, layout: layOut(shown, measure) };
}

test("unfolded, every layer sits inside each block that holds it, and no two overlap", () => {
  const { graph, shown, layout } = unfolded(resnet(3, 6));
  assert.equal(layout.items.length, shown.nodes.length);
  assert.equal(layout.boxes.length, graph.groups.length);
  const boxOf = new Map(layout.boxes.map((b) => [b.group.id, b]));
  for (const place of layout.items) {
    for (let p = place.item.parent; p; p = boxOf.get(p).group.parent) {
      assert.ok(within(place, boxOf.get(p)), `${place.item.id} in ${p}`);
    }
    assert.ok(place.x - place.width / 2 >= 0 && place.x + place.width / 2 <= layout.width);
    assert.ok(place.y - place.height / 2 >= 0 && place.y + place.height / 2 <= layout.height);
  }
  for (const box of layout.boxes) if (box.group.parent) assert.ok(within(box, boxOf.get(box.group.parent)));
  const placed = [...layout.items, ...layout.boxes.filter((b) => !b.group.parent)];
  for (let i = 0; i < placed.length; i += 1)
    for (let j = i + 1; j < placed.length; j += 1) {
      if (placed[i].group || placed[j].group) {
        const [box, other] = placed[i].group ? [placed[i], placed[j]] : [placed[j], placed[i]];
        if (other.group || !within(other, box)) assert.ok(apart(box, other), "a block and what is not in it");
      } else assert.ok(apart(placed[i], placed[j]), `${placed[i].item.id} and ${placed[j].item.id}`);
    }
});

test("each tensor's arrow runs unbroken from the layer that makes it to each layer that takes it", () => {
  const { shown, layout } = unfolded(resnet(2, 7));
  const place = new Map(layout.items.map((p) => [p.item.id, p]));
  const touches = (p, item) =>
    Math.abs(p.x - item.x) <= item.width / 2 + 1e-6 && Math.abs(p.y - item.y) <= item.height / 2 + 1e-6;
  for (const edge of shown.edges) {
    const parts = layout.arrows.filter((a) => a.edge.tensor === edge.tensor && a.edge.index === edge.index);
    // from the start, follow the parts that begin where the last one ended, until the end is reached
    let at = parts.filter((a) => touches(a.points[0], place.get(edge.from)));
    assert.ok(at.length, `${edge.from} → ${edge.to} leaves ${edge.from}`);
    let reached = false;
    for (let hops = 0; hops < 10 && at.length && !reached; hops += 1) {
      reached = at.some((a) => a.arrow && a.to === edge.to && touches(a.points.at(-1), place.get(edge.to)));
      const ends = at.map((a) => a.points.at(-1));
      at = parts.filter((a) => ends.some((e) => near(a.points[0], e)) && !at.includes(a));
    }
    assert.ok(reached, `${edge.from} → ${edge.to} arrives`);
  }
  const labelled = layout.arrows.filter((a) => a.text !== null);
  assert.deepEqual(
    labelled.filter((a) => a.edge.tensor === "conv2_block1_add").map((a) => a.to),
    ["group/conv2_block2"],
    "a block's input, taken twice in the next block, is labelled once, between the two blocks",
  );
  assert.ok(layout.arrows.every((a) => a.points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y))));
});

test("folded, a small graph is laid out as one: no ports, every arrow labelled and ending at a node", () => {
  const graph = graphOf(resnet(3, 6));
  const layout = layOut(visibleGraph(graph, new Set()), measure);
  assert.deepEqual(
    layout.items.map((p) => p.item.id),
    ["input_layer", "stem", "pool", "output/0", "group/conv2", "group/conv3", "group/conv4"],
  );
  assert.equal(layout.boxes.length, 0);
  assert.ok(layout.arrows.every((a) => a.arrow && a.text !== null));
});
