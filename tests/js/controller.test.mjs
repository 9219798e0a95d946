// static/js/controller.js against a fake API: opening steps and links, edits, stale weights, errors, undo, history.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ApiError } from "../../static/js/api.js";
import { createController } from "../../static/js/controller.js";
import { LANGUAGES, language, loadLanguage, setLanguage } from "../../static/js/i18n.js";

await Promise.all(LANGUAGES.map(loadLanguage)); // both tables, as a page in each language has its own

const CATALOGUE = {
  categories: { core: { en: "Core", ru: "Основные" } },
  layers: [
    {
      type: "Input",
      keras_name: "input_layer",
      aliases: ["InputLayer"],
      category: "core",
      help: { en: "", ru: "" },
      inputs: { min: 0, max: 0 },
      args: [{ name: "shape", kind: "shape", required: true, card: true, starter: [4] }],
    },
    {
      type: "Dense",
      keras_name: "dense",
      aliases: [],
      category: "core",
      help: { en: "", ru: "" },
      inputs: { min: 1, max: 1 },
      args: [
        { name: "units", kind: "int", required: true, card: true, starter: 2 },
        { name: "activation", kind: "choice", required: false, card: true, default: null, choices: [null, "relu"] },
      ],
    },
  ],
};

/** A lesson step whose model is Input(shape) → Dense(units). */
const denseStep = (id, title, shape, units, rest) => ({
  id,
  title,
  model: {
    layers: [
      { type: "Input", args: { shape } },
      { type: "Dense", args: { units } },
    ],
  },
  ...rest,
  view: "dense",
});

const STEPS = [
  denseStep("first", { en: "First", ru: "Первый" }, [2], 1, {
    inputs: [1, 2],
    weights: { dense: [[[3], [4]], [0.5]] },
  }),
  denseStep("second", { en: "Second", ru: "Второй" }, [3], 2, { inputs: null }),
];

/** A server that works out Input → Dense shapes and numbers, refuses units < 1, and records every request. */
function fakeApi() {
  const calls = [];
  const rows = (spec) => {
    let previous = null;
    return spec.layers.map((layer) => {
      if (layer.type === "Input") previous = [null, ...layer.args.shape];
      else {
        if (!(layer.args.units >= 1))
          throw new ApiError({ status: 422, error: "units must be ≥ 1", error_ru: "units ≥ 1", layer: layer.name });
        previous = [...previous.slice(0, -1), layer.args.units];
      }
      return { name: layer.name, type: layer.type, output_shape: previous, inputs: [], params: 0, args: layer.args };
    });
  };
  return {
    calls,
    layers: async () => CATALOGUE,
    examples: async () => structuredClone(STEPS),
    example: async (id) => {
      throw new ApiError({ status: 404, error: `no step ${id}` });
    },
    summary: async (spec) => {
      calls.push(["summary", structuredClone(spec)]);
      const layers = rows(spec);
      layers.forEach((row, i) => (row.inputs = i ? [layers[i - 1].name] : []));
      return { name: "model", layers, inputs: [layers[0].name], total_params: 0 };
    },
    predict: async (request) => {
      calls.push(["predict", structuredClone(request)]);
      const trace = request.model.layers.map((layer) => ({
        name: layer.name,
        type: layer.type,
        args: layer.args,
        outputs: [{ name: layer.name, shape: [1, 1], data: [[0]] }],
        weights:
          layer.type === "Dense"
            ? [
                { name: "kernel", shape: [2, 1], data: [[1], [1]] },
                { name: "bias", shape: [1], data: [0] },
              ]
            : [],
      }));
      return { outputs: trace.at(-1).outputs, trace, notes: [] };
    },
    importModel: async () => ({ layers: [] }),
    galleryModel: async (id) => {
      if (id !== "tiny") throw new ApiError({ status: 404, error: `no gallery model ${id}` });
      const about = { id, title: "Tiny", year: 2026, idea: { en: "Small.", ru: "Мала." } };
      return {
        ...about,
        model: {
          layers: [
            { type: "Input", args: { shape: [5] } },
            { type: "Dense", args: { units: 3 } },
          ],
        },
      };
    },
    code: async () => ({ code: "" }),
  };
}

