// The full float32 value of any number the page shows rounded (grid cells and formula terms carry it in
// data-value): on hover in its title, on focus or tap in a small box above the number, with the value as numpy
// prints it, selectable, and a button that copies it. The box follows its number when the page moves under it
// (an error shown above, a view drawn again), and goes when the number is typed over or is gone.

import { h } from "./dom.js";

/** Listen on `root` (the document) for numbers being pointed at, focused or tapped; t translates the box. */
export function installFullValues(root, t) {
  const box = h("div", { class: "full-value", role: "status", hidden: true });
  const text = h("code", { class: "full-value-text" });
  const copy = h("button", { type: "button", class: "small-button full-value-copy" });
  box.append(text, " ", copy);
  root.body.append(box);

  const numberAt = (target) => {
    const el = target?.closest?.("[data-value]");
    return el && el.dataset.value && !box.contains(el) ? el : null;
  };
  let shown = null;
  const place = () => {
    const where = shown.getBoundingClientRect();
    box.style.left = `${Math.max(4, where.left + window.scrollX)}px`;
    box.style.top = `${Math.max(4, where.top + window.scrollY - box.offsetHeight - 4)}px`;
  };
  const show = (el) => {
    shown = el;
    text.textContent = el.dataset.value;
    copy.textContent = t("value.copy");
    copy.setAttribute("aria-label", t("value.copy_label", { value: el.dataset.value }));
    box.hidden = false;
    place();
  };
  const hide = () => {
    box.hidden = true;
    shown = null;
  };
  new ResizeObserver(() => {
    if (shown && !shown.isConnected) hide();
    else if (shown) place();
  }).observe(root.body);

  root.addEventListener("focusin", (event) => {
    const el = numberAt(event.target);
    if (el) show(el);
    else if (!box.contains(event.target)) hide();
  });
  root.addEventListener("click", (event) => {
    if (box.contains(event.target)) return;
    const el = numberAt(event.target);
    if (el) show(el);
    else hide();
  });
  // a field typed into no longer holds the value the box shows
  root.addEventListener("input", (event) => {
    if (shown?.contains(event.target)) hide();
  });
  root.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !box.hidden) hide();
  });
  copy.addEventListener("click", async () => {
    const value = text.textContent;
    try {
      await navigator.clipboard.writeText(value);
      copy.textContent = t("value.copied");
    } catch {
      getSelection().selectAllChildren(text);
      copy.textContent = t("value.select");
    }
  });
  return { hide };
}
