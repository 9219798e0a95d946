// A stylesheet that only a part of the page loaded on demand needs, linked the first time that part is drawn.

import { h } from "./dom.js";

const linked = new Set();

export function useStyles(path) {
  if (linked.has(path)) return;
  linked.add(path);
  const here = new URL(import.meta.url);
  const href = new URL(`../${path}`, here);
  href.search = here.search;
  document.head.appendChild(h("link", { rel: "stylesheet", href: href.href }));
}
