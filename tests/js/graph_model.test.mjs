// static/js/graph_model.js: the graph worked out from summary rows (inbound names, outputs), and the blocks of a
// big model folded by the names keras.applications gives them or, with no such names, by where branches join.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FOLD_ABOVE, blockPath, graphOf, groupsHolding, visibleGraph } from "../../static/js/graph_model.js";

const row = (name, type, output_shape, inputs = []) => ({ name, type, output_shape, params: 0, inputs });
const summary = (layers, outputs) => ({ name: "m", layers, outputs, inputs: [layers[0].name] });

test("a merge has an edge from each of its inputs, labelled with that input's shape", () => {
  const graph = graphOf(
    summary(
      [
        row("inp_1", "InputLayer", [null, 4]),
        row("inp_2", "InputLayer", [null, 3]),
        row("concatenate", "Concatenate", [null, 7], ["inp_1", "inp_2"]),
      ],
      ["concatenate"],
    ),
  );
  const into = graph.edges.filter((e) => e.to === "concatenate");
  assert.deepEqual(
    into.map((e) => [e.from, e.shape]),
    [
      ["inp_1", [null, 4]],
      ["inp_2", [null, 3]],
    ],
  );
  assert.deepEqual(graph.edges.at(-1), {
    from: "concatenate",
    to: "output/0",
    index: 0,
    shape: [null, 7],
    many: false,
  });
  assert.equal(graph.groups.length, 0);
});

/** Input → LSTM with return_state (outputs: the sequence or last step, state_h, state_c), the model's outputs named. */
function lstmGraph(outputs) {
  const shapes = [
    [null, 4, 1],
    [null, 1],
    [null, 2],
  ];
  const rows = [row("input_layer", "InputLayer", [null, 4, 1]), row("lstm", "LSTM", shapes, ["input_layer"])];
  const graph = graphOf(summary(rows, outputs));
  const edges = graph.edges.filter((e) => e.from === "lstm").map((e) => [e.to, e.index, e.shape, e.many]);
  assert.deepEqual(
    edges,
    shapes.map((shape, i) => [`output/${i}`, i, shape, true]),
  );
  return graph;
}

test("a layer with three outputs has an edge per output, each with its own shape and index", () => {
  const graph = lstmGraph(["lstm:0", "lstm:1", "lstm:2"]);
  assert.deepEqual(
    graph.nodes.filter((n) => n.kind === "output").map((n) => n.name),
    ["lstm:0", "lstm:1", "lstm:2"],
  );
});

test("a multi-output layer named whole as the model's output gives it all of its outputs", () => {
  const graph = lstmGraph(["lstm"]);
  assert.equal(graph.nodes.filter((n) => n.kind === "output").length, 3);
});

test("a tensor a layer takes twice is one arrow that says so", () => {
  const rows = [
    row("words", "InputLayer", [null, 8, 16]),
    row("attention", "MultiHeadAttention", [null, 8, 16], ["words", "words"]),
  ];
  const shown = visibleGraph(graphOf(summary(rows, ["attention"])), new Set());
  assert.deepEqual(
    shown.edges.map((e) => [e.from, e.to, e.times]),
    [
      ["words", "attention", 2],
      ["attention", "output/0", 1],
    ],
  );
});

test("block names: a stage and its block, a block alone, EfficientNet's lettered blocks, none", () => {
  assert.deepEqual(blockPath("conv2_block1_1_conv"), ["conv2", "conv2_block1"]);
  assert.deepEqual(blockPath("conv4_block12_concat"), ["conv4", "conv4_block12"]);
  assert.deepEqual(blockPath("block_3_expand_BN"), ["block_3"]);
  assert.deepEqual(blockPath("block2a_dwconv"), ["block2", "block2a"]);
  assert.deepEqual(blockPath("block1_conv1"), ["block1"]);
  assert.deepEqual(blockPath("conv2d_5"), []);
  assert.deepEqual(blockPath("mixed0"), []);
});

/** A ResNet-like model: a stem, then `blocks` residual blocks of stage conv2, each conv → conv → add(input). */
function residual(blocks) {
  const rows = [
    row("input_layer", "InputLayer", [null, 8, 8, 4]),
    row("stem", "Conv2D", [null, 8, 8, 4], ["input_layer"]),
  ];
  let last = "stem";
  for (let b = 1; b <= blocks; b += 1) {
    const p = `conv2_block${b}`;
    rows.push(row(`${p}_1_conv`, "Conv2D", [null, 8, 8, 4], [last]));
    rows.push(row(`${p}_2_conv`, "Conv2D", [null, 8, 8, 4], [`${p}_1_conv`]));
    rows.push(row(`${p}_add`, "Add", [null, 8, 8, 4], [last, `${p}_2_conv`]));
    last = `${p}_add`;
  }
  rows.push(row("pool", "GlobalAveragePooling2D", [null, 4], [last]));
  return summary(rows, ["pool"]);
}

test("a big model's blocks nest in their stage, folded they leave one node and the edges across them", () => {
  const graph = graphOf(residual(15));
  assert.ok(graph.nodes.length > FOLD_ABOVE);
  assert.deepEqual(graph.groups.map((g) => [g.key, g.parent, g.size]).slice(0, 3), [
    ["conv2", null, 45],
    ["conv2_block1", "group/conv2", 3],
    ["conv2_block2", "group/conv2", 3],
  ]);
  assert.deepEqual(groupsHolding(graph, "conv2_block2_add"), ["group/conv2", "group/conv2_block2"]);
  const folded = visibleGraph(graph, new Set());
  assert.deepEqual(
    [...folded.nodes.map((n) => n.id), ...folded.folded.map((g) => g.id)],
    ["input_layer", "stem", "pool", "output/0", "group/conv2"],
  );
  assert.deepEqual(
    folded.edges.map((e) => [e.from, e.to]),
    [
      ["input_layer", "stem"],
      ["stem", "group/conv2"],
      ["group/conv2", "pool"],
      ["pool", "output/0"],
    ],
  );
  const stage = visibleGraph(graph, new Set(["group/conv2"]));
  assert.equal(stage.folded.length, 15);
  assert.deepEqual(
    stage.groups.map((g) => g.id),
    ["group/conv2"],
  );
  const into2 = stage.edges.filter((e) => e.to === "group/conv2_block2");
  assert.deepEqual(
    into2.map((e) => e.from),
    ["group/conv2_block1"],
    "the skip and the branch are one tensor: one edge",
  );
});

test("with no block names, a stretch whose branches join is a block named after the layer that joins them", () => {
  const rows = [row("input_layer", "InputLayer", [null, 8, 8, 3])];
  let last = "input_layer";
  for (let m = 0; m < 12; m += 1) {
    const n = (k) => `conv2d_${m * 3 + k}`;
    rows.push(row(n(0), "Conv2D", [null, 8, 8, 2], [last]));
    rows.push(row(n(1), "Conv2D", [null, 8, 8, 2], [last]));
    rows.push(row(n(2), "Conv2D", [null, 8, 8, 2], [n(1)]));
    rows.push(row(`mixed${m}`, "Concatenate", [null, 8, 8, 4], [n(0), n(2)]));
    last = `mixed${m}`;
  }
  const graph = graphOf(summary(rows, [last]));
  assert.deepEqual(graph.groups.map((g) => [g.key, g.size]).slice(0, 2), [
    ["mixed0", 4],
    ["mixed1", 4],
  ]);
  assert.equal(visibleGraph(graph, new Set()).folded.length, 12);
});
