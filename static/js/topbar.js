// The top bar keeps to one row: what does not fit goes into its menu button. The tagline goes first (it is only
// hidden), then the buttons from the last one back (data-fold gives the order), the language switch last. The menu
// is a disclosure: the button says whether it is open (aria-expanded); arrow keys move between its items; Escape,
// a click elsewhere, focus leaving it or choosing an item closes it. The bar's height is the page's --topbar (the
// lesson box fits below it).

import { $, $$ } from "./dom.js";

export function createTopbar(bar) {
  const nav = $(".actions", bar);
  const menu = $(".top-menu", bar);
  const button = $("#menu-button", bar);
  const panel = $("#menu-panel", bar);
  const tagline = $(".tagline", bar);
  const items = $$("[data-fold]", nav);
  const beforeMenu = items.filter((item) => item.compareDocumentPosition(menu) & Node.DOCUMENT_POSITION_FOLLOWING);
  const foldOrder = [...items].sort((a, b) => Number(a.dataset.fold) - Number(b.dataset.fold));
  let width = null;

  const fits = () => bar.scrollWidth <= bar.clientWidth;

  function setOpen(open, { focus = false } = {}) {
    panel.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    if (!open && focus) button.focus();
  }

  function place(folded) {
    for (const item of items) {
      if (folded.has(item)) panel.append(item);
      else if (beforeMenu.includes(item)) nav.insertBefore(item, menu);
      else nav.append(item);
    }
    menu.hidden = folded.size === 0;
  }

  /** Lay the bar out again for its width and the words of the page's language. */
  function fit() {
    setOpen(false);
    tagline.hidden = false;
    place(new Set());
    if (fits()) return;
    tagline.hidden = true;
    for (let k = 0; k <= foldOrder.length; k++) {
      place(new Set(foldOrder.slice(0, k)));
      if (fits()) return;
    }
  }

  const focusable = () => $$("button", panel);

  button.addEventListener("click", () => setOpen(panel.hidden));
  menu.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel.hidden) return setOpen(false, { focus: true });
    const step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (!step) return;
    event.preventDefault();
    setOpen(true);
    const all = focusable();
    const at = all.indexOf(document.activeElement);
    all[at < 0 ? (step > 0 ? 0 : all.length - 1) : (at + step + all.length) % all.length].focus();
  });
  // closed before the item's own click runs, so a dialog it opens gives the focus back to the menu button
  panel.addEventListener("click", (event) => event.target.closest("button") && setOpen(false, { focus: true }), {
    capture: true,
  });
  menu.addEventListener("focusout", (event) => {
    if (!menu.contains(event.relatedTarget)) setOpen(false);
  });
  document.addEventListener("pointerdown", (event) => {
    if (!menu.contains(event.target)) setOpen(false);
  });
  new ResizeObserver(([entry]) => {
    if (entry.contentRect.width !== width) {
      width = entry.contentRect.width;
      fit();
    }
    // the lesson box fits below the bar however tall it is (app.css: .lesson)
    document.documentElement.style.setProperty("--topbar", `${bar.offsetHeight}px`);
  }).observe(bar);

  return { fit };
}
