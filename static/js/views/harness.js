/**
 * A page that renders one layer view, for trying views out and for the browser tests:
 * /static/views-harness.html#example=upsampling  or  #body=<JSON of a predict request>&layer=<name>&lang=ru
 */
import { createApi } from "../api.js";
import { loadLanguage, setLanguage, translator } from "../i18n.js";
import { contextFor, mountView } from "./index.js";

const input = (shape) => ({ type: "Input", name: "inp", args: { shape } });
const NOTEBOOK_IMAGE = [
  [[4], [2]],
  [[3], [6]],
];
/** A one-channel, one-filter kernel (kh, kw, 1, 1) from a plain matrix. */
const kernel = (rows) => rows.map((row) => row.map((v) => [[v]]));

/** The lesson's examples (and a few richer ones), as predict requests. */
export const EXAMPLES = {
  upsampling: {
    model: { layers: [input([2, 2, 1]), { type: "UpSampling2D", name: "up", args: { size: [2, 2] } }] },
    inputs: NOTEBOOK_IMAGE,
  },
  conv2dtranspose: {
    model: {
      layers: [
        input([2, 2, 1]),
        { type: "Conv2DTranspose", name: "ct", args: { filters: 1, kernel_size: 1, strides: 3, padding: "same" } },
      ],
    },
    inputs: NOTEBOOK_IMAGE,
    weights: { ct: [[[[[1]]]], [0]] },
  },
  conv2dtranspose_k3: {
    model: {
      layers: [
        input([3, 3, 1]),
        { type: "Conv2DTranspose", name: "ct", args: { filters: 1, kernel_size: 3, strides: 2, padding: "same" } },
      ],
    },
    inputs: [
      [[1], [2], [3]],
      [[4], [5], [6]],
      [[7], [8], [9]],
    ],
    weights: {
      ct: [
        kernel([
          [1, 0, -1],
          [2, 0, -2],
          [1, 0, -1],
        ]),
        [0],
      ],
    },
  },
  lstm: {
    model: {
      layers: [
        input([4, 1]),
        { type: "LSTM", name: "lstm", args: { units: 2, return_sequences: true, return_state: true } },
      ],
    },
    inputs: [[0.1], [0.2], [0.3], [0.4]],
  },
  conv2d: {
    model: {
      layers: [
        input([5, 5, 1]),
        { type: "Conv2D", name: "conv", args: { filters: 1, kernel_size: 3, strides: 2, padding: "same" } },
      ],
    },
    inputs: [0, 1, 2, 3, 4].map((r) => [0, 1, 2, 3, 4].map((c) => [r * 5 + c])),
    weights: {
      conv: [
        kernel([
          [0, 1, 0],
          [1, -4, 1],
          [0, 1, 0],
        ]),
        [0],
      ],
    },
  },
  conv1d: {
    model: {
      layers: [
        input([6, 2]),
        { type: "Conv1D", name: "conv", args: { filters: 2, kernel_size: 3, padding: "causal", dilation_rate: 2 } },
      ],
    },
    inputs: [
      [1, 0],
      [2, 1],
      [3, -1],
      [4, 2],
      [5, 0],
      [6, 1],
    ],
  },
  maxpool: {
    model: { layers: [input([5, 5, 1]), { type: "MaxPool2D", name: "pool", args: { pool_size: 2, padding: "same" } }] },
    inputs: [0, 1, 2, 3, 4].map((r) => [0, 1, 2, 3, 4].map((c) => [(r * 7 + c * 3) % 10])),
  },
  dense: {
    model: { layers: [input([3, 4]), { type: "Dense", name: "dense", args: { units: 2 } }] },
    inputs: [
      [
        [2, 4, 6, 8],
        [2, 4, 6, 8],
        [2, 4, 6, 8],
      ],
      [
        [3, 5, 7, 9],
        [3, 5, 7, 9],
        [3, 5, 7, 9],
      ],
    ],
    weights: {
      dense: [
        [
          [0.3, 0.5],
          [0.3, 0.5],
          [0.3, 0.5],
          [0.3, 0.5],
        ],
        [0, 0],
      ],
    },
  },
  embedding: {
    model: { layers: [input([5]), { type: "Embedding", name: "emb", args: { input_dim: 8, output_dim: 3 } }] },
    inputs: [[0, 3, 3, 7, 1]],
  },
  flatten: {
    model: { layers: [input([2, 3, 2]), { type: "Flatten", name: "flat" }] },
    inputs: [
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      [
        [7, 8],
        [9, 10],
        [11, 12],
      ],
    ],
  },
  reshape: {
    model: { layers: [input([6]), { type: "Reshape", name: "re", args: { target_shape: [2, 3] } }] },
    inputs: [[1, 2, 3, 4, 5, 6]],
  },
  concatenate: {
    model: {
      layers: [
        { type: "Input", name: "a", args: { shape: [2, 2] } },
        { type: "Input", name: "b", args: { shape: [2, 1] } },
        { type: "Concatenate", name: "cat", inputs: ["a", "b"], args: { axis: -1 } },
      ],
    },
    inputs: {
      a: [
        [1, 2],
        [3, 4],
      ],
      b: [[5], [6]],
    },
  },
};

async function main() {
  const params = new URLSearchParams(location.hash.slice(1));
  const lang = setLanguage(await loadLanguage(params.get("lang")));
  const t = translator(lang);
  document.documentElement.lang = lang;
  const body = params.has("body") ? JSON.parse(params.get("body")) : EXAMPLES[params.get("example") ?? "upsampling"];
  const root = document.getElementById("view");
  const api = createApi();
  try {
    const [summary, prediction] = await Promise.all([api.summary(body.model), api.predict({ ...body, trace: true })]);
    const name = params.get("layer") ?? prediction.trace[prediction.trace.length - 1].name;
    mountView(root, contextFor(prediction, summary, name, t));
    document.body.dataset.ready = "yes";
  } catch (error) {
    root.textContent = error.text ? error.text(lang) : String(error);
    document.body.dataset.ready = "error";
  }
}

main();
