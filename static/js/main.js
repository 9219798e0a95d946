// Wiring: loads the catalogue and the lesson, keeps the page in step with the state,
// and asks the server for the summary and the numbers as the learner edits (debounced).

import { createApi } from "./api.js";
import { addLayerOfType, markError, markSummary, renderBuilder, typeSelect } from "./builder.js";
import { Catalogue } from "./catalogue.js";
import { inputsForRequest, reconcileData, renderDataEditors, renderWeightEditor, weightsForRequest } from "./data.js";
import { $, $$, clear, debounce, h } from "./dom.js";
import { applyTranslations, chooseLanguage, language, setLanguage, t } from "./i18n.js";
import { renderExampleCard, renderLesson } from "./lesson.js";
import { modelFrom, refName, specOf } from "./model.js";
import { applyDecoded, decodeHash, encodeState, state } from "./state.js";
import { renderSummary } from "./summary.js";
import { formatCount } from "./numbers.js";
import { flatten, shapeOf, size } from "./tensor.js";
import { contextFor, mountView } from "./views/index.js";

const api = createApi();
/** Answers bigger than this many numbers wait for the Run button instead of running as you type. */
const AUTO_RUN_NUMBERS = 100_000;
const STARTER_MODEL = {
  layers: [
    { type: "Input", args: { shape: [4] } },
    { type: "Dense", args: { units: 2 } },
  ],
};

let summaryRequest = null;
let predictRequest = null;
let lastHash = "";
/** The layer whose weights are in the editor: while the learner edits them, a new answer must not redraw it. */
let weightEditorShows = null;
/** A lesson step about shapes only (no numbers of its own) runs when the learner asks, keeping the first load light. */
let runOnRequest = false;
/** Stops the view on screen (its player) before another replaces it. */
let viewCleanup = null;

// ---------- start ----------

async function start() {
  state.lang = chooseLanguage(
    new URLSearchParams(location.search).get("lang"),
    document.documentElement.dataset.lang,
    navigator.languages || [navigator.language],
  );
  document.documentElement.lang = setLanguage(state.lang);
  applyTranslations(document);
  wireStatic();
  let layers;
  try {
    [layers, state.examples] = await Promise.all([api.layers(), api.examples().catch(() => [])]);
  } catch (error) {
    showBox($("#model-error"), error.text ? error.text(state.lang) : String(error));
    return;
  }
  state.catalogue = new Catalogue(layers);
  const opened = await openFromUrl();
  if (!opened) loadSpec(STARTER_MODEL);
  renderAll();
  refreshSummary.now();
  window.addEventListener("hashchange", onHashChange);
  window.layerLab = { state }; // read by the browser tests
  document.body.dataset.ready = "true";
}

async function openFromUrl() {
  const decoded = await decodeHash(location.hash).catch(() => null);
  if (decoded) {
    applyDecoded(state, decoded, state.catalogue);
    lastHash = location.hash;
    return true;
  }
  const wanted = new URLSearchParams(location.search).get("example");
  if (wanted) {
    const example = state.examples.find((e) => e.id === wanted) || (await api.example(wanted).catch(() => null));
    if (example) {
      loadExample(example);
      return true;
    }
    toast(t("lesson.not_found", { id: wanted }));
  }
  if (state.examples.length) {
    loadExample(state.examples[0]);
    return true;
  }
  return false;
}

// ---------- loading models ----------

function loadSpec(spec) {
  state.model = modelFrom(Array.isArray(spec) ? { layers: spec } : spec, state.catalogue);
  state.data = {};
  state.weights = {};
  state.summary = null;
  state.prediction = null;
  state.selected = null;
  state.example = null;
  // The editors hold the previous model's arrays: drop them so the next answer draws editors for these.
  clear($("#data-editors"));
  clear($("#weight-editors"));
  weightEditorShows = null;
}

function loadExample(example) {
  loadSpec(example.model);
  state.example = example.id;
  state.seed = Number.isInteger(example.seed) ? example.seed : 0;
  state.data = dataFromExample(example.inputs);
  for (const [name, arrays] of Object.entries(example.weights || {})) {
    state.weights[name] = {
      signature: null,
      tensors: arrays.map((array, i) => ({ name: `#${i}`, shape: shapeOf(array) || [], values: flatten(array) })),
    };
  }
  state.selected = pickView(example.view);
  runOnRequest = example.inputs === null || example.inputs === undefined;
}

