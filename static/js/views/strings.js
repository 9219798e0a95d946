/** Every word the views show, in English and Russian (same keys in both; {name} placeholders). */
export const STRINGS = {
  en: {
    "view.input": "Input",
    "view.output": "Output",
    "view.inputN": "Input {n}: {name}",
    "view.outputN": "Output {n}: {name}",
    "view.sample": "Sample",
    "view.sampleN": "sample {n}",
    "view.channel": "channel {c}",
    "view.channelPick": "Channel",
    "view.filter": "Filter",
    "view.page": "Slice",
    "view.bias": "bias",
    "view.otherChannels": "other channels",
    "view.legend": "colour: blue below zero, orange above",
    "view.clipped": "Showing the first {rows} × {cols} of {all}.",
    "view.matches": "matches Keras ✓ (largest difference {diff})",
    "view.differs": "differs from Keras ✗ (largest difference {diff})",
    "view.fallback": "This layer's special view could not be drawn ({error}); here are its plain numbers.",
    "view.steps": "Step through the positions",
    "view.prev": "Back to the previous position (←)",
    "view.next": "Next position (→)",
    "view.play": "Play or pause (Space)",
    "view.position": "Position",
    "view.prevBtn": "back",
    "view.playBtn": "play",
    "view.pauseBtn": "pause",
    "view.nextBtn": "next",
    "view.positionOf": "Position {n} of {total}: output {at}",
    "view.generic.intro": "What went into this layer and what came out.",
    "view.upsampling.intro": "UpSampling enlarges the tensor by repeating each number: no weights, nothing learned.",
    "view.upsampling.hint":
      "Point at (or focus) an output cell to light the input cell it copies; an input cell lights all its copies.",
    "view.upsampling.copy": "output {out} copies input {src}",
    "view.upsampling.blend": "output {out} blends its neighbours",
    "view.upsampling.copies": "input {src} is copied into {n} output {n:cell|cells}",
    "view.ct.intro":
      "Conv2DTranspose spreads the input out with zeros between its numbers (strides), then slides a kernel over it: the output grows.",
    "view.ct.geometry":
      "Strides {s}: {zeros} zeros inserted between neighbours; kernel {k}; padding '{padding}'. The kernel is turned by 180° as it slides.",
    "view.ct.spread": "Input spread by the strides, padded",
    "view.ct.kernel": "Kernel, turned 180°",
    "view.ct.at": "output {at}",
    "view.ct.onlyZeros": "0 (the window covers only zeros)",
    "view.ct.cell.input": "input number at {at}",
    "view.ct.cell.zero": "inserted zero at {at}",
    "view.ct.cell.pad": "padding {at}",
    "view.ct.key.input": "input number",
    "view.ct.key.zero": "inserted zero",
    "view.ct.key.pad": "padding",
    "view.conv.intro":
      "Convolution slides a window over the input; each output number is the window times the kernel, summed, plus the bias.",
    "view.win.geometry": "Window {k}, strides {s}, dilation {d}; padding '{padding}' adds {pad} (before/after) zeros.",
    "view.win.padded": "Input with padding",
    "view.win.kernel": "Kernel",
    "view.win.at": "output {at}",
    "view.win.padZero": "(padding cells add 0)",
    "view.pool.intro.max": "Max pooling keeps the largest number of each window, channel by channel.",
    "view.pool.intro.mean": "Average pooling keeps the mean of each window, channel by channel.",
    "view.pool.mean": "mean",
    "view.pool.padIgnored": "(padding is not counted)",
    "view.dense.intro":
      "Dense multiplies the input by the weight matrix W and adds the bias b: output = activation(input · W + b).",
    "view.dense.rows": "The input has {n} rows: each row goes through the same W (the notebook's input.dot(weights)).",
    "view.dense.more": "{n} more terms",
    "view.embedding.intro": "Embedding turns each index into a row of its matrix: index 3 picks row 3.",
    "view.embedding.indices": "Indices",
    "view.embedding.matrix": "Embedding matrix",
    "view.embedding.used": "The matrix has {all} rows; the {n} the input uses are shown.",
    "view.reorder.intro": "Flatten and Reshape keep every number and its order; only the shape changes.",
    "view.reorder.hint":
      "Colour and #number follow each element from the input to the output; point at one to find it.",
    "view.concat.intro": "Concatenate joins the inputs along one axis; every other axis must match.",
    "view.concat.axis": "Joined along axis {axis} (counting the batch axis), axis {sample} of each sample.",
    "view.lstm.intro":
      "LSTM reads the sequence one step at a time, keeping a hidden state h and a cell state c; four gates decide what to forget, add and output.",
    "view.lstm.sequence": "Sequence x",
    "view.lstm.step": "Gates and states at this step",
    "view.lstm.units": "{n} {n:unit|units}",
    "view.lstm.unit": "Unit",
    "view.lstm.unitHint": "Unit u{u} (point at a column to change it):",
    "view.lstm.stepOf": "Step {n} of {total} (x at t={t})",
    "view.lstm.history.h": "Hidden state h after each step",
    "view.lstm.history.c": "Cell state c after each step",
    "view.lstm.gate.i": "input gate: how much of g to add",
    "view.lstm.gate.f": "forget gate: how much of c to keep",
    "view.lstm.gate.g": "candidate: what could be added",
    "view.lstm.gate.o": "output gate: how much of the cell to show",
    "view.lstm.returns": "What Keras returns (underlined cells)",
    "view.lstm.weights":
      "The layer's weights: W (input → gates), U (h → gates), b; columns i, f, g (Keras: c), o per unit",
    "view.lstm.out.output": "output: {what}",
    "view.lstm.out.every": "h at every step (return_sequences=True)",
    "view.lstm.out.last": "h at the last step only (return_sequences=False)",
    "view.lstm.out.h": "state h at the last step (return_state=True)",
    "view.lstm.out.c": "state c at the last step (return_state=True)",
  },
  ru: {
    "view.input": "Вход",
    "view.output": "Выход",
    "view.inputN": "Вход {n}: {name}",
    "view.outputN": "Выход {n}: {name}",
    "view.sample": "Пример",
    "view.sampleN": "пример {n}",
    "view.channel": "канал {c}",
    "view.channelPick": "Канал",
    "view.filter": "Фильтр",
    "view.page": "Срез",
    "view.bias": "смещение",
    "view.otherChannels": "другие каналы",
    "view.legend": "цвет: синий ниже нуля, оранжевый выше",
    "view.clipped": "Показаны первые {rows} × {cols} из {all}.",
    "view.matches": "совпадает с Keras ✓ (наибольшая разница {diff})",
    "view.differs": "расходится с Keras ✗ (наибольшая разница {diff})",
    "view.fallback": "Особый вид этого слоя не удалось нарисовать ({error}); вот его числа как есть.",
    "view.steps": "Пройти по позициям",
    "view.prev": "Назад, к предыдущей позиции (←)",
    "view.next": "Вперёд, к следующей позиции (→)",
    "view.play": "Пуск или пауза (пробел)",
    "view.position": "Позиция",
    "view.prevBtn": "назад",
    "view.playBtn": "пуск",
    "view.pauseBtn": "пауза",
    "view.nextBtn": "вперёд",
    "view.positionOf": "Позиция {n} из {total}: выход {at}",
    "view.generic.intro": "Что вошло в этот слой и что из него вышло.",
    "view.upsampling.intro": "UpSampling увеличивает тензор, повторяя каждое число: весов нет, ничего не обучается.",
    "view.upsampling.hint":
      "Наведите на клетку выхода (или выберите её с клавиатуры) — подсветится клетка входа, которую она копирует; клетка входа подсвечивает все свои копии.",
    "view.upsampling.copy": "выход {out} копирует вход {src}",
    "view.upsampling.blend": "выход {out} смешивает соседей",
    "view.upsampling.copies": "вход {src} скопирован в {n} {n:клетку|клетки|клеток} выхода",
    "view.ct.intro":
      "Conv2DTranspose раздвигает вход, вставляя нули между числами (strides), а затем проводит по нему ядро свёртки: выход растёт.",
    "view.ct.geometry":
      "Strides {s}: между соседями вставлено нулей {zeros}; ядро {k}; padding '{padding}'. Ядро при этом повёрнуто на 180°.",
    "view.ct.spread": "Вход, раздвинутый нулями, с дополнением",
    "view.ct.kernel": "Ядро, повёрнутое на 180°",
    "view.ct.at": "выход {at}",
    "view.ct.onlyZeros": "0 (в окне одни нули)",
    "view.ct.cell.input": "число входа в {at}",
    "view.ct.cell.zero": "вставленный ноль в {at}",
    "view.ct.cell.pad": "дополнение {at}",
    "view.ct.key.input": "число входа",
    "view.ct.key.zero": "вставленный ноль",
    "view.ct.key.pad": "дополнение",
    "view.conv.intro":
      "Свёртка проводит окно по входу; каждое число выхода — сумма произведений окна на ядро плюс смещение.",
    "view.win.geometry": "Окно {k}, strides {s}, dilation {d}; padding '{padding}' добавляет нулей {pad} (до/после).",
    "view.win.padded": "Вход с дополнением",
    "view.win.kernel": "Ядро",
    "view.win.at": "выход {at}",
    "view.win.padZero": "(клетки дополнения дают 0)",
    "view.pool.intro.max": "Max pooling оставляет наибольшее число каждого окна, в каждом канале отдельно.",
    "view.pool.intro.mean": "Average pooling оставляет среднее каждого окна, в каждом канале отдельно.",
    "view.pool.mean": "среднее",
    "view.pool.padIgnored": "(дополнение не учитывается)",
    "view.dense.intro":
      "Dense умножает вход на матрицу весов W и прибавляет смещение b: выход = activation(вход · W + b).",
    "view.dense.rows":
      "Во входе {n} {n:строка|строки|строк}: каждая проходит через одну и ту же W (как input.dot(weights) в ноутбуке).",
    "view.dense.more": "ещё слагаемых: {n}",
    "view.embedding.intro": "Embedding превращает каждый индекс в строку своей матрицы: индекс 3 выбирает строку 3.",
    "view.embedding.indices": "Индексы",
    "view.embedding.matrix": "Матрица эмбеддингов",
    "view.embedding.used": "В матрице строк: {all}; показаны {n}, которые использует вход.",
    "view.reorder.intro": "Flatten и Reshape сохраняют все числа и их порядок; меняется только форма.",
    "view.reorder.hint":
      "Цвет и #номер сопровождают каждый элемент от входа к выходу; наведите на элемент, чтобы найти его.",
    "view.concat.intro": "Concatenate соединяет входы вдоль одной оси; остальные оси должны совпадать.",
    "view.concat.axis": "Соединение по оси {axis} (считая ось батча), то есть по оси {sample} каждого примера.",
    "view.lstm.intro":
      "LSTM читает последовательность по шагу за раз, храня скрытое состояние h и состояние ячейки c; четыре вентиля решают, что забыть, что добавить и что выдать.",
    "view.lstm.sequence": "Последовательность x",
    "view.lstm.step": "Вентили и состояния на этом шаге",
    "view.lstm.units": "{n} {n:нейрон|нейрона|нейронов}",
    "view.lstm.unit": "Нейрон",
    "view.lstm.unitHint": "Нейрон u{u} (наведите на столбец, чтобы сменить):",
    "view.lstm.stepOf": "Шаг {n} из {total} (x при t={t})",
    "view.lstm.history.h": "Скрытое состояние h после каждого шага",
    "view.lstm.history.c": "Состояние ячейки c после каждого шага",
    "view.lstm.gate.i": "входной вентиль: сколько g добавить",
    "view.lstm.gate.f": "вентиль забывания: сколько c сохранить",
    "view.lstm.gate.g": "кандидат: что можно добавить",
    "view.lstm.gate.o": "выходной вентиль: сколько ячейки показать",
    "view.lstm.returns": "Что возвращает Keras (подчёркнутые клетки)",
    "view.lstm.weights":
      "Веса слоя: W (вход → вентили), U (h → вентили), b; столбцы i, f, g (в Keras: c), o для каждого нейрона",
    "view.lstm.out.output": "выход: {what}",
    "view.lstm.out.every": "h на каждом шаге (return_sequences=True)",
    "view.lstm.out.last": "h только на последнем шаге (return_sequences=False)",
    "view.lstm.out.h": "состояние h на последнем шаге (return_state=True)",
    "view.lstm.out.c": "состояние c на последнем шаге (return_state=True)",
  },
};

/** A t(key, vars) over these strings, for pages (and tests) that have no translator of their own. */
export function translator(lang) {
  const table = STRINGS[lang] ?? STRINGS.en;
  return (key, vars = {}) => fillIn(table[key] ?? STRINGS.en[key] ?? key, vars);
}

/** `{name}` gets vars.name; `{n:число|числа|чисел}` (ru: one, few, many) or `{n:cell|cells}` the word that fits n. */
export function fillIn(text, vars = {}) {
  return text
    .replace(/\{(\w+):([^}]+)\}/g, (whole, name, forms) =>
      name in vars ? plural(vars[name], forms.split("|")) : whole,
    )
    .replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

function plural(value, forms) {
  const n = Math.abs(Math.trunc(Number(String(value).replace(/[^\d.-]/g, "")) || 0));
  if (forms.length < 3) return n === 1 ? forms[0] : forms[forms.length - 1];
  const [ten, hundred] = [n % 10, n % 100];
  if (hundred >= 11 && hundred <= 14) return forms[2];
  return ten === 1 ? forms[0] : ten >= 2 && ten <= 4 ? forms[1] : forms[2];
}
