/**
 * The pictures of a view on images: the layer's input (in colour, and channel by channel) with what the view is
 * at drawn over it (the sliding window), the output channel followed, large, and every output channel as a small
 * feature map, the followed one framed; clicking a map follows its channel, clicking a pixel goes to that position. Open when the tensors are bigger than grids show whole;
 * folded for small ones, where the grids are the view of record.
 */
import { h } from "../dom.js";
import { formatShape } from "../format.js";
import { GRID_CELLS, drawPicture, pictureScale } from "../picture.js";

/**
 * input, output: sample tensors (H, W, C). opts: onChannel(ch), onPick([r, c]) (a pixel of a map), part (what
 * part of a bigger output `output` is, said under its maps), origin (where that part begins). Returns
 * show({cells, box, at, channel}): cells and box marked on the input, pixel `at` picked on the maps, map
 * `channel` framed.
 */
export function featureMaps(host, t, { input, output, onChannel, onPick, part: shownPart = null, origin = [0, 0] }) {
  const big = [input, output].some((x) => x.shape[0] * x.shape[1] > GRID_CELLS);
  const part = (title, x) =>
    h(
      "div",
      { class: "lv-maps-part" },
      h("h4", { class: "lv-panel-title" }, title, " ", h("span", { class: "lv-shape" }, formatShape(x.shape))),
    );
  const inPart = part(t("picture.maps.input"), input);
  const onePart = h("div", { class: "lv-maps-part" });
  const outPart = part(t("picture.maps.output"), output);
  if (shownPart) outPart.append(h("p", { class: "lv-hint" }, shownPart));
  host.append(
    h(
      "details",
      { class: "lv-maps", open: big },
      h("summary", {}, t("picture.maps.title")),
      h("div", { class: "lv-maps-row" }, inPart, onePart),
      outPart,
    ),
  );
  // a colour input in colour (its channels are the grids' pages), any other channel by channel: one or two large,
  // more (a pooling step's 32) as small maps like the output's, each with the window on it
  const size = input.shape[2] <= 3 ? 256 : 72;
  const before = drawPicture(inPart, input, { t, size, ...(input.shape[2] === 3 ? { channels: [] } : {}) });
  // every map on one scale, so that they can be compared
  const { kind, lo, hi, limit } = pictureScale(output.values);
  const scale = { scale: kind, range: [lo, hi], limit };
  const pick = ([r, c]) => onPick && onPick([r, c]);
  const after = drawPicture(outPart, output, {
    t,
    ...scale,
    size: 72,
    colour: false,
    selected: 0,
    onChannel,
    onPick: pick,
    origin,
  });
  let one = null;
  let shown = null;
  return {
    show({ cells = [], box = null, at = null, channel = 0 }) {
      before.mark(cells, box);
      after.select(channel);
      after.pick(at);
      if (shown !== channel) {
        onePart.replaceChildren(h("h4", { class: "lv-panel-title" }, t("picture.maps.one", { c: channel })));
        one = drawPicture(onePart, output, {
          t,
          ...scale,
          size: 256,
          colour: false,
          channels: [channel],
          onPick: pick,
          origin,
        });
        shown = channel;
      }
      one.pick(at);
    },
  };
}