function fakeHistory(start) {
  const entries = [start];
  let at = 0;
  return {
    entries,
    url: () => entries[at],
    push(url) {
      entries.splice(at + 1, Infinity, String(url));
      at = entries.length - 1;
    },
    replace(url) {
      entries[at] = String(url);
    },
    back() {
      at -= 1;
    },
  };
}

async function opened(url = "http://lab.test/?lang=en") {
  setLanguage("en");
  const api = fakeApi();
  const history = fakeHistory(url);
  const drawn = [];
  const toasts = [];
  const ui = { render: (parts) => drawn.push(parts), toast: (key, vars) => toasts.push([key, vars]) };
  const schedule = (key, fn) => fn();
  schedule.cancel = () => {};
  const controller = createController({ api, ui, history, schedule });
  await controller.start();
  await controller.settled();
  return { controller, state: controller.state, api, history, drawn, toasts };
}

const requests = (api, kind) => api.calls.filter(([k]) => k === kind).map(([, body]) => body);
const dense = (state) => state.model.layers.find((l) => l.type === "Dense");

test("a plain address opens the first step, asks for its summary and its numbers, and names it in the URL", async () => {
  const { state, api, history } = await opened();
  assert.equal(state.example, "first");
  assert.equal(state.selected, "dense");
  assert.deepEqual(requests(api, "summary")[0].layers[1], { type: "Dense", name: "dense", args: { units: 1 } });
  const [predict] = requests(api, "predict");
  assert.deepEqual(predict.inputs, { input_layer: [[1, 2]] });
  assert.deepEqual(predict.weights, { dense: [[[3], [4]], [0.5]] });
  assert.equal(state.runs, 1);
  assert.equal(state.weights.dense.from, "step");
  assert.equal(state.weights.dense.tensors[0].name, "kernel");
  assert.equal(history.url(), "http://lab.test/?lang=en&example=first");
  assert.equal(state.changed, false);
});

test("?example= opens that step; a step without numbers waits for Run", async () => {
  const { controller, state, api } = await opened("http://lab.test/?example=second");
  assert.equal(state.example, "second");
  assert.equal(requests(api, "predict").length, 0);
  assert.deepEqual(state.notice, { key: "views.run_example" });
  assert.deepEqual(state.data.input_layer, { shape: [1, 3], values: [0, 1, 2] });
  await controller.run();
  assert.equal(requests(api, "predict").length, 1);
  assert.equal(state.notice, null);
});

/** A controller on one step that opens with the picture `picture` (api.picture gives `read`, or refuses). */
async function openedOnPicture(read) {
  setLanguage("en");
  const api = fakeApi();
  const asked = [];
  const step = denseStep("picture", { en: "Picture", ru: "Картинка" }, [1, 2, 3], 1, {
    inputs: null,
    pictures: { input_layer: "dots" },
  });
  api.examples = async () => [step];
  api.picture = async (name) => {
    asked.push(name);
    if (!read) throw new Error("no such file");
    return read;
  };
  const toasts = [];
  const ui = { render: () => {}, toast: (key, vars) => toasts.push([key, vars]) };
  const schedule = (key, fn) => fn();
  schedule.cancel = () => {};
  const history = fakeHistory("http://lab.test/?example=picture");
  const controller = createController({ api, ui, history, schedule });
  await controller.start();
  await controller.settled();
  return { controller, state: controller.state, api, asked, toasts };
}

test("a step that opens with a picture reads it before it runs and sends the picture's numbers", async () => {
  const read = { shape: [1, 2, 3], values: [10, 20, 30, 40, 50, 255] };
  const { state, api, asked, toasts } = await openedOnPicture(read);
  assert.deepEqual(asked, ["dots"]);
  assert.deepEqual(state.data.input_layer, { shape: [1, 1, 2, 3], values: read.values });
  const [body] = requests(api, "predict");
  assert.deepEqual(body.inputs.input_layer, [
    [
      [
        [10, 20, 30],
        [40, 50, 255],
      ],
    ],
  ]);
  assert.deepEqual(toasts, []);
});

