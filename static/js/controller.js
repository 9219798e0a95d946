// The one place the page's state changes: opening steps and links, edits to the model, numbers and weights,
// the requests they cause (debounced, the stale ones aborted), errors, undo and the browser's history.
// No DOM here: the page passes an api (api.js), a ui ({render(parts), toast(key, vars, link)}) and a history
// ({url(), push(url), replace(url)}); node tests pass fakes (tests/js/controller.test.mjs).

import { Catalogue } from "./catalogue.js";
import { reconcileData } from "./data.js";
import { fillHeld, heldDigests, heldWeights } from "./held.js";
import { language, loadLanguage, setLanguage } from "./i18n.js";
import { addLayerOfType, modelFrom, refName, specOf } from "./model.js";
import { applyDecoded, createState, decodeHash, encodeState, snapshotOf } from "./state.js";
import { flatten, shapeOf, size, toNested } from "./tensor.js";

/** Answers bigger than this many numbers wait for the Run button instead of running as you type. */
export const AUTO_RUN_NUMBERS = 100_000;
/** The most numbers the server sends in one answer (its default LAYERLAB_MAX_OUTPUT_NUMBERS). */
export const ANSWER_LIMIT = 1_000_000;
/** A model whose whole trace would pass ANSWER_LIMIT gets its big tensors in parts of at most this many numbers. */
export const WINDOW_NUMBERS = 65_536;
export const STARTER_MODEL = {
  layers: [
    { type: "Input", args: { shape: [4] } },
    { type: "Dense", args: { units: 2 } },
  ],
};
const WAIT = { summary: 350, predict: 250, link: 300 };

/** Calls fn after ms, the later call of the same key replacing the earlier; cancel(key) drops a waiting call. */
function debouncer() {
  const timers = new Map();
  const schedule = (key, fn, ms) => {
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        fn();
      }, ms),
    );
  };
  schedule.cancel = (key) => {
    clearTimeout(timers.get(key));
    timers.delete(key);
  };
  return schedule;
}