/** An example's `inputs` (one array, a list of arrays, or {input name: array}) as editor data, batch axis first. */
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

/** The layer an example's `view` names: a layer name, or the first layer of a type. */
function pickView(view) {
  if (!view) return null;
  const wanted = typeof view === "string" ? view : view.layer || view.type;
  const layers = state.model.layers;
  const info = (l) => state.catalogue.get(l.type);
  const layer =
    layers.find((l) => l.name === wanted) ||
    layers.find((l) => l.type === wanted || info(l)?.type === wanted || info(l)?.keras_name === wanted);
  return layer ? layer.name : null;
}

async function openExample(id) {
  const example = state.examples.find((e) => e.id === id);
  if (!example) return;
  loadExample(example);
  const url = new URL(location.href);
  url.searchParams.set("example", id);
  url.hash = "";
  history.replaceState(null, "", url);
  lastHash = "";
  renderAll();
  refreshSummary.now();
  $("#main").focus({ preventScroll: true });
  $("#example-card").scrollIntoView({ block: "start", behavior: "smooth" });
}

// ---------- rendering ----------

function builderHost() {
  return {
    state,
    t,
    lang: state.lang,
    onChange: ({ structural }) => {
      if (structural) redrawBuilder();
      modelChanged();
    },
    onRename: (oldName, newName) => {
      for (const bag of [state.data, state.weights]) {
        if (bag[oldName]) {
          bag[newName] = bag[oldName];
          delete bag[oldName];
        }
      }
      if (state.selected === oldName) state.selected = newName;
    },
    onInvalid: () => setStatus("#summary-status", t("summary.waiting_field")),
  };
}

/** Redraw the layer cards, keeping keyboard focus on the same control of the same layer. */
function redrawBuilder() {
  const list = $("#layer-list");
  const active = document.activeElement;
  const card = active?.closest?.(".layer-card");
  let focus = null;
  if (card) {
    const controls = $$("input, select, button, textarea, summary", card);
    focus = { id: card.dataset.layerId, index: controls.indexOf(active) };
  }
  renderBuilder(list, builderHost());
  if (focus) {
    const again = $(`.layer-card[data-layer-id="${focus.id}"]`, list);
    const controls = again ? $$("input, select, button, textarea, summary", again) : [];
    const target =
      controls[focus.index] && !controls[focus.index].disabled ? controls[focus.index] : again?.querySelector("select");
    target?.focus();
  }
}

function renderAll() {
  const lang = state.lang;
  renderLesson($("#example-list"), state.examples, { lang, t, current: state.example, onOpen: openExample });
  $("#lesson-empty").hidden = state.examples.length > 0;
  renderExampleCard(
    $("#example-card"),
    state.examples.find((e) => e.id === state.example),
    { lang, t },
  );
  fillAddSelect();
  redrawBuilder();
  $("#seed-input").value = String(state.seed);
  if (state.summary) {
    drawSummary();
    renderDataEditors($("#data-editors"), dataHost());
  }
  if (state.prediction) drawViews();
}

function fillAddSelect() {
  const old = $("#add-type");
  const select = typeSelect(state.catalogue, state.lang, old.value || "Dense", { id: "add-type" });
  old.replaceWith(select);
  const help = () => ($("#add-help").textContent = state.catalogue.get(select.value)?.help[state.lang] || "");
  select.addEventListener("change", help);
  help();
}

function drawSummary() {
  renderSummary($("#summary"), state.summary, { t, selected: state.selected, onSelect: selectLayer });
}

function dataHost() {
  return {
    state,
    t,
    onData: (name, { redraw } = {}) => {
      if (redraw) renderDataEditors($("#data-editors"), dataHost());
      dataChanged();
    },
  };
}

// ---------- changes ----------

function modelChanged() {
  runOnRequest = false;
  setStatus("#summary-status", t("summary.updating"));
  refreshSummary();
  saveHash();
}

function dataChanged() {
  runOnRequest = false;
  refreshPredict();
  saveHash();
}

