/**
 * The layer views, by Keras class name (the trace names every layer by its class, so aliases such as MaxPool2D
 * arrive as MaxPooling2D): mountView(root, ctx) draws the layer's own view, or the generic one (its inputs and
 * outputs as grids) for a type without one or a view that fails, and returns the cleanup.
 * ctx = {layer, inputs, args, t}: the layer's trace entry, the tensors feeding it, its resolved arguments and
 * the translator (contextFor builds it). A new view: a module here with render(root, ctx), a line in VIEWS, its
 * words in strings/en.js and strings/ru.js.
 */
import { h } from "../dom.js";
import * as attention from "./attention.js";
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

const VIEWS = {
  UpSampling1D: upsampling,
  UpSampling2D: upsampling,
  Conv2DTranspose: convTranspose,
  Conv1DTranspose: convTranspose,
  LSTM: lstm,
  Conv1D: conv,
  Conv2D: conv,
  DepthwiseConv2D: conv,
  MaxPooling1D: pooling,
  MaxPooling2D: pooling,
  AveragePooling1D: pooling,
  AveragePooling2D: pooling,
  Dense: dense,
  Embedding: embedding,
  Flatten: reorder,
  Reshape: reorder,
  Concatenate: concatenate,
  MultiHeadAttention: attention,
  Attention: attention,
};

/** Draw the view of ctx.layer into `root` (emptied first); returns the cleanup. */
export function mountView(root, ctx) {
  root.replaceChildren();
  const tensors = [...ctx.inputs, ...(ctx.layer.outputs ?? []), ...(ctx.layer.weights ?? [])];
  const view = VIEWS[ctx.layer.type] ?? generic;
  if (tensors.some((x) => x.window) && !view.takesParts?.(ctx)) {
    // the server sent part of a big tensor: the layer's own view needs all of it (unless it takes parts), the plain
    // grids do not
    root.append(h("p", { class: "lv-note" }, ctx.t("view.partial")));
    return generic.render(root, ctx);
  }
  try {
    return view.render(root, ctx);
  } catch (error) {
    root.replaceChildren(h("p", { class: "lv-note" }, ctx.t("view.fallback", { error: error.message })));
    return generic.render(root, ctx);
  }
}

/**
 * The ctx for layer `name` of a traced prediction: its trace entry, the tensors feeding it (its summary row's
 * `inputs`, "name" or "name:k"), their Keras masks (null where none), and its resolved arguments (the trace entry's `args`: every default filled in);
 * onWindow(tensor name, start) asks for another part of a tensor the server sent in part.
 */
export function contextFor(prediction, summary, name, t, onWindow) {
  const layer = prediction.trace.find((entry) => entry.name === name);
  const row = summary.layers.find((r) => r.name === name);
  const sources = (row?.inputs ?? []).flatMap((ref) => {
    const [source, k] = ref.split(":");
    const entry = prediction.trace.find((e) => e.name === source);
    return entry ? [{ entry, k: Number(k || 0) }] : [];
  });
  const inputs = sources.map(({ entry, k }) => entry.outputs[k]);
  const masks = sources.map(({ entry, k }) => entry.masks?.[k] ?? null);
  return { layer, inputs, masks, args: layer.args, t, onWindow };
}