test("a picture that cannot be read is said, and the input keeps the usual numbers", async () => {
  const { state, toasts } = await openedOnPicture(null);
  assert.deepEqual(toasts, [["picture.unreadable", { name: "dots" }]]);
  assert.deepEqual(state.data.input_layer.shape, [1, 1, 2, 3]);
});

test("a kernel preset sets the layer's weights to the server's numbers and runs at once", async () => {
  const { controller, state, api } = await opened();
  const asked = [];
  api.kernel = async (body) => {
    asked.push(body);
    return {
      weights: [
        { name: "kernel", shape: [2, 1], data: [[-1], [1]] },
        { name: "bias", shape: [1], data: [0] },
      ],
    };
  };
  const before = requests(api, "predict").length;
  await controller.setKernelPreset("dense", "sobel_x");
  await controller.settled();
  assert.deepEqual(asked, [{ model: asked[0].model, layer: "dense", preset: "sobel_x", seed: 0 }]);
  assert.equal(state.weights.dense.preset, "sobel_x");
  assert.equal(state.weights.dense.from, "you");
  const last = requests(api, "predict").at(-1);
  assert.equal(requests(api, "predict").length, before + 1);
  assert.deepEqual(last.weights.dense, [[[-1], [1]], [0]]);
});

test("a big answer waits for Run; once asked for, edits that keep it as big run again as they come", async () => {
  const { controller, state, api } = await opened();
  state.model.layers[0].args.shape = [150_000];
  controller.modelChanged();
  await controller.settled();
  assert.equal(state.notice.key, "views.press_run");
  const asked = requests(api, "predict").length;
  await controller.run();
  assert.equal(requests(api, "predict").length, asked + 1);
  state.data.input_layer.values[0] = 7;
  controller.dataChanged();
  await controller.settled();
  assert.equal(requests(api, "predict").length, asked + 2);
  assert.equal(state.notice, null);
  state.model.layers[0].args.shape = [300_000];
  controller.modelChanged();
  await controller.settled();
  assert.equal(state.notice.key, "views.press_run");
});

