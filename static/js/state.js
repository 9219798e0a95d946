// The page's state (one object, see createState), and its serialisation into the URL hash from a property table
// (as tensorflow/playground's State.PROPS): a shared link reopens exactly what was on screen.

import { questionsFrom } from "./answers.js";
import { modelFrom, specOf } from "./model.js";

/** A fresh page state: everything the page shows comes from here, and only the controller changes it. */
export function createState() {
  return {
    catalogue: null,
    examples: [],
    model: { name: null, layers: [], outputs: null },
    /** input layer name -> {shape (batch first), values (flat)} */
    data: {},
    /** layer name -> {signature, tensors: [{name, shape, values}], from: "step" | "you"}: weights not from the seed */
    weights: {},
    seed: 0,
    /** name of the layer whose view is shown */
    selected: null,
    /** id of the lesson step the model came from */
    example: null,
    /** the gallery model on screen ({id, title, year, idea}), or null */
    gallery: null,
    /** whether the learner changed the model, numbers or weights since the step (or link) opened */
    changed: false,
    summary: null,
    prediction: null,
    /** how many answers the views have drawn (the browser tests wait on it) */
    runs: 0,
    /** the server's refusals, as ApiErrors (their text is read in the page's language when drawn) */
    errors: { model: null, data: null },
    /** status lines as {key, vars}, translated when drawn */
    status: { summary: null, run: null },
    /** why the views are empty ({key, vars}) and the Run button beside it, or null */
    notice: null,
    /** what opening a step replaced: {snapshot, example}, or null */
    undo: null,
    /** fields holding text the page refused: "layerId/arg" -> the text typed */
    typed: {},
    /** grid cells holding text the page refused: tensor ("input_layer", "dense/kernel") -> flat -> {text, key, vars} */
    cells: {},
    /** an exercise link's questions ({kind, layer, output, cell}, questions.js asks them), or null */
    exercise: null,
  };
}

const mapValues = (object, fn) => Object.fromEntries(Object.entries(object || {}).map(([k, v]) => [k, fn(v)]));

/** Each property: its short key in the link, how to read it from the state and how to write it back. */
const PROPS = [
  { key: "m", read: (s) => specOf(s.model), write: (s, v, catalogue) => (s.model = modelFrom(v, catalogue)) },
  {
    key: "d",
    read: (s) => mapValues(s.data, (d) => [d.shape, d.values]),
    write: (s, v) => (s.data = mapValues(v, ([shape, values]) => ({ shape, values }))),
  },
  {
    key: "w",
    read: (s) => mapValues(s.weights, (w) => [w.signature, w.tensors.map((t) => [t.name, t.shape, t.values]), w.from]),
    write: (s, v) =>
      (s.weights = mapValues(v, ([signature, tensors, from]) => ({
        signature,
        tensors: tensors.map(([name, shape, values]) => ({ name, shape, values })),
        from: from === "step" ? "step" : "you",
      }))),
  },
  { key: "s", read: (s) => s.seed, write: (s, v) => (s.seed = Number.isInteger(v) && v >= 0 ? v : 0) },
  { key: "v", read: (s) => s.selected, write: (s, v) => (s.selected = typeof v === "string" ? v : null) },
  { key: "e", read: (s) => s.example, write: (s, v) => (s.example = typeof v === "string" ? v : null) },
  { key: "x", read: (s) => s.exercise, write: (s, v) => (s.exercise = questionsFrom(v)) },
];

const PREFIX = "lab=";

/** What a link carries of the state: the PROPS, as plain data. */
export const snapshotOf = (s) => Object.fromEntries(PROPS.map((p) => [p.key, p.read(s)]));

export async function encodeState(s) {
  const object = snapshotOf(s);
  const bytes = new TextEncoder().encode(JSON.stringify(object));
  if (typeof CompressionStream === "function")
    return `${PREFIX}z.${toBase64Url(await transform(bytes, new CompressionStream("deflate-raw")))}`;
  return `${PREFIX}j.${toBase64Url(bytes)}`;
}

/** The object a hash carries, or null when the hash is not a Layer Lab link. */
export async function decodeHash(hash) {
  const text = hash.replace(/^#/, "");
  if (!text.startsWith(PREFIX)) return null;
  const [kind, payload] = text.slice(PREFIX.length).split(".", 2);
  let bytes = fromBase64Url(payload || "");
  if (kind === "z") bytes = await transform(bytes, new DecompressionStream("deflate-raw"));
  else if (kind !== "j") return null;
  return JSON.parse(new TextDecoder().decode(bytes));
}

export function applyDecoded(s, object, catalogue) {
  for (const prop of PROPS) if (prop.key in object) prop.write(s, object[prop.key], catalogue);
}

async function transform(bytes, stream) {
  const response = new Response(new Blob([bytes]).stream().pipeThrough(stream));
  return new Uint8Array(await response.arrayBuffer());
}

function toBase64Url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
