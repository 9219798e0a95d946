// The model being built, as the page keeps it: a layer list with stable ids for the page's elements.
// Pure operations; the API body comes from specOf().

let nextId = 1;

function layerFrom(spec) {
  return {
    id: nextId++,
    type: spec.type,
    name: spec.name || null,
    args: structuredClone(spec.args || {}),
    inputs: spec.inputs ? [...spec.inputs] : null,
  };
}

/** A page model from an API layer list; unnamed layers get Keras-style names so they can be referenced. */
export function modelFrom(spec, catalogue) {
  const layers = (spec.layers || []).map(layerFrom);
  const taken = new Set(layers.map((l) => l.name).filter(Boolean));
  for (const layer of layers) {
    if (!layer.name) {
      layer.name = catalogue.uniqueName(layer.type, taken);
      taken.add(layer.name);
    }
  }
  return { name: spec.name || null, layers, outputs: spec.outputs ? [...spec.outputs] : null };
}

/** The API body: what POST /api/models/summary takes. */
export function specOf(model) {
  const spec = {
    layers: model.layers.map((l) => {
      const layer = { type: l.type, name: l.name, args: l.args };
      if (l.inputs) layer.inputs = l.inputs;
      return layer;
    }),
  };
  if (model.name) spec.name = model.name;
  if (model.outputs && model.outputs.length) spec.outputs = model.outputs;
  return spec;
}

export const refName = (ref) => ref.split(":")[0];

export function addLayer(model, catalogue, type, args) {
  const name = catalogue.uniqueName(type, new Set(model.layers.map((l) => l.name)));
  const layer = layerFrom({ type, name, args: args ?? catalogue.startingArgs(type) });
  model.layers.push(layer);
  return layer;
}

export function removeLayer(model, id) {
  const gone = model.layers.find((l) => l.id === id);
  model.layers = model.layers.filter((l) => l.id !== id);
  if (!gone) return;
  for (const layer of model.layers) {
    if (layer.inputs) {
      layer.inputs = layer.inputs.filter((ref) => refName(ref) !== gone.name);
      if (!layer.inputs.length) layer.inputs = null;
    }
  }
  if (model.outputs) {
    model.outputs = model.outputs.filter((ref) => refName(ref) !== gone.name);
    if (!model.outputs.length) model.outputs = null;
  }
}

export function moveLayer(model, id, step) {
  const from = model.layers.findIndex((l) => l.id === id);
  const to = from + step;
  if (from < 0 || to < 0 || to >= model.layers.length) return false;
  const [layer] = model.layers.splice(from, 1);
  model.layers.splice(to, 0, layer);
  return true;
}

/** Rename a layer and every reference to it (inputs of later layers, model outputs). */
export function renameLayer(model, id, name) {
  const layer = model.layers.find((l) => l.id === id);
  const old = layer.name;
  layer.name = name;
  const rewrite = (ref) => (refName(ref) === old ? ref.replace(old, name) : ref);
  for (const other of model.layers) if (other.inputs) other.inputs = other.inputs.map(rewrite);
  if (model.outputs) model.outputs = model.outputs.map(rewrite);
  return old;
}

export function changeType(model, catalogue, id, type) {
  const layer = model.layers.find((l) => l.id === id);
  const generated = catalogue.isGeneratedName(layer.type, layer.name);
  layer.type = type;
  layer.args = catalogue.startingArgs(type);
  if (catalogue.get(type)?.inputs.max === 0) layer.inputs = null;
  if (generated) {
    const taken = new Set(model.layers.filter((l) => l.id !== id).map((l) => l.name));
    renameLayer(model, id, catalogue.uniqueName(type, taken));
  }
}

/** Add a layer of `type` at the end, wired to the open ends of the graph when it merges branches. */
export function addLayerOfType(model, catalogue, type) {
  const info = catalogue.get(type);
  const ends = openEnds(model);
  const layer = addLayer(model, catalogue, type);
  if (info.inputs.max === null || info.inputs.max > 1) {
    const wanted = Math.max(info.inputs.min, 2);
    if (ends.length >= wanted) layer.inputs = ends.slice(-wanted);
  }
  return layer;
}

/** Layers whose output nobody uses yet. */
function openEnds(model) {
  const used = new Set();
  model.layers.forEach((layer, i) => {
    if (layer.inputs) layer.inputs.forEach((ref) => used.add(refName(ref)));
    else if (i > 0 && layer.type !== "Input" && layer.type !== "InputLayer") used.add(model.layers[i - 1].name);
  });
  return model.layers.filter((l) => !used.has(l.name)).map((l) => l.name);
}

export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