test("an edit asks again, the link carries the change, and weights that no longer fit are dropped", async () => {
  const { controller, state, api, history } = await opened();
  controller.setWeights("dense", [{ name: "kernel", shape: [2, 1], values: [5, 6] }]);
  await controller.settled();
  assert.equal(state.weights.dense.from, "you");
  assert.deepEqual(requests(api, "predict").at(-1).weights.dense, [[[5], [6]]]);
  controller.setSeed(7);
  await controller.settled();
  assert.ok(state.weights.dense, "a new seed keeps weights set by hand");
  dense(state).args.units = 3;
  controller.modelChanged();
  await controller.settled();
  assert.equal(requests(api, "summary").at(-1).layers[1].args.units, 3);
  assert.equal(state.weights.dense, undefined, "a kernel for 1 unit does not fit 3");
  assert.deepEqual(requests(api, "predict").at(-1).weights, {});
  assert.equal(state.changed, true);
  assert.match(history.url(), /example=first#lab=/);
});

test("a refused model keeps its error, sends no numbers, and clears once fixed", async () => {
  const { controller, state, api } = await opened();
  const predicts = requests(api, "predict").length;
  dense(state).args.units = 0;
  controller.modelChanged();
  await controller.settled();
  assert.equal(state.errors.model.layer, "dense");
  assert.deepEqual(state.status.summary, { key: "summary.stale" });
  assert.equal(requests(api, "predict").length, predicts);
  await controller.setLanguage("ru");
  assert.equal(language(), "ru");
  assert.equal(state.errors.model.text(language()), "units ≥ 1", "the error outlives the switch, in Russian");
  dense(state).args.units = 2;
  controller.modelChanged();
  await controller.settled();
  assert.equal(state.errors.model, null);
  assert.equal(state.status.summary, null);
  assert.equal(requests(api, "predict").length, predicts + 1);
  setLanguage("en");
});

test("opening a step over a changed model offers undo; Back returns to the changed model", async () => {
  const { controller, state, history } = await opened();
  dense(state).args.units = 4;
  controller.modelChanged();
  await controller.settled();
  await controller.openExample("second");
  await controller.settled();
  assert.equal(state.example, "second");
  assert.equal(state.undo.example, "first");
  assert.equal(history.entries.length, 2);
  await controller.undo();
  await controller.settled();
  assert.equal(dense(state).args.units, 4);
  assert.equal(state.example, "first");
  assert.equal(state.undo, null);

  await controller.step(1);
  await controller.settled();
  assert.equal(state.example, "second");
  history.back();
  await controller.restore();
  await controller.settled();
  assert.equal(state.example, "first");
  assert.equal(dense(state).args.units, 4, "Back brings the learner's own model, from the link in that entry");
});

test("opening a step over an unchanged one asks nothing; Next and Previous walk the lesson", async () => {
  const { controller, state } = await opened();
  await controller.step(1);
  assert.equal(state.example, "second");
  assert.equal(state.undo, null);
  assert.equal(controller.step(1), null, "no step after the last");
  await controller.step(-1);
  assert.equal(state.example, "first");
});

test("the model's outputs: adding one keeps the last layer, the default output", async () => {
  const { controller, state, api } = await opened();
  controller.addOutput("input_layer");
  await controller.settled();
  assert.deepEqual(state.model.outputs, ["dense", "input_layer"]);
  assert.deepEqual(requests(api, "summary").at(-1).outputs, ["dense", "input_layer"]);
  controller.setOutputs([]);
  await controller.settled();
  assert.equal(state.model.outputs, null);
  assert.equal(requests(api, "summary").at(-1).outputs, undefined);
});

test("a text the page refused is kept for the field until it reads again", async () => {
  const { controller, state } = await opened();
  const id = dense(state).id;
  controller.fieldTyped(id, "units", "two", true);
  assert.equal(state.typed[`${id}/units`], "two");
  assert.deepEqual(state.status.summary, { key: "summary.waiting_field" });
  controller.fieldTyped(id, "units", "2", false);
  assert.equal(state.typed[`${id}/units`], undefined);
});

test("a cell's refused text and why outlive a language switch, and go once the cell or its tensor is replaced", async () => {
  const { controller, state } = await opened();
  const refused = { text: "1,2,3", key: "numbers.two_commas", vars: { token: "1,2,3" } };
  controller.cellTyped("input_layer", 0, refused);
  controller.cellTyped("dense/kernel", 1, refused);
  await controller.setLanguage("ru");
  assert.deepEqual(state.cells.input_layer, { 0: refused }, "kept through the switch");
  controller.cellTyped("input_layer", 0, null);
  assert.equal(state.cells.input_layer, undefined);
  controller.cellTyped("input_layer", 3, refused);
  controller.cellTyped("input_layer");
  assert.equal(state.cells.input_layer, undefined, "a fill or paste replaces every cell");
  controller.setWeights("dense", null);
  assert.deepEqual(state.cells, {}, "going back to the seed's weights drops the kernel's refused cell");
  setLanguage("en");
});

test("an unknown step in the link says so and opens the first", async () => {
  const { state, toasts } = await opened("http://lab.test/?example=nope");
  assert.deepEqual(toasts, [["lesson.not_found", { id: "nope" }]]);
  assert.equal(state.example, "first");
});

test("a gallery model opens as its own history entry, shapes first, and a link to it names it", async () => {
  const { controller, state, api, history } = await opened();
  assert.equal(await controller.openGallery("tiny"), null);
  await controller.settled();
  assert.equal(state.example, null);
  assert.deepEqual(state.gallery, { id: "tiny", title: "Tiny", year: 2026, idea: { en: "Small.", ru: "Мала." } });
  assert.equal(requests(api, "summary").at(-1).layers[1].args.units, 3);
  assert.equal(requests(api, "predict").length, 1, "only the first step's numbers were sent");
  assert.deepEqual(state.notice, { key: "views.run_example" });
  assert.equal(history.url(), "http://lab.test/?lang=en&gallery=tiny");
  history.back();
  await controller.restore();
  assert.equal(state.example, "first");
  assert.equal(state.gallery, null);
  const refused = await controller.openGallery("nope");
  assert.equal(refused.message, "no gallery model nope");
  assert.equal(state.example, "first");
});

test("?gallery= opens that model; an unknown one says so and opens the first step", async () => {
  assert.equal((await opened("http://lab.test/?gallery=tiny")).state.gallery.id, "tiny");
  const { state, toasts } = await opened("http://lab.test/?gallery=nope");
  assert.deepEqual(toasts, [["gallery.not_found", { id: "nope" }]]);
  assert.equal(state.example, "first");
});

test("a model whose whole trace passes the answer limit is asked in windows that follow the learner", async () => {
  const { controller, state, api } = await opened();
  const big = { name: "dense", shape: [1, 2_000_000], data: [[0]], window: { start: [0, 0], shape: [1, 65_536] } };
  api.predict = async (request) => {
    api.calls.push(["predict", structuredClone(request)]);
    const trace = [
      {
        name: "input_layer",
        type: "InputLayer",
        args: {},
        outputs: [{ name: "input_layer", shape: [1, 2], data: [[1, 2]] }],
        weights: [],
      },
      { name: "dense", type: "Dense", args: {}, outputs: [big], weights: [] },
    ];
    return { outputs: [big], inputs: [trace[0].outputs[0]], trace, notes: [] };
  };
  dense(state).args.units = 2_000_000;
  controller.modelChanged();
  await controller.settled();
  assert.deepEqual(state.notice?.key, undefined, "in windows the answer is small enough to run as you type");
  const asked = requests(api, "predict").at(-1);
  assert.deepEqual(asked.window, { max_numbers: 65_536, at: {} });
  await controller.moveWindow("dense", [0, 1_999_000]);
  assert.deepEqual(requests(api, "predict").at(-1).window.at, { dense: [0, 1_999_000] });
  await controller.moveWindow("dense", [0, 5_000_000]);
  assert.deepEqual(requests(api, "predict").at(-1).window.at, {}, "a start past the tensor is not sent");
  dense(state).args.units = 1;
  controller.modelChanged();
  await controller.settled();
  assert.equal(requests(api, "predict").at(-1).window, undefined, "a model that fits is asked whole");
});

/** A step of a Dense too big to send whole, opening its output's part at `window` ({tensor: start}). */
async function openedInParts(window) {
  setLanguage("en");
  const api = fakeApi();
  api.examples = async () => [
    denseStep("big", { en: "Big", ru: "Большой" }, [2], 2_000_000, { inputs: [1, 2], window }),
  ];
  const ui = { render: () => {}, toast: () => {} };
  const schedule = (key, fn) => fn();
  schedule.cancel = () => {};
  const controller = createController({ api, ui, history: fakeHistory("http://lab.test/?example=big"), schedule });
  await controller.start();
  await controller.settled();
  return { controller, api };
}

test("a step's big output opens at the part the step names; a start past the output is not sent", async () => {
  const { api } = await openedInParts({ dense: [0, 1_500_000] });
  assert.deepEqual(requests(api, "predict")[0].window, { max_numbers: 65_536, at: { dense: [0, 1_500_000] } });
  const past = await openedInParts({ dense: [0, 2_000_000] });
  assert.deepEqual(requests(past.api, "predict")[0].window.at, {});
});

test("numbers drawn on a canvas replace the first sample's and run at once, the link carrying them", async () => {
  const { controller, state, api, history } = await opened();
  const before = requests(api, "predict").length;
  await controller.drew("input_layer", [7, 8]);
  assert.deepEqual(state.data.input_layer.values, [7, 8]);
  assert.equal(requests(api, "predict").length, before + 1);
  assert.deepEqual(requests(api, "predict").at(-1).inputs, { input_layer: [[7, 8]] });
  assert.equal(state.changed, true);
  await controller.settled();
  assert.match(history.url(), /#./);
  assert.equal(controller.drew("no_such_input", [1]), null);
});

test("a step the list sends in part is asked for whole when it is opened, once", async () => {
  setLanguage("en");
  const api = fakeApi();
  const trained = denseStep("trained", { en: "Trained", ru: "Обученная" }, [2], 1, { inputs: [1, 1] });
  const listed = { ...structuredClone(trained), weights: null, partial: true };
  api.examples = async () => [...structuredClone(STEPS), listed];
  const asked = [];
  api.example = async (id) => {
    asked.push(id);
    return { ...structuredClone(trained), weights: { dense: [[[5], [6]], [1]] } };
  };
  const history = fakeHistory("http://lab.test/?lang=en&example=trained");
  const schedule = (key, fn) => fn();
  schedule.cancel = () => {};
  const controller = createController({ api, ui: { render() {}, toast() {} }, history, schedule });
  await controller.start();
  await controller.settled();
  assert.deepEqual(asked, ["trained"]);
  assert.deepEqual(requests(api, "predict").at(-1).weights, { dense: [[[5], [6]], [1]] });
  await controller.openExample("first");
  await controller.openExample("trained");
  await controller.settled();
  assert.deepEqual(asked, ["trained"], "kept whole in the list");
  assert.equal(controller.state.examples.at(-1).partial, undefined);
  assert.deepEqual(requests(api, "predict").at(-1).weights, { dense: [[[5], [6]], [1]] });
});

test("the page names the weights it holds by their digests and fills in those the answer leaves out", async () => {
  const { controller, state, api } = await opened();
  const kernel = [[0.25], [-1]];
  api.predict = async (request) => {
    api.calls.push(["predict", structuredClone(request)]);
    const held = request.held_weights;
    const weight = (name, data, digest) => ({
      name,
      shape: [],
      data: held[`dense/${name}`] === digest ? null : data,
      digest,
    });
    const trace = [
      {
        name: "input_layer",
        type: "InputLayer",
        outputs: [{ name: "input_layer", shape: [1, 2], data: [[1, 2]] }],
        weights: [],
      },
      {
        name: "dense",
        type: "Dense",
        outputs: [{ name: "dense", shape: [1, 1], data: [[request.inputs.input_layer[0][0]]] }],
        weights: [weight("kernel", kernel, "k".repeat(24)), weight("bias", [0.5], "b".repeat(24))],
      },
    ];
    return { outputs: trace.at(-1).outputs, trace, notes: [] };
  };
  controller.setSeed(3);
  await controller.settled();
  assert.deepEqual(requests(api, "predict").at(-1).held_weights, {}, "an answer without digests holds nothing");
  state.data.input_layer.values[0] = 7;
  controller.dataChanged();
  await controller.settled();
  assert.deepEqual(requests(api, "predict").at(-1).held_weights, {
    "dense/kernel": "k".repeat(24),
    "dense/bias": "b".repeat(24),
  });
  const dense = state.prediction.trace.find((l) => l.name === "dense");
  assert.deepEqual(
    dense.weights.map((w) => w.data),
    [kernel, [0.5]],
    "the numbers left out are the ones held",
  );
  assert.deepEqual(dense.outputs[0].data, [[7]]);
  state.data.input_layer.values[0] = 8;
  controller.dataChanged();
  await controller.settled();
  assert.equal(Object.keys(requests(api, "predict").at(-1).held_weights).length, 2, "filled weights are held again");
  assert.deepEqual(state.prediction.trace[1].weights[0].data, kernel);
});
