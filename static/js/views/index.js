/**
 * The views the page mounts, by Keras class name: viewFor(type) → {render(root, ctx) → cleanup}.
 * ctx = {layer, inputs, spec, t, lang}: the layer's trace entry, the tensors feeding it, its spec,
 * the translator and the language (contextFor builds it from a predict answer). A view that
 * cannot read its data falls back to the generic grids and says why.
 */
import * as concatenate from "./concatenate.js";
import * as conv from "./conv.js";
import * as convTranspose from "./conv_transpose.js";
import * as dense from "./dense.js";
import * as embedding from "./embedding.js";
import * as generic from "./generic.js";
import * as lstm from "./lstm.js";
import * as pooling from "./pooling.js";
import * as reorder from "./reorder.js";
import * as upsampling from "./upsampling.js";
import { el } from "./grid.js";

const VIEWS = {
  UpSampling1D: upsampling,
  UpSampling2D: upsampling,
  Conv2DTranspose: convTranspose,
  Conv1DTranspose: convTranspose,
  LSTM: lstm,
  Conv1D: conv,
  Conv2D: conv,
  MaxPooling1D: pooling,
  MaxPooling2D: pooling,
  AveragePooling1D: pooling,
  AveragePooling2D: pooling,
  Dense: dense,
  Embedding: embedding,
  Flatten: reorder,
  Reshape: reorder,
  Concatenate: concatenate,
};

/** Keras's short names, as a learner may write them in a layer list. */
const ALIASES = {
  Convolution1D: "Conv1D",
  Convolution2D: "Conv2D",
  Convolution2DTranspose: "Conv2DTranspose",
  Convolution1DTranspose: "Conv1DTranspose",
  MaxPool1D: "MaxPooling1D",
  MaxPool2D: "MaxPooling2D",
  AvgPool1D: "AveragePooling1D",
  AvgPool2D: "AveragePooling2D",
};

function guarded(view) {
  return {
    render(root, ctx) {
      try {
        return view.render(root, ctx);
      } catch (error) {
        root.replaceChildren(el("p", "lv-note", ctx.t("view.fallback", { error: error.message })));
        return generic.render(root, ctx);
      }
    },
  };
}

/** The view for a layer type; the generic one for any other type; null without a type. */
export function viewFor(layerType) {
  if (!layerType) return null;
  return guarded(VIEWS[ALIASES[layerType] ?? layerType] ?? generic);
}

/** Types with a view of their own (the rest get the generic grids). */
export const SPECIAL_TYPES = Object.keys(VIEWS);

/**
 * The ctx for layer `index` of a predict answer with trace: its trace entry, the tensors feeding it
 * (its `inputs` references, "name" or "name:k", or else the previous layer), and its spec.
 * The trace lists the layers in the order of `model.layers`.
 */
export function contextFor(answer, model, index, t, lang) {
  const layers = model.layers;
  const spec = layers[index];
  const byName = new Map(answer.trace.map((entry) => [entry.name, entry]));
  const refs = spec.inputs ?? (index > 0 && spec.type !== "Input" ? [answer.trace[index - 1].name] : []);
  const inputs = refs.flatMap((ref) => {
    const [name, k] = ref.split(":");
    const entry = byName.get(name);
    if (!entry) return [];
    return k === undefined ? entry.outputs : [entry.outputs[Number(k)]];
  });
  return { layer: answer.trace[index], inputs, spec, t, lang };
}
