// Hosts the per-layer views from ./views/index.js (viewFor(type) -> {render(root, ctx)} | null).
// A layer without a view of its own, or a view that fails, gets the generic one: its inputs and outputs as grids.

import { clear, h } from "./dom.js";
import { tensorGrid } from "./grid.js";

let viewsModule = null;

function loadViews() {
  viewsModule ??= import("./views/index.js").catch(() => null);
  return viewsModule;
}

let cleanup = null;
let generation = 0;

/** ctx: {layer, inputs, spec, t, lang}; `types` are the names to ask viewFor, most specific first. */
export async function renderView(root, ctx, types) {
  const mine = ++generation;
  const views = await loadViews();
  if (mine !== generation) return;
  if (typeof cleanup === "function") {
    try {
      cleanup();
    } catch {
      /* a view's cleanup failing must not stop the next view */
    }
  }
  cleanup = null;
  clear(root);
  root.dataset.layer = ctx.layer.name;
  const view = views?.viewFor ? types.map((type) => views.viewFor(type)).find(Boolean) : null;
  if (view) {
    try {
      cleanup = view.render(root, ctx) || null;
      return;
    } catch (error) {
      console.error("view failed; showing the numbers instead", error);
      clear(root);
    }
  }
  genericView(root, ctx);
}

export function genericView(root, { layer, inputs, t }) {
  const column = (title, tensors) =>
    h(
      "div",
      { class: "flow-column" },
      h("h4", {}, title),
      tensors.map((tensor) => tensorGrid(tensor, { t })),
    );
  root.appendChild(
    h(
      "div",
      { class: "flow" },
      inputs.length ? column(t("views.inputs"), inputs) : null,
      inputs.length ? h("div", { class: "flow-arrow", "aria-hidden": "true" }, "→") : null,
      column(t("views.outputs"), layer.outputs),
    ),
  );
}
