// Every word the learner reads, in Russian and English, and t(key, vars) to look them up.
// The views' own strings (./views/strings.js, same shape) are merged in below.

import { STRINGS as VIEW_STRINGS, fillIn } from "./views/strings.js";

export const STRINGS = {
  en: {
    "app.tagline": "See what each Keras layer does to your numbers",
    "app.skip": "Skip to the model",
    "app.actions": "Share and language",
    "app.language": "Language",
    "app.close": "Close",

    "lesson.title": "Lesson",
    "lesson.intro":
      "The examples of “How the basic Keras layers work”, in order. Open one to load its model, numbers and view.",
    "lesson.empty": "The lesson's examples are not available yet; build a model yourself on the right.",
    "lesson.cell": "Notebook, {cell}",
    "lesson.example": "Lesson example",
    "lesson.not_found": "There is no example “{id}”; showing the first one.",

    "builder.title": "Model",
    "builder.intro": "Layers run top to bottom; each one takes the previous layer's output unless you pick its inputs.",
    "builder.new": "Start a new model",
    "builder.add_label": "Layer type",
    "builder.add": "Add layer",
    "builder.type": "Layer type",
    "builder.name": "Layer name",
    "builder.name_rule": "A name starts with a letter and has only letters, digits and _.",
    "builder.name_taken": "Another layer already has this name.",
    "builder.up": "Move {name} up",
    "builder.down": "Move {name} down",
    "builder.remove": "Remove {name}",
    "builder.more": "More settings ({n})",
    "builder.unknown_type": "The server does not know the layer type “{type}”.",
    "builder.input_from": "Input from",
    "builder.output": "Output shape:",
    "builder.pending": "unknown until the marked field is fixed",
    "builder.inputs": "Which layer feeds this one",
    "builder.previous": "the layer above ({name})",
    "builder.merge_inputs": "Layers to merge (at least {min}), in this order",

    "form.expects": "Expected {what}.",
    "form.invalid": "This value is not valid here.",
    "form.none": "none",
    "form.required": "required",
    "form.required_missing": "This setting is required.",

    "summary.title": "Summary",
    "summary.caption": "Summary of model {name}",
    "summary.layer": "Layer (type)",
    "summary.output_shape": "Output shape",
    "summary.params": "Param #",
    "summary.connected": "Connected to",
    "summary.param_formula": "params:",
    "summary.shape_formula": "shape:",
    "summary.total": "Total params",
    "summary.trainable": "Trainable params",
    "summary.non_trainable": "Non-trainable params",
    "summary.keras_text": "Keras's own model.summary() text",
    "summary.show_view": "Show what this layer does",
    "summary.updating": "Updating…",
    "summary.stale": "Showing the last model that worked",
    "summary.waiting_field": "Waiting for a valid value…",

    "data.title": "Your numbers",
    "data.intro":
      "Type numbers in the cells (arrows and Enter move between cells), paste them, or fill the input. The first axis is the batch: how many examples go through at once.",
    "data.seed": "Seed for starting weights",
    "data.run": "Run",
    "data.batch": "Batch",
    "data.free_axis": "Length of axis {n}",
    "data.fill": "Fill with:",
    "data.fill_zeros": "zeros",
    "data.fill_ones": "ones",
    "data.fill_arange": "0, 1, 2, …",
    "data.fill_random": "random (seed)",
    "data.filled": "Filled with {what}.",
    "data.paste": "Paste numbers",
    "data.paste_label": "Numbers for {name}",
    "data.paste_placeholder": "e.g. [[4, 2], [3, 6]] — spaces, commas, brackets and new lines all separate numbers",
    "data.paste_count": "{have} of {need} numbers for shape {shape}",
    "data.paste_bad": "“{token}” is not a number",
    "data.apply": "Use these numbers",
    "data.too_many": "{n} {n:number is|numbers are} too many to type one by one: fill them, or paste them.",
    "data.input_caption": "Input {name}",
    "data.no_inputs": "Add an Input layer to give the model numbers.",
    "data.at_layer": "Layer {layer}:",

    "views.title": "What each layer does",
    "views.intro":
      "Pick a layer to see the numbers that go in and come out. Blue cells are negative, orange positive; the stronger the colour, the larger the number.",
    "views.pick": "Layers",
    "views.inputs": "In",
    "views.outputs": "Out",
    "views.running": "Running the model…",
    "views.run_example":
      "This step of the lesson is about shapes and parameter counts. Press Run to send the numbers above through the model and see what each layer does.",
    "views.press_run": "This model's answer has {n} {n:number|numbers}; press Run to compute it.",

    "weights.title": "Weights of {name} ({n} {n:number|numbers}) — edit them",
    "weights.title_custom": "Weights of {name} ({n} {n:number|numbers}) — set by you",
    "weights.intro": "These are the layer's weights for the seed above. Change a number and the outputs follow.",
    "weights.too_many": "This layer has {n} {n:weight|weights}; only layers with up to {max} can be edited here.",
    "weights.reset": "Back to the seed's weights",

    "grid.axis_batch": "example",
    "grid.axis_channel": "channel",
    "grid.axis_in_channel": "input channel",
    "grid.axis_filter": "filter",
    "grid.axis": "axis {n}",
    "grid.cell": "row {row}, column {col}",
    "grid.cropped": "Showing the first {rows} × {cols} of {all_rows} × {all_cols}.",
    "grid.showing_slice": "{n} slices; choose one:",

    "share.copy_link": "Copy link",
    "share.copied": "Link copied: it reopens this model, its numbers and its weights.",
    "share.copy_this": "Copy this link:",
    "share.code": "Python code",
    "share.code_title": "The same model in Keras",
    "share.copy": "Copy code",
    "share.code_copied": "Code copied.",
    "share.copy_failed": "Could not copy; select the text and copy it by hand.",
    "share.loading": "Loading…",
    "share.import": "Import Keras JSON",
    "share.import_title": "Import a Keras model",
    "share.import_help": "Paste what model.to_json() printed in Python. The layers replace the current model.",
    "share.import_go": "Import",
    "share.imported": "Imported {n} layers.",
  },
  ru: {
    "app.tagline": "Посмотрите, что каждый слой Keras делает с вашими числами",
    "app.skip": "Перейти к модели",
    "app.actions": "Поделиться и язык",
    "app.language": "Язык",
    "app.close": "Закрыть",

    "lesson.title": "Урок",
    "lesson.intro":
      "Примеры из урока «Как работают основные слои» по порядку. Откройте пример — загрузятся его модель, числа и вид.",
    "lesson.empty": "Примеры урока пока недоступны; соберите модель сами справа.",
    "lesson.cell": "Блокнот, {cell}",
    "lesson.example": "Пример урока",
    "lesson.not_found": "Примера «{id}» нет; показан первый.",

    "builder.title": "Модель",
    "builder.intro": "Слои работают сверху вниз; каждый получает выход предыдущего слоя, если не выбрать его входы.",
    "builder.new": "Начать новую модель",
    "builder.add_label": "Тип слоя",
    "builder.add": "Добавить слой",
    "builder.type": "Тип слоя",
    "builder.name": "Имя слоя",
    "builder.name_rule": "Имя начинается с латинской буквы и состоит из латинских букв, цифр и _.",
    "builder.name_taken": "Такое имя уже есть у другого слоя.",
    "builder.up": "Переместить {name} вверх",
    "builder.down": "Переместить {name} вниз",
    "builder.remove": "Удалить {name}",
    "builder.more": "Другие настройки ({n})",
    "builder.unknown_type": "Сервер не знает тип слоя «{type}».",
    "builder.input_from": "Вход от",
    "builder.output": "Форма выхода:",
    "builder.pending": "неизвестна, пока не исправлено отмеченное поле",
    "builder.inputs": "Какой слой подаёт данные в этот",
    "builder.previous": "слоя выше ({name})",
    "builder.merge_inputs": "Слои для объединения (не меньше {min}), в этом порядке",

    "form.expects": "Ожидается {what}.",
    "form.invalid": "Здесь такое значение не подходит.",
    "form.none": "нет",
    "form.required": "обязательно",
    "form.required_missing": "Это обязательная настройка.",

    "summary.title": "Сводка",
    "summary.caption": "Сводка модели {name}",
    "summary.layer": "Слой (тип)",
    "summary.output_shape": "Форма выхода",
    "summary.params": "Параметров",
    "summary.connected": "Соединён с",
    "summary.param_formula": "параметры:",
    "summary.shape_formula": "форма:",
    "summary.total": "Всего параметров",
    "summary.trainable": "Обучаемых",
    "summary.non_trainable": "Необучаемых",
    "summary.keras_text": "Текст model.summary() от самого Keras",
    "summary.show_view": "Показать, что делает этот слой",
    "summary.updating": "Обновляется…",
    "summary.stale": "Показана последняя рабочая модель",
    "summary.waiting_field": "Ждём правильное значение…",

    "data.title": "Ваши числа",
    "data.intro":
      "Вводите числа в ячейки (стрелки и Enter переходят между ячейками), вставляйте их или заполняйте вход целиком. Первая ось — батч: сколько примеров проходит через модель за раз.",
    "data.seed": "Seed начальных весов",
    "data.run": "Запустить",
    "data.batch": "Батч",
    "data.free_axis": "Длина оси {n}",
    "data.fill": "Заполнить:",
    "data.fill_zeros": "нулями",
    "data.fill_ones": "единицами",
    "data.fill_arange": "0, 1, 2, …",
    "data.fill_random": "случайно (seed)",
    "data.filled": "Заполнено: {what}.",
    "data.paste": "Вставить числа",
    "data.paste_label": "Числа для {name}",
    "data.paste_placeholder": "например [[4, 2], [3, 6]] — числа разделяют пробелы, запятые, скобки и переводы строк",
    "data.paste_count": "{have} из {need} чисел для формы {shape}",
    "data.paste_bad": "«{token}» — не число",
    "data.apply": "Взять эти числа",
    "data.too_many": "{n} {n:число|числа|чисел} — слишком много, чтобы вводить по одному: заполните или вставьте их.",
    "data.input_caption": "Вход {name}",
    "data.no_inputs": "Добавьте слой Input, чтобы подать в модель числа.",
    "data.at_layer": "Слой {layer}:",

    "views.title": "Что делает каждый слой",
    "views.intro":
      "Выберите слой, чтобы увидеть числа на входе и на выходе. Синие ячейки — отрицательные, оранжевые — положительные; чем ярче цвет, тем больше число.",
    "views.pick": "Слои",
    "views.inputs": "Вход",
    "views.outputs": "Выход",
    "views.running": "Модель считает…",
    "views.run_example":
      "Этот шаг урока — о формах и числе параметров. Нажмите «Запустить», чтобы пропустить числа выше через модель и увидеть, что делает каждый слой.",
    "views.press_run": "В ответе этой модели {n} {n:число|числа|чисел}; нажмите «Запустить», чтобы посчитать.",

    "weights.title": "Веса {name} ({n} {n:число|числа|чисел}) — можно изменить",
    "weights.title_custom": "Веса {name} ({n} {n:число|числа|чисел}) — заданы вами",
    "weights.intro": "Это веса слоя для seed выше. Измените число — выходы изменятся вслед за ним.",
    "weights.too_many": "У этого слоя {n} {n:вес|веса|весов}; здесь можно менять веса слоёв, где их не больше {max}.",
    "weights.reset": "Вернуть веса из seed",

    "grid.axis_batch": "пример",
    "grid.axis_channel": "канал",
    "grid.axis_in_channel": "входной канал",
    "grid.axis_filter": "фильтр",
    "grid.axis": "ось {n}",
    "grid.cell": "строка {row}, столбец {col}",
    "grid.cropped": "Показаны первые {rows} × {cols} из {all_rows} × {all_cols}.",
    "grid.showing_slice": "Срезов: {n}; выберите один:",

    "share.copy_link": "Скопировать ссылку",
    "share.copied": "Ссылка скопирована: она откроет эту модель, её числа и веса.",
    "share.copy_this": "Скопируйте ссылку:",
    "share.code": "Код на Python",
    "share.code_title": "Та же модель в Keras",
    "share.copy": "Скопировать код",
    "share.code_copied": "Код скопирован.",
    "share.copy_failed": "Не удалось скопировать; выделите текст и скопируйте вручную.",
    "share.loading": "Загрузка…",
    "share.import": "Импорт JSON Keras",
    "share.import_title": "Импорт модели Keras",
    "share.import_help": "Вставьте то, что напечатал model.to_json() в Python. Слои заменят текущую модель.",
    "share.import_go": "Импортировать",
    "share.imported": "Импортировано слоёв: {n}.",
  },
};

