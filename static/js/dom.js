// A small element builder: text always goes in as textContent, never as HTML.

/**
 * h("button", {class: "x", onclick: fn, "aria-label": "..."}, "text", child)
 * Attributes starting with "on" become listeners; `dataset` is an object; false/null attributes are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "class") el.className = value;
    else if (key === "value") el.value = value;
    else if (key === "checked") el.checked = Boolean(value);
    else if (key === "text") el.textContent = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/**
 * The page's dialog `#<name>-dialog` (made the first time it is asked for) holding a heading that names it and
 * `children`, shown as a modal if it is not open already. Returns the dialog.
 */
export function showDialog(name, heading, ...children) {
  const dialog = $(`#${name}-dialog`) ?? document.body.appendChild(h("dialog", { id: `${name}-dialog` }));
  dialog.setAttribute("aria-labelledby", `${name}-heading`);
  dialog.replaceChildren(h("h2", { id: `${name}-heading` }, heading), ...children);
  if (!dialog.open) dialog.showModal();
  return dialog;
}

/** The button that closes the dialog it is in. */
export const closeButton = (label) =>
  h("button", { type: "button", onclick: (event) => event.currentTarget.closest("dialog").close() }, label);

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));
