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
  const row = h(
    "div",
    { class: "kernel-presets", role: "group", "aria-label": t("picture.kernel.title") },
    h("span", { class: "small" }, t("picture.kernel.title")),
    presets.map((preset) =>
      h(
        "button",
        {
          type: "button",
          class: "small-button",
          dataset: { preset },
          "aria-pressed": String(preset === chosen),
          title: t(`picture.kernel.help.${preset}`),
          onclick: () => onPreset(preset),
        },
        preset === "random" ? t("picture.kernel.random", { seed }) : t(`picture.kernel.${preset}`),
      ),
    ),
    h("p", { class: "small muted" }, t("picture.kernel.intro")),
  );
  host.prepend(row);
}