const refreshSummary = debounce(async () => {
  summaryRequest?.abort();
  const controller = new AbortController();
  summaryRequest = controller;
  const spec = specOf(state.model);
  try {
    const summary = await api.summary(spec, controller.signal);
    if (controller.signal.aborted) return;
    const outputsBefore = outputCounts(state.summary);
    const shapesBefore = dataShapes();
    state.summary = summary;
    hideBox($("#model-error"));
    $("#summary-section").classList.remove("stale");
    setStatus("#summary-status", "");
    if (outputCounts(summary) !== outputsBefore) redrawBuilder();
    else markSummary($("#layer-list"), summary);
    reconcileData(state);
    dropStaleWeights();
    if (!state.selected || !summary.layers.some((l) => l.name === state.selected)) state.selected = defaultSelection();
    drawSummary();
    if (dataShapes() !== shapesBefore || !$("#data-editors [data-input]"))
      renderDataEditors($("#data-editors"), dataHost());
    saveHash();
    refreshPredict.now();
  } catch (error) {
    if (error.name === "AbortError") return;
    showModelError(error);
  }
}, 350);

function showModelError(error) {
  const placed = markError($("#layer-list"), error, state.model, state.lang);
  const box = $("#model-error");
  if (placed) hideBox(box);
  else showBox(box, error.text ? error.text(state.lang) : String(error));
  $("#summary-section").classList.add("stale");
  $("#views-section").classList.add("stale");
  setStatus("#summary-status", state.summary ? t("summary.stale") : "");
  setStatus("#run-status", "");
}

const refreshPredict = debounce(async ({ force = false } = {}) => {
  if (!state.summary || !Object.keys(state.data).length) return;
  if (force) runOnRequest = false;
  if (runOnRequest) {
    predictRequest?.abort();
    state.prediction = null;
    showRunNotice(t("views.run_example"));
    return;
  }
  const numbers = answerSize();
  if (numbers > AUTO_RUN_NUMBERS && !force) {
    predictRequest?.abort();
    state.prediction = null;
    showRunNotice(t("views.press_run", { n: formatCount(numbers, language()) }));
    return;
  }
  predictRequest?.abort();
  const controller = new AbortController();
  predictRequest = controller;
  setStatus("#run-status", t("views.running"));
  try {
    const prediction = await api.predict(
      {
        model: specOf(state.model),
        inputs: inputsForRequest(state),
        weights: weightsForRequest(state),
        seed: state.seed,
        trace: true,
      },
      controller.signal,
    );
    if (controller.signal.aborted) return;
    state.prediction = prediction;
    document.body.dataset.runs = String(Number(document.body.dataset.runs || 0) + 1);
    nameCustomWeights(prediction);
    hideBox($("#data-error"));
    setStatus("#run-status", "");
    $("#views-section").classList.remove("stale");
    drawViews();
  } catch (error) {
    if (error.name === "AbortError") return;
    setStatus("#run-status", "");
    const where =
      error.layer !== null && error.layer !== undefined ? `${t("data.at_layer", { layer: String(error.layer) })} ` : "";
    showBox($("#data-error"), where + (error.text ? error.text(state.lang) : String(error)));
  }
}, 250);

/** How many numbers a traced answer would carry: every layer's output, batch included. */
function answerSize() {
  const batch = Object.values(state.data)[0]?.shape[0] ?? 1;
  let total = 0;
  for (const row of state.summary.layers) {
    const shapes = Array.isArray(row.output_shape[0]) ? row.output_shape : [row.output_shape];
    for (const shape of shapes) total += size(shape.slice(1).map((d) => d ?? 4)) * batch;
  }
  return total;
}

const outputCounts = (summary) =>
  summary ? summary.layers.map((l) => (Array.isArray(l.output_shape[0]) ? l.output_shape.length : 1)).join(",") : "";
const dataShapes = () => JSON.stringify(Object.entries(state.data).map(([k, v]) => [k, v.shape]));

/** What a layer's weights depend on: its type, its arguments and the shapes that feed it. */
function signatureOf(name) {
  const layer = state.model.layers.find((l) => l.name === name);
  const row = state.summary?.layers.find((l) => l.name === name);
  if (!layer || !row) return null;
  const feeding = row.inputs.map((ref) => state.summary.layers.find((l) => l.name === refName(ref))?.output_shape);
  return JSON.stringify([layer.type, layer.args, feeding]);
}

