// static/js/model.js: the layer list the page keeps, and its pure operations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Catalogue } from "../../static/js/catalogue.js";
import {
  addLayerOfType,
  changeType,
  modelFrom,
  moveLayer,
  removeLayer,
  renameLayer,
  specOf,
} from "../../static/js/model.js";

const layer = (type, keras_name, inputs, args = []) => ({ type, keras_name, category: "core", inputs, args });
const catalogue = new Catalogue({
  categories: { core: { en: "Core", ru: "Основные" } },
  layers: [
    layer("Input", "input_layer", { min: 0, max: 0 }, [{ name: "shape", required: true, starter: [4] }]),
    layer("Dense", "dense", { min: 1, max: 1 }, [{ name: "units", required: true, starter: 2 }]),
    layer("Concatenate", "concatenate", { min: 2, max: null }, [{ name: "axis", required: false, default: -1 }]),
  ],
});

const twoInputs = () =>
  modelFrom(
    {
      layers: [
        { type: "Input", args: { shape: [2] } },
        { type: "Input", args: { shape: [3] } },
        { type: "Dense", inputs: ["input_layer"], args: { units: 1 } },
      ],
      outputs: ["dense"],
    },
    catalogue,
  );

test("unnamed layers get Keras's names, and the API body comes back as it went in", () => {
  const model = twoInputs();
  assert.deepEqual(
    model.layers.map((l) => l.name),
    ["input_layer", "input_layer_1", "dense"],
  );
  assert.deepEqual(specOf(model).layers[2], {
    type: "Dense",
    name: "dense",
    args: { units: 1 },
    inputs: ["input_layer"],
  });
  assert.deepEqual(specOf(model).outputs, ["dense"]);
});

test("renaming rewrites every reference; removing drops them", () => {
  const model = twoInputs();
  renameLayer(model, model.layers[0].id, "pixels");
  assert.deepEqual(model.layers[2].inputs, ["pixels"]);
  renameLayer(model, model.layers[2].id, "out");
  assert.deepEqual(model.outputs, ["out"]);
  removeLayer(model, model.layers[0].id);
  assert.equal(model.layers[1].inputs, null);
  removeLayer(model, model.layers[1].id);
  assert.equal(model.outputs, null);
});

test("moving stops at either end", () => {
  const model = twoInputs();
  const id = model.layers[2].id;
  assert.equal(moveLayer(model, id, 1), false);
  assert.equal(moveLayer(model, id, -2), true);
  assert.equal(model.layers[0].id, id);
});

test("a merging layer is wired to the open ends; a new type starts from its starters and renames a generated name", () => {
  const model = twoInputs();
  model.layers[2].inputs = null;
  const merge = addLayerOfType(model, catalogue, "Concatenate");
  assert.deepEqual(merge.inputs, ["input_layer", "dense"]);
  const added = addLayerOfType(model, catalogue, "Dense");
  assert.equal(added.name, "dense_1");
  assert.deepEqual(added.args, { units: 2 });
  changeType(model, catalogue, added.id, "Input");
  assert.equal(added.name, "input_layer_2");
  assert.deepEqual(added.args, { shape: [4] });
  assert.equal(added.inputs, null);
});
