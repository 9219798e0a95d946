// A lesson step printed as a worksheet (loaded when the teacher first presses Worksheet): css/print.css lays the
// page out for paper; printed without the answers, every fact an open question asks stays masked (questions.js),
// with the answers the masks are lifted while it prints.

import { closeButton, h, showDialog } from "./dom.js";
import { MASKS } from "./questions.js";

/** The worksheet's way of printing: "answers" or "blank"; body[data-worksheet] tells print.css. */
export function printWorksheet(mode) {
  document.body.dataset.worksheet = mode;
  MASKS.disabled = mode === "answers";
  window.addEventListener(
    "afterprint",
    () => {
      delete document.body.dataset.worksheet;
      MASKS.disabled = false;
    },
    { once: true },
  );
  window.print();
}

/** The dialog: print with or without the answers. host: {t}. */
export function openWorksheet({ t }) {
  const choice = (mode) =>
    h(
      "button",
      {
        type: "button",
        class: "primary",
        dataset: { worksheet: mode },
        onclick: () => {
          dialog.close();
          printWorksheet(mode);
        },
      },
      t(`export.print_${mode}`),
    );
  const dialog = showDialog(
    "worksheet",
    t("export.print_title"),
    h("p", { class: "muted" }, t("export.print_intro")),
    h("div", { class: "dialog-buttons" }, choice("blank"), choice("answers"), closeButton(t("app.close"))),
  );
}