function dropStaleWeights() {
  for (const [name, custom] of Object.entries(state.weights)) {
    const signature = signatureOf(name);
    if (signature === null) delete state.weights[name];
    else if (custom.signature === null) custom.signature = signature;
    else if (custom.signature !== signature) delete state.weights[name];
  }
}

/** Weights that came from an example or a link get the names Keras gives them (kernel, bias). */
function nameCustomWeights(prediction) {
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

function selectLayer(name) {
  state.selected = name;
  drawSummary();
  drawViews();
  saveHash();
  $("#views-section").scrollIntoView({ block: "start", behavior: "smooth" });
}

// ---------- views ----------

/** Instead of a view: why nothing ran yet, and the button that runs it. */
function showRunNotice(text) {
  clear($("#layer-tabs"));
  clear($("#weight-editors"));
  weightEditorShows = null;
  setStatus("#run-status", "");
  const root = $("#view-root");
  clear(root);
  root.appendChild(
    h(
      "div",
      { class: "notice" },
      h("p", {}, text),
      h(
        "button",
        { type: "button", class: "primary", onclick: () => refreshPredict.now({ force: true }) },
        t("data.run"),
      ),
    ),
  );
}

function drawViews() {
  const prediction = state.prediction;
  const tabs = $("#layer-tabs");
  clear(tabs);
  if (!prediction?.trace) return;
  const selected =
    prediction.trace.find((l) => l.name === state.selected) || prediction.trace[prediction.trace.length - 1];
  for (const layer of prediction.trace) {
    const active = layer === selected;
    tabs.appendChild(
      h(
        "button",
        {
          type: "button",
          role: "tab",
          class: "tab",
          "aria-selected": active ? "true" : "false",
          tabindex: active ? "0" : "-1",
          dataset: { layer: layer.name },
          onclick: () => selectLayer(layer.name),
        },
        h("span", {}, layer.name),
        h("span", { class: "tab-type" }, layer.type),
      ),
    );
  }
  tabs.onkeydown = tabKeys;
  const notes = $("#notes");
  clear(notes);
  for (const note of prediction.notes || []) notes.appendChild(h("p", {}, note));
  const resolve = (row) =>
    state.catalogue.resolvedArgs(row.type, state.model.layers.find((l) => l.name === row.name)?.args);
  if (typeof viewCleanup === "function") viewCleanup();
  const root = $("#view-root");
  root.dataset.layer = selected.name;
  viewCleanup = mountView(root, contextFor(prediction, state.summary, selected.name, { t, resolve }));
  const weightHost = {
    state,
    t,
    onWeights: (name, tensors) => {
      if (tensors)
        state.weights[name] = {
          signature: signatureOf(name),
          tensors: tensors.map((w) => ({ ...w, values: [...w.values] })),
        };
      else {
        delete state.weights[name];
        renderWeightEditor($("#weight-editors"), selected, weightHost);
      }
      dataChanged();
    },
  };
  if (!(state.weights[selected.name] && weightEditorShows === selected.name)) {
    renderWeightEditor($("#weight-editors"), selected, weightHost);
  }
  weightEditorShows = selected.name;
}

function tabKeys(event) {
  const tabs = $$(".tab", event.currentTarget);
  const i = tabs.indexOf(document.activeElement);
  if (i < 0) return;
  const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
  if (!step) return;
  event.preventDefault();
  const next = tabs[(i + step + tabs.length) % tabs.length];
  next.focus();
  next.click();
}

// ---------- share, code, import, language ----------

const saveHash = debounce(async () => {
  if (!state.catalogue) return;
  const encoded = await encodeState(state);
  lastHash = `#${encoded}`;
  const url = new URL(location.href);
  url.hash = encoded;
  history.replaceState(null, "", url);
}, 300);

async function onHashChange() {
  if (location.hash === lastHash) return;
  const decoded = await decodeHash(location.hash).catch(() => null);
  if (!decoded) return;
  lastHash = location.hash;
  loadSpec(STARTER_MODEL);
  applyDecoded(state, decoded, state.catalogue);
  renderAll();
  refreshSummary.now();
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

function wireStatic() {
  $("#share-button").addEventListener("click", async () => {
    saveHash.now();
    const encoded = await encodeState(state);
    const url = new URL(location.href);
    url.hash = encoded;
    const link = url.toString();
    if (await copyText(link)) toast(t("share.copied"));
    else toast(t("share.copy_this"), link);
  });
  $("#code-button").addEventListener("click", async () => {
    const dialog = $("#code-dialog");
    $("#code-text").textContent = t("share.loading");
    dialog.showModal();
    try {
      const numbers = Object.keys(state.data).length
        ? { inputs: inputsForRequest(state), weights: weightsForRequest(state), seed: state.seed }
        : {};
      const answer = await api.code({ model: specOf(state.model), ...numbers });
      $("#code-text").textContent = answer.code;
    } catch (error) {
      $("#code-text").textContent = error.text ? error.text(state.lang) : String(error);
    }
  });
  $("#code-copy").addEventListener("click", async () => {
    toast((await copyText($("#code-text").textContent)) ? t("share.code_copied") : t("share.copy_failed"));
  });
  $("#import-button").addEventListener("click", () => {
    hideBox($("#import-error"));
    $("#import-dialog").showModal();
    $("#import-text").focus();
  });
  $("#import-go").addEventListener("click", importModel);
  for (const button of $$("dialog [data-close]"))
    button.addEventListener("click", () => button.closest("dialog").close());
  for (const button of $$("[data-lang-choice]"))
    button.addEventListener("click", () => switchLanguage(button.dataset.langChoice));
  $("#add-button").addEventListener("click", () => {
    const layer = addLayerOfType(state, $("#add-type").value);
    state.selected = layer.name; // the views show the new layer once it runs
    redrawBuilder();
    $(`.layer-card[data-layer-id="${layer.id}"] select`)?.focus();
    modelChanged();
  });
  $("#new-model").addEventListener("click", () => {
    loadSpec(STARTER_MODEL);
    clear($("#summary"));
    clear($("#view-root"));
    clear($("#layer-tabs"));
    clear($("#weight-editors"));
    renderAll();
    modelChanged();
  });
  $("#seed-input").addEventListener("change", () => {
    const seed = Number($("#seed-input").value);
    if (!Number.isInteger(seed) || seed < 0) return;
    state.seed = seed;
    dataChanged();
  });
  $("#run-button").addEventListener("click", () => refreshPredict.now({ force: true }));
  updateLanguageButtons();
}

async function importModel() {
  const text = $("#import-text").value.trim();
  if (!text) return;
  try {
    const spec = await api.importModel({ json_text: text });
    loadSpec(spec);
    $("#import-dialog").close();
    renderAll();
    modelChanged();
    toast(t("share.imported", { n: state.model.layers.length }));
  } catch (error) {
    showBox($("#import-error"), error.text ? error.text(state.lang) : String(error));
  }
}

function switchLanguage(lang) {
  if (lang === state.lang) return;
  state.lang = lang;
  document.documentElement.lang = setLanguage(lang);
  const url = new URL(location.href);
  url.searchParams.set("lang", lang);
  history.replaceState(null, "", url);
  applyTranslations(document);
  updateLanguageButtons();
  renderAll();
  if (state.summary) markSummary($("#layer-list"), state.summary);
}

function updateLanguageButtons() {
  for (const button of $$("[data-lang-choice]"))
    button.setAttribute("aria-pressed", String(button.dataset.langChoice === state.lang));
}

// ---------- small page helpers ----------

function setStatus(selector, text) {
  $(selector).textContent = text;
}

function showBox(box, text) {
  box.textContent = text;
  box.hidden = false;
}

function hideBox(box) {
  box.hidden = true;
  box.textContent = "";
}

let toastTimer = null;
function toast(text, link) {
  const box = $("#toast");
  clear(box);
  box.appendChild(h("span", {}, text));
  if (link) {
    const input = h("input", { value: link, readonly: true, "aria-label": text });
    box.appendChild(input);
    setTimeout(() => input.select(), 0);
  }
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (box.hidden = true), link ? 15000 : 3000);
}

start();