export function createController({ api, ui, history, schedule = debouncer(), state = createState() }) {
  const inflight = new Set();
  const aborts = {};
  /** A step about shapes only (no numbers of its own) runs when the learner asks, keeping the first load light. */
  let runOnRequest = false;
  /** The biggest answer the learner asked for with Run (or a kernel preset): answers no bigger run as they edit. */
  let allowedNumbers = AUTO_RUN_NUMBERS;
  /** The server's kernel presets, asked once (see kernelPresets). */
  let kernelPresets = null;
  /** The shipped pictures the step opens with, {input name: picture name}, read (api.picture) before it runs. */
  let pictures = {};

  const track = (promise) => {
    inflight.add(promise);
    promise.finally(() => inflight.delete(promise));
    return promise;
  };
  const later = (key, fn) => schedule(key, () => track(fn()), WAIT[key]);
  const now = (key, fn) => {
    schedule.cancel(key);
    return track(fn());
  };
  const render = (parts) => ui.render(parts);

  // ---------- opening ----------

  function loadSpec(spec) {
    state.model = modelFrom(spec, state.catalogue);
    Object.assign(state, { data: {}, weights: {}, summary: null, prediction: null, selected: null, example: null });
    state.exercise = null;
    state.windowAt = {};
    state.errors = { model: null, data: null };
    state.typed = {};
    state.cells = {};
    state.notice = null;
    pictures = {};
    state.gallery = null;
    allowedNumbers = AUTO_RUN_NUMBERS;
  }

  /** A gallery model ({id, title, year, idea, model}): shapes first, numbers when the learner asks. */
  function loadGallery(entry) {
    const { model, ...about } = entry;
    loadSpec(model);
    state.gallery = about;
    state.changed = false;
    runOnRequest = true;
  }

  function loadExample(example) {
    loadSpec(example.model);
    state.example = example.id;
    state.seed = Number.isInteger(example.seed) ? example.seed : 0;
    state.data = dataFromExample(example.inputs);
    for (const [name, arrays] of Object.entries(example.weights || {})) {
      state.weights[name] = {
        signature: null,
        from: "step",
        tensors: arrays.map((array, i) => ({ name: `#${i}`, shape: shapeOf(array) || [], values: flatten(array) })),
      };
    }
    state.selected = state.model.layers.some((l) => l.name === example.view) ? example.view : null;
    state.windowAt = { ...example.window }; // where the step's big outputs open (a part worth seeing)
    state.changed = false;
    pictures = { ...example.pictures };
    runOnRequest = (example.inputs === null || example.inputs === undefined) && !Object.keys(pictures).length;
  }

  /** The step's pictures as its inputs' numbers (batch of one); one that cannot be read leaves the usual numbers. */
  async function readPictures() {
    const wanted = Object.entries(pictures);
    pictures = {};
    for (const [name, picture] of wanted) {
      try {
        const { shape, values } = await api.picture(picture);
        state.data[name] = { shape: [1, ...shape], values };
      } catch {
        ui.toast("picture.unreadable", { name: picture });
      }
    }
  }

  /** A step's `inputs` (one array, a list of arrays, or {input name: array}) as editor data, batch axis first. */
  function dataFromExample(inputs) {
    if (inputs === null || inputs === undefined) return {};
    const inputLayers = state.model.layers.filter((l) => l.type === "Input" || l.type === "InputLayer");
    let byName;
    if (!Array.isArray(inputs) && typeof inputs === "object") byName = inputs;
    else if (inputLayers.length > 1 && Array.isArray(inputs) && inputs.length === inputLayers.length) {
      byName = Object.fromEntries(inputLayers.map((l, i) => [l.name, inputs[i]]));
    } else byName = { [inputLayers[0]?.name]: inputs };
    const data = {};
    for (const layer of inputLayers) {
      const array = byName[layer.name];
      const shape = array === undefined ? null : shapeOf(array);
      if (!shape) continue;
      const rank = Array.isArray(layer.args.shape) ? layer.args.shape.length : 1;
      data[layer.name] = { shape: shape.length === rank ? [1, ...shape] : shape, values: flatten(array) };
    }
    return data;
  }

  /** The state a URL names: a shared link's hash, else `?example=`, else the first step (or the starter model). */
  async function openUrl(url) {
    const decoded = await decodeHash(url.hash).catch(() => null);
    if (decoded) {
      loadSpec(STARTER_MODEL);
      applyDecoded(state, decoded, state.catalogue);
      state.changed = true;
      runOnRequest = false;
      return;
    }
    const gallery = url.searchParams.get("gallery");
    if (gallery) {
      const entry = await api.galleryModel(gallery).catch(() => null);
      if (entry) return loadGallery(entry);
      ui.toast("gallery.not_found", { id: gallery });
    }
    const wanted = url.searchParams.get("example");
    if (wanted) {
      const listed = state.examples.find((e) => e.id === wanted);
      const example = listed ? await whole(listed) : await api.example(wanted).catch(() => null);
      if (example) return loadExample(example);
      ui.toast("lesson.not_found", { id: wanted });
    }
    if (state.examples.length) loadExample(await whole(state.examples[0]));
    else loadSpec(STARTER_MODEL);
  }

  /**
   * A step the lesson's list sends in part (`partial`: a trained model's weights are left out of the first load),
   * asked for whole the first time it is opened and kept whole in the list.
   */
  async function whole(example) {
    if (!example.partial) return example;
    const full = await api.example(example.id);
    state.examples[state.examples.indexOf(example)] = full;
    return full;
  }

  /** The URL of the state on screen: the step in `?example=`, and the learner's own changes in the hash. */
  async function urlOf() {
    const url = new URL(history.url());
    if (state.example) url.searchParams.set("example", state.example);
    else url.searchParams.delete("example");
    if (state.gallery) url.searchParams.set("gallery", state.gallery.id);
    else url.searchParams.delete("gallery");
    url.hash = state.changed ? await encodeState(state) : "";
    return url;
  }

  const saveLink = () => later("link", async () => history.replace(await urlOf()));

  function reopened() {
    render({ all: true });
    return now("summary", async () => {
      await readPictures();
      await summarize();
    });
  }

  // ---------- requests ----------

  async function summarize() {
    aborts.summary?.abort();
    const abort = (aborts.summary = new AbortController());
    try {
      const summary = await api.summary(specOf(state.model), abort.signal);
      if (abort.signal.aborted) return;
      const before = { outputs: outputCounts(state.summary), shapes: dataShapes() };
      state.summary = summary;
      state.errors.model = null;
      state.status.summary = null;
      reconcileData(state);
      dropStaleWeights();
      if (!summary.layers.some((l) => l.name === state.selected)) state.selected = defaultSelection();
      render({
        builder: outputCounts(summary) !== before.outputs,
        shapes: true,
        summary: true,
        data: before.outputs === "" || dataShapes() !== before.shapes,
        errors: true,
        status: true,
      });
      saveLink();
      await now("predict", predict);
    } catch (error) {
      if (error.name === "AbortError") return;
      state.errors.model = error;
      state.status.summary = state.summary ? { key: "summary.stale" } : null;
      state.status.run = null;
      render({ shapes: true, errors: true, status: true });
    }
  }

  async function predict({ force = false } = {}) {
    if (!state.summary || state.errors.model || !Object.keys(state.data).length) return;
    if (force) runOnRequest = false;
    const numbers = answerSize(windowed() ? WINDOW_NUMBERS : Infinity);
    if (force) allowedNumbers = Math.max(allowedNumbers, numbers);
    if (runOnRequest || numbers > allowedNumbers) {
      aborts.predict?.abort();
      state.prediction = null;
      state.notice = runOnRequest ? { key: "views.run_example" } : { key: "views.press_run", vars: { n: numbers } };
      return render({ views: true, status: true });
    }
    aborts.predict?.abort();
    const abort = (aborts.predict = new AbortController());
    state.notice = null;
    state.status.run = { key: "views.running" };
    render({ status: true });
    try {
      const held = heldWeights(state.prediction);
      const asked = { ...predictRequest(), held_weights: heldDigests(held) };
      const prediction = fillHeld(await api.predict(asked, abort.signal), held);
      if (abort.signal.aborted) return;
      state.prediction = prediction;
      state.runs += 1;
      nameStepWeights(prediction);
      state.errors.data = null;
      state.status.run = null;
      render({ views: true, errors: true, status: true });
    } catch (error) {
      if (error.name === "AbortError") return;
      state.errors.data = error;
      state.status.run = null;
      render({ errors: true, status: true });
    }
  }

  /** The body of POST /api/models/predict for the state on screen. */
  function predictRequest() {
    return {
      model: specOf(state.model),
      inputs: Object.fromEntries(Object.entries(state.data).map(([name, d]) => [name, toNested(d)])),
      weights: Object.fromEntries(
        Object.entries(state.weights).map(([name, w]) => [name, w.tensors.map((tensor) => toNested(tensor))]),
      ),
      seed: state.seed,
      trace: true,
      ...(windowed() ? { window: { max_numbers: WINDOW_NUMBERS, at: windowStarts() } } : {}),
    };
  }

  /** How many numbers a traced answer would carry: every layer's output, batch included (each at most `most`). */
  function answerSize(most = Infinity) {
    const batch = Object.values(state.data)[0]?.shape[0] ?? 1;
    let total = 0;
    for (const row of state.summary.layers) {
      const shapes = Array.isArray(row.output_shape[0]) ? row.output_shape : [row.output_shape];
      for (const shape of shapes) total += Math.min(most, size(shape.slice(1).map((d) => d ?? 4)) * batch);
    }
    return total;
  }

  /** Whether the whole trace would pass the server's limit: then big tensors come in parts. */
  const windowed = () => answerSize() > ANSWER_LIMIT;

  /** Where the parts of big tensors begin: the step's, then the learner's moves, while the last answer's tensor
   * (before any answer, the summary's) still fits them. */
  function windowStarts() {
    const shapes = new Map();
    for (const tensor of state.prediction?.inputs ?? []) shapes.set(tensor.name, tensor.shape);
    for (const layer of state.prediction?.trace ?? []) {
      for (const tensor of layer.outputs) shapes.set(tensor.name, tensor.shape);
      for (const tensor of layer.weights) shapes.set(`${layer.name}/${tensor.name}`, tensor.shape);
    }
    if (!state.prediction) {
      const batch = Object.values(state.data)[0]?.shape[0] ?? 1;
      for (const row of state.summary?.layers ?? []) {
        const outputs = Array.isArray(row.output_shape[0]) ? row.output_shape : [row.output_shape];
        outputs.forEach((shape, k) =>
          shapes.set(outputs.length > 1 ? `${row.name}:${k}` : row.name, [batch, ...shape.slice(1)]),
        );
      }
    }
    const fits = (name, start) =>
      shapes.get(name)?.length === start.length && start.every((s, axis) => s < shapes.get(name)[axis]);
    state.windowAt = Object.fromEntries(Object.entries(state.windowAt ?? {}).filter(([name, at]) => fits(name, at)));
    return state.windowAt;
  }

  const outputCounts = (summary) =>
    summary ? summary.layers.map((l) => (Array.isArray(l.output_shape[0]) ? l.output_shape.length : 1)).join() : "";
  const dataShapes = () => JSON.stringify(Object.entries(state.data).map(([k, v]) => [k, v.shape]));

  /** What a layer's weights depend on: its type, its arguments and the shapes that feed it. */
  function signatureOf(name) {
    const layer = state.model.layers.find((l) => l.name === name);
    const row = state.summary?.layers.find((l) => l.name === name);
    if (!layer || !row) return null;
    const feeding = row.inputs.map((ref) => state.summary.layers.find((l) => l.name === refName(ref))?.output_shape);
    return JSON.stringify([layer.type, layer.args, feeding]);
  }

  /** Weights set for a layer no longer fit once its type, arguments or input shapes change: they go. */
  function dropStaleWeights() {
    for (const [name, custom] of Object.entries(state.weights)) {
      const signature = signatureOf(name);
      if (signature === null) delete state.weights[name];
      else if (custom.signature === null) custom.signature = signature;
      else if (custom.signature !== signature) delete state.weights[name];
    }
  }

  /** Weights that came from a step or a link get the names Keras gives them (kernel, bias). */
  function nameStepWeights(prediction) {
    for (const [name, custom] of Object.entries(state.weights)) {
      const traced = prediction.trace?.find((l) => l.name === name);
      if (traced && traced.weights.length === custom.tensors.length) {
        custom.tensors.forEach((tensor, i) => (tensor.name = traced.weights[i].name));
      }
    }
  }

  function defaultSelection() {
    const layers = state.summary.layers.filter((l) => l.type !== "InputLayer");
    return (layers[layers.length - 1] || state.summary.layers[0])?.name || null;
  }

  /** Weights the learner set for layer `name` (by hand, or a kernel preset: its name). */
  function ownWeights(name, tensors, preset = null) {
    state.weights[name] = {
      signature: signatureOf(name),
      from: "you",
      tensors: tensors.map((w) => ({ ...w, values: [...w.values] })),
      ...(preset ? { preset } : {}),
    };
  }

  /** The learner changed something: the step no longer equals its file, the link must carry it. */
  function touched() {
    state.changed = true;
    state.undo = null;
    runOnRequest = false;
  }

  // ---------- what the page calls ----------

  return {
    state,

    /** Load the catalogue and the lesson, open what the URL names, ask for its summary. */
    async start() {
      let layers;
      try {
        [layers, state.examples] = await Promise.all([api.layers(), api.examples().catch(() => [])]);
      } catch (error) {
        state.errors.model = error;
        render({ errors: true });
        return false;
      }
      state.catalogue = new Catalogue(layers);
      await openUrl(new URL(history.url()));
      history.replace(await urlOf());
      await reopened();
      return true;
    },

    /**
     * Open a lesson step: a new entry in the browser's history (Back returns to what was on screen). When the
     * learner had changed the model, the step says so and offers to undo.
     */
    async openExample(id) {
      const listed = state.examples.find((e) => e.id === id);
      if (!listed) return;
      const example = await whole(listed);
      schedule.cancel("link");
      history.replace(await urlOf());
      const undo = state.changed ? { snapshot: structuredClone(snapshotOf(state)), example: state.example } : null;
      loadExample(example);
      state.undo = undo;
      history.push(await urlOf());
      return reopened();
    },

    /** Open a gallery model by id: a new entry in the browser's history, as a step is; a refusal is returned. */
    async openGallery(id) {
      let entry;
      try {
        entry = await api.galleryModel(id);
      } catch (error) {
        return error;
      }
      schedule.cancel("link");
      history.replace(await urlOf());
      loadGallery(entry);
      state.undo = null;
      history.push(await urlOf());
      await reopened();
      return null;
    },

    /** The step after (+1) or before (−1) the one on screen. */
    step(delta) {
      const i = state.examples.findIndex((e) => e.id === state.example);
      const next = state.examples[i + delta];
      return next ? this.openExample(next.id) : null;
    },

    /** Bring back what the last step opened over. */
    async undo() {
      if (!state.undo) return;
      const { snapshot } = state.undo;
      loadSpec(STARTER_MODEL);
      applyDecoded(state, structuredClone(snapshot), state.catalogue);
      state.changed = true;
      state.undo = null;
      runOnRequest = false;
      history.push(await urlOf());
      return reopened();
    },

    /** Back or Forward: show the state that history entry's URL holds. */
    async restore() {
      await openUrl(new URL(history.url()));
      state.undo = null;
      return reopened();
    },

    /** The builder changed state.model (a field, a card's type, order, inputs); structural ones redraw the cards. */
    modelChanged({ structural = false } = {}) {
      touched();
      state.status.summary = { key: "summary.updating" };
      render({ builder: structural, status: true, undo: true });
      later("summary", summarize);
      saveLink();
    },

    /** A layer was renamed: its numbers, weights and view follow the new name. */
    renamed(oldName, newName) {
      for (const bag of [state.data, state.weights]) {
        if (bag[oldName]) {
          bag[newName] = bag[oldName];
          delete bag[oldName];
        }
      }
      if (state.selected === oldName) state.selected = newName;
    },

    /** A field holds text the page refuses (kept, so a redraw in another language still shows it and why). */
    fieldTyped(layerId, arg, text, refused) {
      const key = `${layerId}/${arg}`;
      if (refused) state.typed[key] = text;
      else delete state.typed[key];
      if (refused) {
        state.status.summary = { key: "summary.waiting_field" };
        render({ status: true });
      }
    },

    /**
     * A grid cell holds text the page refused ({text, key, vars}: kept, so a redraw in another language still
     * shows it and why), or a number again (null). tensor: an input's name or "layer/weight"; flat undefined: all
     * of the tensor's numbers were replaced.
     */
    cellTyped(tensor, flat, refused) {
      if (flat === undefined) delete state.cells[tensor];
      else if (refused) state.cells[tensor] = { ...state.cells[tensor], [flat]: refused };
      else if (state.cells[tensor]) {
        delete state.cells[tensor][flat];
        if (!Object.keys(state.cells[tensor]).length) delete state.cells[tensor];
      }
    },

    addLayer(type) {
      const layer = addLayerOfType(state.model, state.catalogue, type);
      state.selected = layer.name;
      this.modelChanged({ structural: true });
      return layer;
    },

    newModel() {
      loadSpec(STARTER_MODEL);
      touched();
      render({ all: true });
      later("summary", summarize);
      saveLink();
    },

    /** Which layers (or outputs, "lstm:1") are the model's outputs; null: the last layer. */
    setOutputs(refs) {
      state.model.outputs = refs && refs.length ? [...refs] : null;
      this.modelChanged({ structural: true });
    },

    /** Add `ref` to the model's outputs (keeping the last layer, the default, when there were none). */
    addOutput(ref) {
      const last = state.model.layers[state.model.layers.length - 1]?.name;
      const outputs = state.model.outputs ?? (last && last !== ref ? [last] : []);
      if (!outputs.includes(ref)) this.setOutputs([...outputs, ref]);
    },

    /** The learner's numbers changed (a cell, a fill, a paste, the batch size). */
    dataChanged({ redraw = false } = {}) {
      touched();
      if (redraw) render({ data: true, undo: true });
      later("predict", predict);
      saveLink();
    },

    /**
     * The learner drew on input `name`'s canvas: `values` are its first sample's numbers. It runs at once (the
     * canvas sends new numbers at most every few hundred ms while the learner draws, and when the pen lifts).
     */
    drew(name, values) {
      const data = state.data[name];
      if (!data) return null;
      data.values = [...values, ...Array.from(data.values).slice(values.length)];
      delete state.cells[name];
      touched();
      render({ data: true, undo: true });
      saveLink();
      return now("predict", predict);
    },

    /**
     * The learner typed a sentence for input `name`: `encoded` (words.js's encode: {tokens, indices}) gives its
     * first sample; the words stay with it so that the views can name each step.
     */
    typedWords(name, text, encoded) {
      const data = state.data[name];
      if (!data) return;
      data.values = [...encoded.indices, ...Array.from(data.values).slice(encoded.indices.length)];
      state.words = { ...state.words, [name]: { text, tokens: encoded.tokens } };
      delete state.cells[name];
      this.dataChanged({ redraw: true });
    },

    /** Weights set by hand for layer `name` ([{name, shape, values}]), or null to go back to the seed's. */
    setWeights(name, tensors) {
      if (tensors) ownWeights(name, tensors);
      else {
        delete state.weights[name];
        for (const tensor of Object.keys(state.cells)) if (tensor.startsWith(`${name}/`)) delete state.cells[tensor];
        render({ weights: true });
      }
      this.dataChanged();
    },

    /** The kernel presets and the layer types that take them ({presets, types}), asked of the server once. */
    kernelPresets() {
      kernelPresets ??= api.kernels().catch(() => {
        kernelPresets = null;
        return { presets: [], types: [] };
      });
      return kernelPresets;
    },

    /**
     * Layer `name`'s kernel set to a preset (the server's numbers for it, random ones from the seed), and run at
     * once: the learner asked for it, as with the Run button.
     */
    async setKernelPreset(name, preset) {
      try {
        const body = { model: specOf(state.model), layer: name, preset, seed: state.seed };
        const { weights } = await api.kernel(body);
        ownWeights(
          name,
          weights.map((w) => ({ name: w.name, shape: w.shape, values: flatten(w.data) })),
          preset,
        );
        touched();
        state.errors.data = null;
        render({ weights: true, errors: true, undo: true });
        saveLink();
        return now("predict", () => predict({ force: true }));
      } catch (error) {
        state.errors.data = error;
        render({ errors: true });
      }
    },

    setSeed(seed) {
      if (!Number.isInteger(seed) || seed < 0) return false;
      state.seed = seed;
      this.dataChanged();
      return true;
    },

    select(name) {
      state.selected = name;
      render({ summary: true, views: true });
      saveLink();
    },

    /** The Run button: compute now, however big the answer. */
    run() {
      return now("predict", () => predict({ force: true }));
    },

    /** The learner moved a view past the part of a big tensor the server sent: ask for the part from `start`. */
    moveWindow(name, start) {
      state.windowAt = { ...state.windowAt, [name]: start };
      return now("predict", () => predict({ force: true }));
    },

    async setLanguage(lang) {
      if (lang === language()) return;
      setLanguage(await loadLanguage(lang));
      const url = new URL(history.url());
      url.searchParams.set("lang", lang);
      history.replace(url);
      render({ all: true, language: true });
    },

    /** A Keras model.to_json() text in place of the model; returns the refusal (an ApiError) or null. */
    async importModel(text) {
      try {
        const spec = await api.importModel({ json_text: text });
        loadSpec(spec);
        touched();
        render({ all: true });
        ui.toast("share.imported", { n: state.model.layers.length });
        later("summary", summarize);
        saveLink();
        return null;
      } catch (error) {
        return error;
      }
    },

    /** The model as Keras code, with the learner's numbers, weights and seed when there are numbers; `variant`
     * "notebook": a notebook cell that shows them with layerlab.show. */
    code(variant = "script") {
      const { inputs, weights, seed } = predictRequest();
      const numbers = Object.keys(inputs).length ? { inputs, weights, seed } : {};
      return api.code({ model: specOf(state.model), ...numbers, variant });
    },

    /** The link that reopens exactly this state. */
    async link() {
      schedule.cancel("link");
      const url = await urlOf();
      url.hash = await encodeState(state);
      history.replace(url);
      return url.toString();
    },

    /** Resolves when no request is waiting or running (tests). */
    async settled() {
      while (inflight.size) await Promise.allSettled([...inflight]);
    },
  };
}
