// The notebook widget's front end (anywidget: layerlab/widget.py). anywidget loads this one file from a blob URL,
// where relative imports cannot resolve; the kernel sends the page's modules as text (`sources`, by path under
// static/: js/…, and the vendored libraries, vendor/…) and moduleLoader loads them itself, each from a blob URL of its own whose imports of the page's
// modules name the blob URLs of those. So the widget runs the page's own views, summary and translator, with no
// server. Each widget loads its own copy: two widgets in two languages do not share i18n.js's language.

/** `from "./x.js"`, `import "./x.js"`, `import("./x.js")`: the relative specifiers a module names. */
const SPECIFIER = /(\bfrom\s*|^[ \t]*import\s*|\bimport\s*\(\s*)(["'])(\.{1,2}\/[^"'\n]+)\2/gm;

/** What a module sees as its own URL (import.meta.url): a blob URL cannot be the base of a relative one. */
export const ownUrl = (path) => `layerlab:/${path}`;

/**
 * `code` of module `path` with every relative specifier replaced by urlOf(the path it names), and
 * import.meta.url by ownUrl(path): a file it names beside it (picture.js's stylesheet) is not loaded from there,
 * the widget has the page's styles already.
 */
export function rewriteImports(code, path, urlOf) {
  return code
    .replace(SPECIFIER, (whole, head, quote, specifier) => {
      const target = new URL(specifier, `file:///${path}`).pathname.slice(1);
      return `${head}${quote}${urlOf(target)}${quote}`;
    })
    .replace(/\bimport\.meta\.url\b/g, JSON.stringify(ownUrl(path)));
}

/** load(path) imports module `path` of `sources`, its imports loaded the same way, each module once. */
export function moduleLoader(
  sources,
  makeUrl = (code) => URL.createObjectURL(new Blob([code], { type: "text/javascript" })),
) {
  const urls = new Map();
  const pending = new Set();
  const urlOf = (path) => {
    if (urls.has(path)) return urls.get(path);
    if (!(path in sources)) throw new Error(`Layer Lab: no module ${path} in the widget`);
    if (pending.has(path)) throw new Error(`Layer Lab: modules import each other in a cycle through ${path}`);
    pending.add(path);
    const url = makeUrl(rewriteImports(sources[path], path, urlOf));
    pending.delete(path);
    urls.set(path, url);
    return url;
  };
  return { urlOf, load: (path) => import(urlOf(path)) };
}

/** The page's styles for the widget's shadow root: its custom properties on the host instead of :root. */
const hostStyles = (css) =>
  `${css.replace(/:root\b/g, ":host")}
:host { display: block; color: var(--ink); font-family: var(--sans); line-height: 1.5; }
.ll-widget { background: var(--bg); padding: 0.75rem; border-radius: var(--radius); }
.ll-widget section { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius);
  padding: 0.75rem; margin: 0 0 0.75rem; }
.ll-tabs { display: flex; flex-wrap: wrap; gap: 0.25rem; margin: 0 0 0.5rem; }
.ll-tabs button { font: inherit; border: 1px solid var(--line-strong); background: var(--card); border-radius: 6px;
  padding: 0.2rem 0.5rem; cursor: pointer; }
.ll-tabs button[aria-selected="true"] { background: var(--accent-soft); border-color: var(--accent); }
.ll-tabs button:disabled { cursor: default; color: var(--muted); border-style: dashed; }
.ll-tabs .tab-type { color: var(--muted); margin-left: 0.3rem; font-size: 0.85em; }
.summary-table tr.opaque td { background: #f3f1ea; }
.ll-opaque { display: inline-block; margin-left: 0.4rem; padding: 0 0.4rem; border: 1px dashed var(--muted);
  border-radius: 4px; font-size: 0.85em; color: var(--muted); }
.ll-error { color: var(--error); background: var(--error-soft); padding: 0.5rem; border-radius: 6px; }
.ll-predict { margin: 0 0 0.75rem; }
.ll-predict summary { cursor: pointer; color: var(--accent); font-weight: 600; }
.ll-numpy { margin: 0.5rem 0 0; max-height: 16rem; overflow: auto; }
.ll-why { display: inline; margin-left: 0.4rem; }
.ll-why summary { display: inline; cursor: pointer; color: var(--accent); }`;

async function render({ model, el }) {
  const { load } = moduleLoader(model.get("sources"));
  const modules = ["dom", "i18n", "summary", "numpy", "tensor", "views/index", "graph", "trace_maps"];
  const [
    { h },
    i18n,
    { renderSummary },
    { predictRepr },
    { fromNested, imageLayers },
    views,
    { createGraph },
    { renderTraceMaps },
  ] = await Promise.all(modules.map((name) => load(`js/${name}.js`)));
  const lang = i18n.setLanguage(
    await i18n.loadLanguage(
      i18n.chooseLanguage(model.get("lang"), null, [document.documentElement.lang, ...(navigator.languages ?? [])]),
    ),
  );
  Object.assign(i18n.STRINGS[lang], (await load("js/strings/widget.js")).default[lang]); // the widget's own words
  const t = i18n.translator(lang);
  const shadow = el.shadowRoot ?? el.attachShadow({ mode: "open" });
  const summary = model.get("summary");
  let prediction = model.get("prediction");
  const refusal = model.get("refusal");
  const traced = new Set((prediction?.trace ?? []).map((entry) => entry.name));
  let selected = model.get("focus") || prediction?.trace?.at(-1)?.name || null;
  let cleanup = null;

  const summaryRoot = h("div", { class: "ll-summary" });
  const tabs = h("div", { class: "ll-tabs", role: "tablist", "aria-label": t("widget.layers") });
  const viewRoot = h("div", { class: "ll-view" });
  const graphRoot = h("div", { class: "ll-graph" });
  let graph = null;
  const mapsRoot = h("div", { class: "ll-trace-maps" });
  let maps = null;
  function select(name) {
    selected = name;
    drawSummary();
    graph?.show(summary, selected);
    maps?.select(selected);
    drawView();
  }
  const selectable = (name) => traced.has(name) && select(name);

  function drawSummary() {
    renderSummary(summaryRoot, summary, { t, onSelect: selectable, selected, decorate: markOpaque });
  }

  /** A layer the widget cannot run (a custom one) says so in its rows, as a long summary draws them. */
  function markOpaque(row, [main, formulas]) {
    if (!row.opaque) return;
    main.classList.add("opaque");
    main.cells[0].append(h("span", { class: "ll-opaque", title: row.opaque[lang] }, t("widget.opaque")));
    formulas.cells[0].replaceChildren(
      h("span", { class: "formula" }, t("widget.opaque_why")),
      h("details", { class: "ll-why" }, h("summary", {}, t("widget.why")), row.opaque[lang]),
    );
  }

  function drawView() {
    if (typeof cleanup === "function") cleanup();
    cleanup = null;
    for (const tab of tabs.children) tab.setAttribute("aria-selected", String(tab.dataset.layer === selected));
    if (!prediction || !traced.has(selected)) return viewRoot.replaceChildren();
    viewRoot.dataset.layer = selected;
    cleanup = views.mountView(viewRoot, views.contextFor(prediction, summary, selected, t, moveWindow));
  }

  // as the page does: the learner moved past the part of a big tensor the kernel sent, the kernel sends that part
  const moveWindow = (name, start) => {
    model.set("window_at", { ...model.get("window_at"), [name]: start });
    model.save_changes();
  };
  const moved = () => {
    prediction = model.get("prediction");
    drawView();
  };
  const refused = () =>
    viewRoot.replaceChildren(h("p", { class: "ll-error", role: "alert" }, model.get("refusal")[lang]));
  model.on("change:prediction", moved);
  model.on("change:refusal", refused);

  const trace = h("section", { class: "ll-trace" }, h("h2", {}, t("widget.trace")));
  if (refusal) trace.append(h("p", { class: "ll-error", role: "alert" }, refusal[lang] ?? refusal.en));
  else if (!prediction) trace.append(h("p", { class: "muted" }, t("widget.no_data")));
  else {
    const opaque = summary.layers.filter((r) => r.opaque);
    if (opaque.length) {
      trace.append(h("p", { class: "muted" }, t("widget.not_run", { names: opaque.map((r) => r.name).join(", ") })));
    } else {
      const outputs = prediction.outputs.map((o) => ({
        ...fromNested(o.data, o.window?.shape ?? o.shape),
        shape: o.shape,
      }));
      trace.append(
        h(
          "details",
          { class: "ll-predict" },
          h("summary", {}, t("widget.predict")),
          h(
            "pre",
            { class: "code ll-numpy", tabindex: "0" },
            prediction.outputs.some((o) => o.window) ? t("numpy.partial") : predictRepr(outputs),
          ),
        ),
      );
    }
    for (const row of summary.layers) {
      const known = traced.has(row.name);
      tabs.append(
        h(
          "button",
          {
            type: "button",
            role: "tab",
            disabled: !known,
            title: known ? t("summary.show_view") : t(row.opaque ? "widget.opaque" : "widget.after_opaque"),
            dataset: { layer: row.name },
            onclick: () => select(row.name),
          },
          h("span", {}, row.name),
          h("span", { class: "tab-type" }, row.type),
        ),
      );
    }
    trace.append(tabs, mapsRoot, viewRoot);
  }

  const widget = h(
    "div",
    { class: "ll-widget", lang, dataset: { lang } },
    h(
      "section",
      { class: "ll-summary-section" },
      h("h2", {}, t("widget.summary", { name: summary.name })),
      h("details", { class: "graph-details", open: true }, h("summary", {}, t("graph.title")), graphRoot),
      summaryRoot,
    ),
    trace,
  );
  shadow.replaceChildren(h("style", {}, hostStyles(model.get("styles"))), widget);
  drawSummary();
  graph = createGraph(graphRoot, { t, onSelect: selectable });
  graph.show(summary, selected);
  // as the page does: every traced layer with an image-shaped output, sent whole, as small feature maps
  const images = imageLayers(prediction?.trace ?? []);
  if (images.length) maps = renderTraceMaps(mapsRoot, images, { t, selected, onSelect: select });
  drawView();
  return () => {
    model.off("change:prediction", moved);
    model.off("change:refusal", refused);
    if (typeof cleanup === "function") cleanup();
  };
}

export default { render };
