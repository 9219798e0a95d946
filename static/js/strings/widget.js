// The notebook widget's own words (static/js/notebook.js adds them to i18n.js's tables in the widget): the page
// never shows them, so they stay out of its first load. The same keys in both languages (tests/js/notebook.test.mjs).

export default {
  en: {
    "widget.summary": "Model “{name}”: every layer, its shapes and parameters, with the formulas",
    "widget.trace": "Every layer's outputs on your data",
    "widget.layers": "Layers",
    "widget.no_data": "No data was given: layerlab.show(model, x) also shows every layer's outputs on x.",
    "widget.predict": "What model.predict gives on this data",
    "widget.opaque": "not in Layer Lab's catalogue",
    "widget.opaque_why": "Layer Lab does not know this layer and never runs it: its shapes and parameters are Keras's.",
    "widget.why": "why?",
    "widget.after_opaque": "not run: it takes the output of a layer Layer Lab does not run",
    "widget.not_run":
      "Layer Lab does not run {names} (not in its catalogue), nor the layers after it: their outputs are not shown, and neither is model.predict.",
  },
  ru: {
    "widget.summary": "Модель «{name}»: все слои, их формы и параметры, с формулами",
    "widget.trace": "Выходы каждого слоя на ваших данных",
    "widget.layers": "Слои",
    "widget.no_data": "Данные не переданы: layerlab.show(model, x) покажет и выходы каждого слоя на x.",
    "widget.predict": "Что даёт model.predict на этих данных",
    "widget.opaque": "нет в каталоге Layer Lab",
    "widget.opaque_why": "Layer Lab не знает этот слой и никогда его не запускает: формы и параметры — от Keras.",
    "widget.why": "почему?",
    "widget.after_opaque": "не запущен: получает выход слоя, который Layer Lab не запускает",
    "widget.not_run":
      "Layer Lab не запускает {names} (нет в каталоге) и слои после него: их выходы не показаны, как и model.predict.",
  },
};
