// The layer catalogue from GET /api/layers: look-ups, grouping by category, names and starting arguments.

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

  /** Whether a card shows the argument first (the rest sit under "more settings"): the catalogue's `card`. */
  isPrimary(arg) {
    return arg.required || arg.card;
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

  /** A new card's arguments: the catalogue's `starter` values (small, so a learner can see every number). */
  startingArgs(type) {
    const args = {};
    for (const arg of this.get(type)?.args || []) {
      if (arg.starter !== undefined) args[arg.name] = structuredClone(arg.starter);
    }
    return args;
  }
}
