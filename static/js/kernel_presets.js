// The kernel presets above a Conv2D / DepthwiseConv2D / Conv2DTranspose layer's weights: a button per window the
// server defines (app/layers/kernels.py); choosing one sets the layer's kernel to it and runs the model.

import { h } from "./dom.js";
import { addStyle } from "./picture.js";

/**
 * Put the presets row first in `host` (in place of one drawn before). opts: t, presets (their ids), seed (of
 * "random"), chosen (the preset the kernel holds now, or null), onPreset(id).
 */
export function renderKernelPresets(host, { t, presets, seed, chosen, onPreset }) {
  addStyle();
  host.querySelector(".kernel-presets")?.remove();
  const title = t("picture.kernel.title");
  const row = h(
    "div",
    { class: "kernel-presets", role: "group", "aria-label": title },
    h("span", { class: "small" }, title),
  );
  for (const preset of presets) {
    const words = preset === "random" ? t("picture.kernel.random", { seed }) : t(`picture.kernel.${preset}`);
    const button = h("button", { type: "button", class: "small-button", dataset: { preset } }, words);
    button.setAttribute("aria-pressed", String(preset === chosen));
    button.addEventListener("click", () => onPreset(preset));
    row.append(button);
  }
  row.append(h("p", { class: "small muted" }, t("picture.kernel.intro")));
  host.prepend(row);
}
