// The page's one way of writing shapes, as Keras prints them: (None, 4), (4,). Numbers and counts: numbers.js.

/** A shape as Keras prints it: `(None, 28, 28, 1)`, a one-axis shape with its comma, `(4,)`. */
export function formatShape(shape) {
  const dims = shape.map((d) => (d === null ? "None" : String(d)));
  return `(${dims.join(", ")}${dims.length === 1 ? "," : ""})`;
}

/** A summary row's output shapes, one per output (a layer with return_state has several). */
export const shapesOf = (row) => (Array.isArray(row.output_shape[0]) ? row.output_shape : [row.output_shape]);

/** Several outputs' shapes (a layer with return_state), one after another. */
export function formatShapes(shapes) {
  return Array.isArray(shapes[0]) ? shapes.map(formatShape).join(" ") : formatShape(shapes);
}