export const LANGUAGES = ["ru", "en"];

for (const lang of LANGUAGES) Object.assign(STRINGS[lang], VIEW_STRINGS[lang]);

let current = "en";

export function setLanguage(lang) {
  current = LANGUAGES.includes(lang) ? lang : "en";
  document.documentElement.lang = current;
}

export const language = () => current;

/** `?lang=` first, then the server's pick from Accept-Language, then navigator.languages; English otherwise. */
export function chooseLanguage(asked, fromServer, browser) {
  if (LANGUAGES.includes(asked)) return asked;
  if (LANGUAGES.includes(fromServer)) return fromServer;
  for (const tag of browser) {
    const code = String(tag || "")
      .slice(0, 2)
      .toLowerCase();
    if (LANGUAGES.includes(code)) return code;
  }
  return "en";
}

export function t(key, vars = {}) {
  const text = STRINGS[current][key] ?? STRINGS.en[key];
  if (text === undefined) {
    console.warn(`missing string: ${key}`);
    return key;
  }
  return fillIn(text, vars);
}

/** Fill elements marked data-i18n (text), data-i18n-aria-label, data-i18n-placeholder, data-i18n-title. */
export function applyTranslations(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const [attr, key] of [
    ["aria-label", "i18nAriaLabel"],
    ["placeholder", "i18nPlaceholder"],
    ["title", "i18nTitle"],
  ]) {
    for (const el of root.querySelectorAll(`[data-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}]`)) {
      el.setAttribute(attr, t(el.dataset[key]));
    }
  }
}
