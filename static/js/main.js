// Wiring: the api, the controller (every state change) and the page (drawing the state), and the page's fixed
// buttons, dialogs and the browser's history connected to them.

import { createApi } from "./api.js";
import { createController } from "./controller.js";
import { $, $$ } from "./dom.js";
import { installFullValues } from "./fullvalue.js";
import { chooseLanguage, language, loadLanguage, setLanguage, t } from "./i18n.js";
import { createPage } from "./page.js";
import { createQuestions } from "./questions.js";
import { createTopbar } from "./topbar.js";

const page = createPage();
const topbar = createTopbar($(".topbar"));
let questions = null;
const api = createApi();
const controller = createController({
  api,
  ui: {
    render: (parts) => {
      page.render(parts);
      if (parts.language) topbar.fit();
      questions?.render(parts);
    },
    toast: page.toast,
  },
  history: {
    url: () => location.href,
    push: (url) => history.pushState(null, "", url),
    replace: (url) => history.replaceState(null, "", url),
  },
});
page.connect(controller);
questions = createQuestions({
  root: $("#questions"),
  state: controller.state,
  t,
  language,
  storage: store("localStorage"),
  session: store("sessionStorage"),
});

/** The browser's localStorage or sessionStorage, or null where the page may not keep anything (a sandboxed frame). */
function store(name) {
  try {
    return window[name];
  } catch {
    return null;
  }
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

const errorText = (error) => (error.text ? error.text(language()) : String(error));

function wire() {
  $("#share-button").addEventListener("click", async () => {
    const link = await controller.link();
    if (await copyText(link)) page.toast("share.copied");
    else page.toast("share.copy_this", {}, link);
  });
  const showCode = async () => {
    $("#code-text").textContent = t("share.loading");
    const variant = $("#code-variant input:checked").value;
    $("#code-text").textContent = await controller.code(variant).then((answer) => answer.code, errorText);
  };
  $("#code-button").addEventListener("click", () => {
    $("#code-dialog").showModal();
    showCode();
  });
  $("#code-variant").addEventListener("change", showCode);
  $("#code-copy").addEventListener("click", async () =>
    page.toast((await copyText($("#code-text").textContent)) ? "share.code_copied" : "share.copy_failed"),
  );
  $("#import-button").addEventListener("click", () => {
    $("#import-error").hidden = true;
    $("#import-dialog").showModal();
    $("#import-text").focus();
  });
  $("#import-go").addEventListener("click", async () => {
    const text = $("#import-text").value.trim();
    if (!text) return;
    const refused = await controller.importModel(text);
    if (!refused) return $("#import-dialog").close();
    $("#import-error").textContent = errorText(refused);
    $("#import-error").hidden = false;
  });
  $("#gallery-button").addEventListener("click", () =>
    import("./gallery.js").then(({ showGallery }) =>
      showGallery({ api, t, onOpen: (id) => controller.openGallery(id) }),
    ),
  );
  for (const button of $$("dialog [data-close]"))
    button.addEventListener("click", () => button.closest("dialog").close());
  for (const button of $$("[data-lang-choice]"))
    button.addEventListener("click", () => controller.setLanguage(button.dataset.langChoice));
  $("#add-button").addEventListener("click", () => {
    const layer = controller.addLayer($("#add-type").value);
    $(`.layer-card[data-layer-id="${layer.id}"] select`)?.focus();
  });
  $("#new-model").addEventListener("click", () => controller.newModel());
  $("#make-exercise").addEventListener("click", async () =>
    (await import("./exercise.js")).openExercise({ state: controller.state, t, copyText }),
  );
  for (const button of $$("[data-export]"))
    button.addEventListener("click", async () =>
      (await import("./export.js")).openExport(button.dataset.export, { t, language }),
    );
  $("#worksheet-button").addEventListener("click", async () => (await import("./worksheet.js")).openWorksheet({ t }));
  $("#seed-input").addEventListener("change", () => controller.setSeed(Number($("#seed-input").value)));
  $("#run-button").addEventListener("click", () => controller.run());
  $("#layer-tabs").addEventListener("keydown", tabKeys);
  window.addEventListener("popstate", () => controller.restore());
}

/** Arrow keys move between the layer tabs. */
function tabKeys(event) {
  const tabs = $$(".tab", event.currentTarget);
  const i = tabs.indexOf(document.activeElement);
  const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
  if (i < 0 || !step) return;
  event.preventDefault();
  const next = tabs[(i + step + tabs.length) % tabs.length];
  next.focus();
  next.click();
}

async function start() {
  const lang = chooseLanguage(
    new URLSearchParams(location.search).get("lang"),
    document.documentElement.dataset.lang,
    navigator.languages || [navigator.language],
  );
  setLanguage(await loadLanguage(lang));
  page.render({ language: true });
  topbar.fit();
  wire();
  installFullValues(document, t);
  await controller.start();
  window.layerLab = { state: controller.state }; // read by the browser tests
  document.body.dataset.ready = "true";
}

start();
