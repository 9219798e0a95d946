// The page drawn from the state: render(parts) redraws the parts that changed, always from the controller's
// state (so a redraw in another language, or after an answer, shows the same thing in the right words).
// Every learner action goes back to the controller; nothing here changes the state itself.

import { LONG_MODEL, markSummary, renderBuilder, renderOutputs, typeSelect } from "./builder.js";
import { renderDataEditors, renderWeightEditor } from "./data.js";
import { $, $$, clear, h } from "./dom.js";
import { applyTranslations, language, t } from "./i18n.js";
import { renderExampleCard, renderLesson, showOpenStep } from "./lesson.js";
import { formatCount } from "./numbers.js";
import { fromNested, imageLayers } from "./tensor.js";
import { renderSummary } from "./summary.js";

export function createPage() {
  let controller = null;
  let state = null;
  /** The layer whose weights are in the editor: while the learner edits them, a new answer must not redraw it. */
  let weightEditorShows = null;
  let viewCleanup = null;
  /** The lesson step open now (undefined for a model of the learner's own). */
  const openStep = () => state.examples.find((e) => e.id === state.example);
  /** The views load when the first one is drawn (a step about shapes alone never needs them). */
  let views = null;
  let numpy = null;
  /** The drawing canvas loads with the first step that draws on an input. */
  let canvasModule = null;
  /** The sentence box and the vocabulary load with the first model that has an Embedding. */
  let wordsModule = null;
  let drawing = 0;
  /** The refusal last put on a card, so a new one (not a redraw of the same) scrolls into view. */
  let shownError = null;
  let toastTimer = null;
  /** The graph beside the summary (graph.js, loaded when first opened), and the gallery's card (gallery.js). */
  let graphView = null;
  let gallery = null;
  /** The feature maps under the layer tabs: the answer and the language they are drawn for, and their select. */
  let traceMaps = null;

  const errorText = (error) => (error.text ? error.text(language()) : String(error));

  function builderHost() {
    return {
      state,
      t,
      onChange: ({ structural }) => controller.modelChanged({ structural }),
      onRename: (oldName, newName) => controller.renamed(oldName, newName),
      onTyped: (layerId, arg, text, refused) => controller.fieldTyped(layerId, arg, text, refused),
      onOutputs: (refs) => controller.setOutputs(refs),
    };
  }

  /** Redraw the layer cards, keeping keyboard focus on the same control of the same layer. */
  function drawBuilder() {
    const list = $("#layer-list");
    const active = document.activeElement;
    const card = active?.closest?.(".layer-card");
    let focus = null;
    if (card) {
      const controls = $$("input, select, button, textarea, summary", card);
      focus = { id: card.dataset.layerId, index: controls.indexOf(active) };
    }
    renderBuilder(list, builderHost(), { done: drawShapesAndErrors });
    renderOutputs($("#model-outputs"), builderHost());
    if (focus) {
      const again = $(`.layer-card[data-layer-id="${focus.id}"]`, list);
      const controls = again ? $$("input, select, button, textarea, summary", again) : [];
      const target =
        controls[focus.index] && !controls[focus.index].disabled
          ? controls[focus.index]
          : again?.querySelector("select");
      target?.focus();
    }
  }

  /** Shapes on the cards and the server's refusal: on its card when it names one, else above the cards. */
  function drawShapesAndErrors() {
    const error = state.errors.model;
    const placed = markSummary($("#layer-list"), state, {
      t,
      onAddOutput: (name) => controller.addOutput(name),
    });
    const box = $("#model-error");
    if (error && !placed) showBox(box, errorText(error));
    else hideBox(box);
    $("#summary-section").classList.toggle("stale", Boolean(error));
    $("#views-section").classList.toggle("stale", Boolean(error || state.errors.data));
    if (error && error !== shownError) (placed ?? box).scrollIntoView({ block: "nearest", behavior: "smooth" });
    shownError = error;
    const dataError = state.errors.data;
    if (dataError) {
      const at = dataError.layer ?? null;
      const said = errorText(dataError);
      const named = at === null || said.includes(`'${layerName(at)}'`); // the server's words name it already
      showBox($("#data-error"), (named ? "" : `${t("data.at_layer", { layer: layerLabel(at) })} `) + said);
    } else hideBox($("#data-error"));
  }

  /** A layer as the cards number it: "2 (dense)". */
  function layerLabel(at) {
    const layers = state.model.layers;
    const index = typeof at === "number" ? at : layers.findIndex((l) => l.name === at);
    return index >= 0 && layers[index] ? `${index + 1} (${layers[index].name})` : String(at);
  }

  /** The name of a layer given by its name or its index. */
  const layerName = (at) => (typeof at === "number" ? state.model.layers[at]?.name : at);

  function drawStatus() {
    const line = (status) => (status ? t(status.key, status.vars) : "");
    $("#summary-status").textContent = line(state.status.summary);
    $("#run-status").textContent = line(state.status.run);
  }

  function drawSummary() {
    if (!state.summary) return clear($("#summary"));
    renderSummary($("#summary"), state.summary, {
      t,
      selected: state.selected,
      onSelect: (name) => {
        controller.select(name);
        $("#views-section").scrollIntoView({ block: "start", behavior: "smooth" });
      },
    });
    drawGraph();
  }

  function drawGraph() {
    if (!$("#graph-details").open || !state.summary) return;
    graphView ??= import("./graph.js").then(({ createGraph }) =>
      createGraph($("#graph"), { t, onSelect: (name) => controller.select(name) }),
    );
    graphView.then((view) => view.show(state.summary, state.selected));
  }

  function drawGalleryCard() {
    const card = $("#gallery-card");
    if (!state.gallery && card.hidden) return;
    gallery ??= import("./gallery.js");
    gallery.then(({ renderGalleryCard }) => renderGalleryCard(card, state.gallery, { t }));
  }

  function drawData() {
    drawCanvas();
    if (!state.summary) return clear($("#data-editors"));
    renderDataEditors($("#data-editors"), {
      state,
      t,
      onData: (name, { redraw } = {}) => controller.dataChanged({ redraw }),
      onTyped: (name, flat, refused) => controller.cellTyped(name, flat, refused),
      drawnOn: openStep()?.draw?.input,
    });
    if (!state.summary.layers.some((row) => row.type === "Embedding")) return;
    wordsModule ??= import("./words_input.js");
    wordsModule.then(({ mountSentences }) =>
      mountSentences($("#data-editors"), {
        state,
        t,
        onWords: (name, text, encoded) => controller.typedWords(name, text, encoded),
      }),
    );
  }

  /** The words the learner typed, one per step of their input, while the answer's input holds their indices. */
  async function typedWords() {
    const typed = Object.entries(state.words ?? {});
    if (!typed.length || !wordsModule) return null;
    const { wordsAt } = await wordsModule;
    for (const [name, { tokens }] of typed) {
      const sent = state.prediction?.inputs?.find((tensor) => tensor.name === name);
      const words = Array.isArray(sent?.data?.[0]) ? wordsAt(tokens, sent.data[0]) : null;
      if (words) return words;
    }
    return null;
  }

  /** A step that draws on an input: its canvas, every layer's output and the probabilities (draw.js). */
  function drawCanvas() {
    const root = $("#draw-root");
    if (!openStep()?.draw && !canvasModule) return (root.hidden = true);
    canvasModule ??= import("./draw.js");
    canvasModule.then(({ renderDrawing }) =>
      renderDrawing(root, {
        state,
        t,
        onDraw: (input, values) => controller.drew(input, values),
        onSelect: (name) => controller.select(name),
      }),
    );
  }

  function drawLesson() {
    const open = (id) => controller.openExample(id).then(() => $("#main").focus({ preventScroll: true }));
    renderLesson($("#example-list"), state.examples, { t, current: state.example, onOpen: open });
    $("#lesson-empty").hidden = state.examples.length > 0;
    renderExampleCard($("#example-card"), state.examples, state.example, { t, onOpen: open });
    const undo = $("#undo-box");
    undo.hidden = !state.undo;
    if (state.undo) {
      const title = openStep()?.title;
      undo.replaceChildren(
        h("span", {}, t("lesson.replaced", { title: title?.[language()] ?? title?.en ?? "" })),
        h("button", { type: "button", class: "primary", onclick: () => controller.undo() }, t("lesson.undo")),
      );
    }
  }

  function fillAddSelect() {
    const old = $("#add-type");
    const select = typeSelect(state.catalogue, language(), old.value || "Dense", { id: "add-type" });
    old.replaceWith(select);
    const help = () => ($("#add-help").textContent = state.catalogue.get(select.value)?.help[language()] || "");
    select.addEventListener("change", help);
    help();
  }

  /** Instead of a view: why nothing ran yet, and the button that runs it. */
  function drawNotice() {
    drawing += 1;
    clear($("#layer-tabs"));
    clear($("#trace-maps"));
    clear($("#weight-editors"));
    weightEditorShows = null;
    const { key, vars = {} } = state.notice;
    const words = t(key, { ...vars, n: vars.n === undefined ? undefined : formatCount(vars.n, language()) });
    $("#view-root").replaceChildren(
      h(
        "div",
        { class: "notice" },
        h("p", {}, words),
        h("button", { type: "button", class: "primary", onclick: () => controller.run() }, t("data.run")),
      ),
    );
  }

  function drawViews() {
    if (state.notice) return drawNotice();
    const prediction = state.prediction;
    const tabs = $("#layer-tabs");
    clear(tabs);
    if (!prediction?.trace || !state.summary) return;
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
            onclick: () => controller.select(layer.name),
          },
          h("span", {}, layer.name),
          h("span", { class: "tab-type" }, layer.type),
        ),
      );
    }
    const notes = (language() === "ru" && prediction.notes_ru) || prediction.notes || [];
    $("#notes").replaceChildren(...notes.map((note) => h("p", {}, note)));
    if (!(state.weights[selected.name]?.from === "you" && weightEditorShows === selected.name)) drawWeights(selected);
    weightEditorShows = selected.name;
    drawNumpy(prediction);
    drawTraceMaps(prediction, selected);
    drawCanvas();
    const mine = ++drawing;
    views ??= import("./views/index.js");
    Promise.all([views, typedWords()]).then(([{ contextFor, mountView }, words]) => {
      if (mine !== drawing) return;
      if (typeof viewCleanup === "function") viewCleanup();
      const root = $("#view-root");
      root.dataset.layer = selected.name;
      const moveWindow = (name, start) => controller.moveWindow(name, start);
      const ctx = contextFor(prediction, state.summary, selected.name, t, moveWindow);
      viewCleanup = mountView(root, words ? { ...ctx, words } : ctx);
      document.body.dataset.runs = String(state.runs); // the browser tests wait for a drawn answer
    });
  }

  /** Every traced layer with an image-shaped output (sent whole), as small feature maps (loaded when needed);
   * not on a step with a drawing canvas, whose panel beside the canvas shows them as the learner draws. Drawn
   * once for each answer and language: picking a layer only changes which name is pressed. */
  function drawTraceMaps(prediction, selected) {
    const box = $("#trace-maps");
    const images = imageLayers(prediction.trace);
    const draw = openStep()?.draw;
    if (!images.length || state.data[draw?.input]?.shape?.[3] === 1) return clear(box);
    if (traceMaps?.prediction !== prediction || traceMaps.lang !== language() || !box.firstChild) {
      const onSelect = (name) => controller.select(name);
      const maps = import("./trace_maps.js").then(
        ({ renderTraceMaps }) =>
          state.prediction === prediction && renderTraceMaps(box, images, { t, selected: selected.name, onSelect }),
      );
      traceMaps = { prediction, lang: language(), maps };
    }
    traceMaps.maps.then((maps) => maps && maps.select(selected.name));
  }

  /** The model's outputs as a notebook prints model.predict(...), when the page has them whole. */
  function drawNumpy(prediction) {
    const outputs = prediction.outputs ?? [];
    $("#numpy-readout").hidden = !outputs.length;
    if (outputs.some((o) => o.window)) return ($("#numpy-text").textContent = t("numpy.partial"));
    numpy ??= import("./numpy.js");
    numpy.then(({ predictRepr }) => {
      if (state.prediction !== prediction) return;
      $("#numpy-text").textContent = predictRepr(
        outputs.map((o) => ({ ...fromNested(o.data, o.shape), shape: o.shape })),
      );
    });
  }

  function drawWeights(selected) {
    const layer = selected ?? state.prediction?.trace?.find((l) => l.name === weightEditorShows);
    renderWeightEditor($("#weight-editors"), layer, {
      state,
      t,
      onWeights: (name, tensors) => controller.setWeights(name, tensors),
      onTyped: (name, flat, refused) => controller.cellTyped(name, flat, refused),
    });
    if (layer) drawKernelPresets(layer);
  }

  /** Above a Conv2D / DepthwiseConv2D / Conv2DTranspose layer's weights: the kernel presets (loaded when needed). */
  async function drawKernelPresets(layer) {
    const { presets, types } = await controller.kernelPresets();
    if (!types.includes(layer.type) || weightEditorShows !== layer.name) return;
    const { renderKernelPresets } = await import("./kernel_presets.js");
    renderKernelPresets($("#weight-editors"), {
      t,
      presets,
      seed: state.seed,
      chosen: state.weights[layer.name]?.preset ?? null,
      onPreset: (preset) => controller.setKernelPreset(layer.name, preset),
    });
  }

  function updateLanguage() {
    document.documentElement.lang = language();
    applyTranslations(document);
    for (const button of $$("[data-lang-choice]"))
      button.setAttribute("aria-pressed", String(button.dataset.langChoice === language()));
  }

  return {
    connect(c) {
      controller = c;
      state = c.state;
      $("#graph-details").addEventListener("toggle", drawGraph);
    },

    render(parts) {
      const all = Boolean(parts.all);
      if (parts.language || all) updateLanguage();
      if (!state.catalogue) {
        if (state.errors.model) showBox($("#model-error"), errorText(state.errors.model));
        return;
      }
      if (parts.language) graphView = null;
      if (all) {
        drawLesson();
        drawGalleryCard();
        fillAddSelect();
        $("#seed-input").value = String(state.seed);
        if (parts.language) weightEditorShows = null;
      } else if (parts.undo) drawLesson();
      if (all || parts.builder)
        drawBuilder(); // then the shapes and errors, once the cards are made
      else if (parts.shapes || parts.errors) drawShapesAndErrors();
      if (all || parts.summary) drawSummary();
      // a long model's data editors (an image input: a picture to draw) wait until its summary is painted
      if (all || parts.data) {
        if (state.model.layers.length > LONG_MODEL) setTimeout(drawData);
        else drawData();
      }
      if (all || parts.views) drawViews();
      else if (parts.weights) drawWeights();
      if (all || parts.status) drawStatus();
      if (all && !state.prediction && !state.notice) {
        drawing += 1;
        clear($("#view-root"));
        clear($("#layer-tabs"));
        clear($("#trace-maps"));
        clear($("#weight-editors"));
      }
      if (all) showOpenStep($("#example-list"));
    },

    toast(key, vars = {}, link = null) {
      const box = $("#toast");
      const text = t(key, vars);
      box.replaceChildren(h("span", {}, text));
      if (link) {
        const input = h("input", { value: link, readonly: true, "aria-label": text });
        box.appendChild(input);
        setTimeout(() => input.select(), 0);
      }
      box.hidden = false;
      clearTimeout(toastTimer);
      toastTimer = setTimeout(() => (box.hidden = true), link ? 15000 : 3000);
    },
  };
}

function showBox(box, text) {
  box.textContent = text;
  box.hidden = false;
}

function hideBox(box) {
  box.hidden = true;
  box.textContent = "";
}
