// The gallery: famous architectures (GET /api/gallery), each with its idea in the page's language, opened with
// one click (the controller imports it as the server read it from Keras's own JSON), and the card that explains
// the one on screen. Loaded the first time the gallery or a gallery model is shown.

import { clear, closeButton, h, showDialog } from "./dom.js";
import { language } from "./i18n.js";
import { formatCount } from "./numbers.js";
import { useStyles } from "./styles.js";

let listing = null;

/** The gallery dialog: one entry per model; choosing one opens it (onOpen(id) resolves to a refusal or null). */
export async function showGallery({ api, t, onOpen }) {
  useStyles("css/graph.css");
  const error = h("div", { class: "error-box", role: "alert", hidden: true });
  const list = h("ul", { class: "gallery-list" }, h("li", { class: "muted" }, t("gallery.loading")));
  const dialog = showDialog(
    "gallery",
    t("gallery.title"),
    h("p", { class: "muted" }, t("gallery.intro")),
    error,
    list,
    h("div", { class: "dialog-buttons" }, closeButton(t("app.close"))),
  );
  try {
    listing ??= api.gallery();
    const models = await listing;
    list.replaceChildren(...models.map((model) => entry(model, { t, open })));
    list.querySelector("button")?.focus();
  } catch (refused) {
    listing = null;
    list.replaceChildren();
    showError(error, refused);
  }

  /** The dialog closes at once (closing it over a 400-card page costs more); a refusal opens it again. */
  async function open(id, button) {
    dialog.close();
    const refused = await onOpen(id);
    if (!refused) return;
    dialog.showModal();
    showError(error, refused);
    button.focus();
  }
}

function entry(model, { t, open }) {
  const lang = language();
  const button = h("button", { type: "button", class: "primary", dataset: { gallery: model.id } }, t("gallery.open"));
  button.addEventListener("click", () => open(model.id, button));
  return h(
    "li",
    { class: "gallery-entry" },
    h(
      "div",
      { class: "gallery-head" },
      h("h3", {}, model.title[lang] ?? model.title.en),
      h(
        "span",
        { class: "muted small" },
        t("gallery.facts", { year: model.year, n: formatCount(model.layers, lang), count: model.layers }),
      ),
      button,
    ),
    h("p", { class: "gallery-idea" }, model.idea[lang] ?? model.idea.en),
  );
}

function showError(box, refused) {
  box.textContent = refused.text ? refused.text(language()) : String(refused);
  box.hidden = false;
}

/** The card above the builder while a gallery model is on screen: its name and its idea. */
export function renderGalleryCard(card, gallery, { t }) {
  useStyles("css/graph.css");
  card.hidden = !gallery;
  if (!gallery) return clear(card);
  card.replaceChildren(
    h("p", { class: "eyebrow" }, t("gallery.eyebrow", { year: gallery.year })),
    h("h2", {}, gallery.title[language()] ?? gallery.title.en),
    h("p", { class: "gallery-idea" }, gallery.idea[language()] ?? gallery.idea.en),
    h("p", { class: "muted small" }, t("gallery.card_note")),
  );
}
