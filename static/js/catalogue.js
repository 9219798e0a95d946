// The layer catalogue from GET /api/layers: look-ups, grouping by category, names and starting arguments.

/** Arguments shown on a layer's card; the rest (initializers, regularizers, ...) sit under "more settings". */
const PRIMARY = new Set([
  "shape",
  "dtype",
  "units",
  "activation",
  "filters",
  "kernel_size",
  "strides",
  "padding",
  "dilation_rate",
  "pool_size",
  "size",
  "interpolation",
  "axis",
  "rate",
  "target_shape",
  "dims",
  "n",
  "input_dim",
  "output_dim",
  "return_sequences",
  "return_state",
  "layer",
  "merge_mode",
  "keepdims",
  "cropping",
  "depth_multiplier",
]);

/** Starting values for required arguments: small, so a learner can see every number. */
const STARTERS = {
  shape: [4],
  units: 2,
  filters: 1,
  kernel_size: 2,
  rate: 0.5,
  n: 2,
  input_dim: 10,
  output_dim: 2,
  target_shape: [-1],
  dims: [2, 1],
  layer: { type: "LSTM", args: { units: 2 } },
};

export class Catalogue {
  constructor(json) {
    this.categories = json.categories;
    this.layers = json.layers;
    this.byType = new Map();
    for (const layer of this.layers) {
      this.byType.set(layer.type, layer);
      for (const alias of layer.aliases || []) this.byType.set(alias, layer);
    }
  }

  get(type) {
    return this.byType.get(type) || null;
  }

  /** [{id, label: {en, ru}, layers}] in the server's category order, types sorted by name. */
  grouped() {
    return Object.entries(this.categories).map(([id, label]) => ({
      id,
      label,
      layers: this.layers.filter((l) => l.category === id).sort((a, b) => a.type.localeCompare(b.type)),
    }));
  }

  isPrimary(arg) {
    return arg.required || PRIMARY.has(arg.name);
  }

  /** The next free Keras-style name: dense, dense_1, dense_2, ... */
  uniqueName(type, taken) {
    const base = this.get(type)?.keras_name || type.toLowerCase();
    if (!taken.has(base)) return base;
    for (let i = 1; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
  }

  /** Whether `name` looks generated for `type` (so renaming the type may rename the layer). */
  isGeneratedName(type, name) {
    const base = this.get(type)?.keras_name;
    return Boolean(base) && new RegExp(`^${base}(_\\d+)?$`).test(name);
  }

  /**
   * A layer's arguments with every default the catalogue declares filled in, for a server answer that does not
   * carry its resolved `args` yet.
   */
  resolvedArgs(type, args = {}) {
    const resolved = {};
    for (const arg of this.get(type)?.args || []) {
      if (arg.name in args) resolved[arg.name] = args[arg.name];
      else if (arg.default !== undefined) resolved[arg.name] = arg.default;
    }
    return resolved;
  }

  startingArgs(type) {
    const args = {};
    for (const arg of this.get(type)?.args || []) {
      if (arg.required) args[arg.name] = structuredClone(STARTERS[arg.name] ?? startFor(arg));
    }
    return args;
  }
}

function startFor(arg) {
  if (arg.kind === "float") return arg.minimum ?? 0.5;
  if (arg.kind === "bool") return false;
  if (arg.kind === "choice") return arg.choices.find((c) => c !== null);
  return Math.max(arg.minimum ?? 1, 1);
}
