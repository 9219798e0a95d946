"""Every message the server writes for a learner, in English and Russian: the one catalogue.

A message is a key, its two texts and their placeholders (``{count}``): ``text("limit.params", count=..., limit=...)``
gives both languages, ``invalid(...)`` the 422 that carries them. A placeholder's value may be a ``Text`` (a phrase
of its own in both languages); whole numbers are grouped as each language writes them (``15,010``, ``15 010``),
other numbers get the language's decimal mark. Values meant to be read as code (``input_dim=10000``) are passed as
``str``. Layer help, argument help and a layer's own shape refusals live with the layer in ``app/layers``.
"""

import string
from typing import Any, NamedTuple, TypeVar

from .errors import Invalid, LayerLabError

E = TypeVar("E", bound=LayerLabError)


class Text(NamedTuple):
    """One phrase in both languages."""

    en: str
    ru: str


MESSAGES: dict[str, Text] = {
    # Naming what a message is about
    "who.layer": Text("layer {label}", "слой {label}"),
    "word.none": Text("none", "нет"),
    "word.and": Text(" and ", " и "),
    "word.or": Text(", or ", ", или "),
    "word.semicolon": Text("; ", "; "),
    "word.any": Text("any", "любая"),
    # A model as a whole
    "model.too_many_layers": Text(
        "the model has {count} layers; the limit is {limit}",
        "слоёв в модели: {count}; предел — {limit}",
    ),
    "model.unknown_type": Text(
        "layer #{index}: unknown type {type}; expected one of: {types}",
        "слой #{index}: неизвестный тип {type}; ожидается один из: {types}",
    ),
    "model.name_taken": Text(
        "layer #{index}: the name {name} is already used by an earlier layer; names must be unique",
        "слой #{index}: имя {name} уже занято более ранним слоем; имена должны быть разными",
    ),
    "model.unknown_output": Text(
        "outputs: {ref} is not a layer (or output) of this model; layers: {layers}",
        "outputs: {ref} — нет такого слоя (или выхода) в модели; слои: {layers}",
    ),
    "model.not_connected": Text(
        "{who} does not lead to any model output; connect it, list it in `outputs`, or remove it",
        "{who} не ведёт ни к одному выходу модели; подключите его, добавьте в `outputs` или удалите",
    ),
    "model.shape": Text("{who}: {reason}", "{who}: {reason}"),
    # Limits
    "limit.params": Text(
        "the model has {count} parameters; the limit is {limit}",
        "параметров в модели: {count}; предел — {limit}",
    ),
    "limit.run_layers": Text(
        "the model has {count} layers; the limit for a prediction is {limit} (its summary may have up to {summary})",
        "слоёв в модели: {count}; предел для предсказания — {limit} (для сводки — до {summary})",
    ),
    "limit.run_params": Text(
        "the model has {count} parameters; the limit for a prediction is {limit} (its summary may have up to "
        "{summary})",
        "параметров в модели: {count}; предел для предсказания — {limit} (для сводки — до {summary})",
    ),
    "limit.tensor": Text(
        "{who}: its output {shape} holds {count} numbers; the limit is {limit}",
        "{who}: чисел в выходе {shape}: {count}; предел — {limit}",
    ),
    "limit.steps": Text(
        "{who}: runs over {count} time steps; the limit is {limit}",
        "{who}: шагов по времени: {count}; предел — {limit}",
    ),
    "limit.work": Text(
        "running the model costs about {count} multiply-adds; the limit is {limit}",
        "прогон модели стоит около {count} умножений-сложений; предел — {limit}",
    ),
    "limit.batch": Text(
        "the batch has {count} examples; the limit is {limit}",
        "примеров в батче: {count}; предел — {limit}",
    ),
    # Arguments
    "args.name_inside": Text(
        "{who}: put `name` next to `type`, not inside `args`",
        "{who}: укажите `name` рядом с `type`, а не внутри `args`",
    ),
    "args.too_deep": Text(
        "{who}: `{arg}` nests lists or objects too deeply",
        "{who}: в `{arg}` слишком глубокая вложенность списков или объектов",
    ),
    "args.not_accepted": Text(
        "{who}: `{arg}` is not an argument Layer Lab accepts for {type}; accepted: {accepted}",
        "{who}: аргумент `{arg}` не принимается для {type}; допустимые: {accepted}",
    ),
    "args.required": Text("{who}: `{arg}` is required: {expected}", "{who}: нужен аргумент `{arg}`: {expected}"),
    "args.missing_part": Text("{who}: `{arg}` is missing", "{who}: не хватает `{arg}`"),
    "args.expects": Text(
        "{who}: `{arg}` expects {expected}. Received: {arg}={received}",
        "{who}: `{arg}` — ожидается {expected}. Получено: {arg}={received}",
    ),
    # What an argument takes, in words (from its declared type)
    "expects.one_of": Text("one of {choices}", "одно из значений {choices}"),
    "expects.bool": Text("true or false", "true или false"),
    "expects.int": Text("a whole number {bounds}", "целое число {bounds}"),
    "expects.float": Text("a number {bounds}", "число {bounds}"),
    "expects.bound": Text("{sign} {value}", "{sign} {value}"),
    # Inputs of a layer
    "inputs.of_input": Text(
        "{who}: an Input takes no inputs; it is where data enters",
        "{who}: у Input нет входов — через него данные входят в модель",
    ),
    "inputs.first_not_input": Text(
        '{who}: the first layer must be an Input (e.g. {{"type": "Input", "args": {{"shape": [64]}}}})',
        '{who}: первым слоем должен быть Input (например {{"type": "Input", "args": {{"shape": [64]}}}})',
    ),
    "inputs.bad_ref": Text(
        "{who}: input reference {ref} should be a layer name or `name:k` with k a number",
        "{who}: ссылка {ref} должна быть именем слоя или `имя:k`, где k — номер выхода",
    ),
    "inputs.undefined": Text(
        "{who}: input {ref} is not a layer defined before this one; defined so far: {defined}",
        "{who}: вход {ref} не является слоем, определённым выше; определены: {defined}",
    ),
    "inputs.later": Text(
        "{who}: input {ref} is not a layer defined before this one (it is defined later: list layers after the "
        "layers they take input from); defined so far: {defined}",
        "{who}: вход {ref} не является слоем, определённым выше (он определён ниже: перечисляйте слои после тех, "
        "у которых они берут вход); определены: {defined}",
    ),
    "inputs.itself": Text(
        "{who}: input {ref} is this layer itself; a layer takes input from layers listed before it; "
        "defined so far: {defined}",
        "{who}: вход {ref} — это сам этот слой; слой берёт вход у слоёв, перечисленных выше; определены: {defined}",
    ),
    "inputs.no_such_output": Text(
        "{who}: {ref} has {count} output(s), numbered from 0; received {received}",
        "{who}: выходов у {ref}: {count}, нумерация с 0; получено {received}",
    ),
    "inputs.count": Text(
        "{who}: takes {wanted} input tensor(s); received {count}",
        "{who}: принимает входных тензоров: {wanted}; получено {count}",
    ),
    "inputs.count_pick_one": Text(
        "{who}: takes {wanted} input tensor(s); received {count}; {name} gives {outputs} outputs: pick one as "
        "'{first}:0'",
        "{who}: принимает входных тензоров: {wanted}; получено {count}; {name} даёт выходов: {outputs}; "
        "выберите один, например '{first}:0'",
    ),
    "inputs.at_least": Text("at least {low}", "не меньше {low}"),
    "inputs.between": Text("{low} to {high}", "от {low} до {high}"),
    "inputs.fed_shape": Text(
        "{who}: expected data of shape (batch, {dims}); received {shape}",
        "{who}: ожидаются данные формы (батч, {dims}); получено {shape}",
    ),
    # Numbers sent as inputs or weights
    "data.empty": Text("{where}: the array is empty", "{where}: массив пуст"),
    "data.not_finite": Text(
        "{where}: every number must be finite and within ±3.4e38 (float32); received {number}",
        "{where}: все числа должны быть конечными и в пределах ±3,4e38 (float32); получено {number}",
    ),
    "data.not_int32": Text(
        "{where}: this input takes whole numbers (int32), e.g. word indices; received {number}",
        "{where}: этот вход принимает целые числа (int32), например индексы слов; получено {number}",
    ),
    "data.ragged": Text(
        "{where}: expected a rectangular array of numbers; the rows have different lengths: {first}, {other}",
        "{where}: ожидается прямоугольный массив чисел; строки разной длины: {first}, {other}",
    ),
    "data.row_number": Text("{cell} is a number", "{cell} — число"),
    "data.row_one": Text("{cell} has {size} item", "в {cell} элементов: {size}"),
    "data.row": Text("{cell} has {size} items", "в {cell} элементов: {size}"),
    "data.not_a_number": Text(
        "{where}: expected numbers (nested lists of numbers); {cell} is {kind}",
        "{where}: ожидаются числа (вложенные списки чисел); {cell} — {kind}",
    ),
    "data.kind_bool": Text("a true/false value ({value})", "значение true/false ({value})"),
    "data.kind_text": Text("text {value}", "текст {value}"),
    "data.kind_object": Text("an object", "объект"),
    "data.too_large": Text(
        "{where}: a whole number must be within ±9.2e18; received {number}",
        "{where}: целое число должно быть в пределах ±9,2e18; получено {number}",
    ),
    "data.too_many_axes": Text(
        "{where}: expected a rectangular array of numbers with at most 64 axes",
        "{where}: ожидается прямоугольный массив чисел не более чем с 64 осями",
    ),
    "data.inputs_by_name": Text(
        "inputs: expected one array for each of {names}; missing {missing}, unknown {unknown}",
        "inputs: нужен массив для каждого из {names}; не хватает {missing}, лишние {unknown}",
    ),
    "data.inputs_count": Text(
        "inputs: the model has {count} inputs {names}; send a list of {count} arrays or an object "
        "{{input name: array}}",
        "inputs: входов у модели: {count} {names}; пришлите список из {count} массивов или объект "
        "{{имя входа: массив}}",
    ),
    "data.input_shape": Text(
        "{where}: expected shape {wanted} (or without the batch axis); received {shape}",
        "{where}: ожидается форма {wanted} (или без оси батча); получено {shape}",
    ),
    "data.batches": Text(
        "inputs: every input needs the same batch size; received {sizes}",
        "inputs: у всех входов должен быть одинаковый размер батча; получено {sizes}",
    ),
    "data.weights_layer": Text(
        "weights: there is no layer {name}; layers: {layers}", "weights: нет слоя {name}; слои: {layers}"
    ),
    "data.weights_count": Text(
        "{where}: {type} has {count} weight arrays ({listed}); received {received}",
        "{where}: у {type} массивов весов: {count} ({listed}); получено {received}",
    ),
    "data.weight_shape": Text(
        "{where}: expected shape {wanted}; received {shape}", "{where}: ожидается форма {wanted}; получено {shape}"
    ),
    "data.embedding_index": Text(
        "{who}: indices must be whole numbers from 0 to {last} (input_dim={input_dim}); received values from {low} "
        "to {high}, first outside {cell} = {number}",
        "{who}: индексы должны быть целыми от 0 до {last} (input_dim={input_dim}); получены значения от {low} до "
        "{high}, первое вне диапазона — {cell} = {number}",
    ),
    # Notes on a prediction: what the server did to the request
    "note.batch_axis": Text(
        "{where}: added a batch axis of 1, shape {shape}", "{where}: добавлена ось батча размера 1, форма {shape}"
    ),
    "note.not_finite": Text(
        "{count} output numbers are not finite (NaN or ±Infinity) and are sent as null",
        "выходных чисел, которые не конечны (NaN или ±Infinity) и отправлены как null: {count}",
    ),
    # Importing what Keras's model.to_json() wrote
    "import.not_keras_json": Text(
        "expected what Keras's model.to_json() writes: an object with `class_name` and `config`",
        "ожидается то, что пишет model.to_json() в Keras: объект с полями `class_name` и `config`",
    ),
    "import.not_a_model": Text(
        "expected a Keras Functional or Sequential model; received {what}",
        "ожидается модель Keras типа Functional или Sequential; получено {what}",
    ),
    "import.a_layer": Text("a single layer", "отдельный слой"),
    "import.from_module": Text("{what} from module {module}", "{what} из модуля {module}"),
    "import.no_layers": Text("the model's `config` has no `layers` list", "в `config` модели нет списка `layers`"),
    "import.unbuilt": Text(
        "the Sequential model has no input shape (it was never built): give it a keras.Input first, "
        "or call model.build(input_shape) before model.to_json()",
        "у модели Sequential нет формы входа (она не была построена): начните её с keras.Input "
        "или вызовите model.build(input_shape) перед model.to_json()",
    ),
    "import.no_outputs": Text("the model lists no `output_layers`", "в модели не указаны `output_layers`"),
    "import.bad_output_ref": Text(
        "cannot read the reference {ref}; expected [layer name, node index, tensor index]",
        "не удаётся прочитать ссылку {ref}; ожидается [имя слоя, номер узла, номер тензора]",
    ),
    "import.bad_ref": Text(
        "{who}: cannot read the reference {ref}; expected [layer name, node index, tensor index]",
        "{who}: не удаётся прочитать ссылку {ref}; ожидается [имя слоя, номер узла, номер тензора]",
    ),
    "import.shared": Text(
        "{who} is called {count} times in the model; a layer list calls each layer exactly once "
        "(shared layers are not supported)",
        "{who}: вызовов в модели: {count}; в списке слоёв каждый слой вызывается ровно один раз "
        "(общие слои не поддерживаются)",
    ),
    "import.not_a_tensor": Text(
        "{who} is called with a value that is not a tensor ({value}); a layer list connects layers by their inputs "
        "only",
        "{who} вызывается со значением, которое не является тензором ({value}); в списке слоёв слои соединяются "
        "только входами",
    ),
    "import.call_argument": Text(
        "{who} is called with `{arg}`={value}; a layer list cannot pass call arguments (such as initial_state) "
        "between layers",
        "{who} вызывается с `{arg}`={value}; список слоёв не умеет передавать аргументы вызова (например, "
        "initial_state) между слоями",
    ),
    "import.no_input_shape": Text("{who} has no input shape", "{who}: нет формы входа"),
    "import.input_kind": Text("{who}: {arg} inputs are not supported", "{who}: входы {arg} не поддерживаются"),
    "import.input_dtype": Text(
        "{who}: dtype {dtype} is not supported; expected float32 or int32",
        "{who}: тип {dtype} не поддерживается; ожидается float32 или int32",
    ),
    "import.bad_layer": Text(
        "cannot read the layer {value}; expected an object with `class_name` and `config`",
        "не удаётся прочитать слой {value}; ожидается объект с `class_name` и `config`",
    ),
    "import.foreign_module": Text(
        "{who} comes from module {module}; only Keras's own layers (module keras.layers) are accepted",
        "{who} взят из модуля {module}; принимаются только слои самого Keras (модуль keras.layers)",
    ),
    "import.nested_model": Text(
        "{who} is a whole model used as a layer; Layer Lab reads one flat list of layers: build the model with the "
        "inner model's layers in its place",
        "{who} — целая модель, использованная как слой; Layer Lab читает один плоский список слоёв: соберите модель, "
        "поставив на её место слои внутренней модели",
    ),
    "import.unknown_type": Text(
        "layer {name}: {type} is not a layer type Layer Lab builds; accepted: {types}",
        "слой {name}: тип {type} Layer Lab не строит; допустимые: {types}",
    ),
    "import.application_class": Text(
        "layer {name} is {type}, a class Keras defines inside keras.applications ({where}) for that one architecture, "
        "not a layer of keras.layers; Layer Lab builds only the layers of its catalogue, so this model cannot be "
        "imported",
        "слой {name} — {type}, класс, который Keras определяет внутри keras.applications ({where}) только для этой "
        "архитектуры, а не слой из keras.layers; Layer Lab строит только слои своего каталога, поэтому эту модель "
        "импортировать нельзя",
    ),
    "import.operation": Text(
        "layer {name} is the operation {type} on {values}; only +, − and × of two tensors, or of a tensor and a "
        "number, can be written as catalogue layers",
        "слой {name} — операция {type} над {values}; слоями каталога записываются только +, − и × двух тензоров "
        "или тензора и числа",
    ),
    "import.custom_class": Text(
        "layer {name} is a custom class registered as {registered}; only Keras's own layers are accepted",
        "слой {name} — пользовательский класс, зарегистрированный как {registered}; принимаются только слои "
        "самого Keras",
    ),
    "import.code": Text(
        "layer {name} is a {type}: Lambda layers run arbitrary code and are not accepted; rebuild that step from "
        "catalogue layers",
        "слой {name} — {type}: слои Lambda выполняют произвольный код и не принимаются; соберите этот шаг из слоёв "
        "каталога",
    ),
    "import.too_deep": Text(
        "the model JSON nests deeper than {limit} levels; Keras never writes that",
        "JSON модели вложен глубже {limit} уровней; Keras такого не пишет",
    ),
    "import.inner_who": Text("{who}, inner layer {type}", "{who}, внутренний слой {type}"),
    "import.dtype": Text(
        "{who}: layers compute in float32; received {value}", "{who}: слои считают во float32; получено {value}"
    ),
    "import.not_accepted": Text(
        "{who}: `{arg}`={value} is not an argument Layer Lab accepts for {type}; accepted: {accepted}",
        "{who}: аргумент `{arg}`={value} не принимается для {type}; допустимые: {accepted}",
    ),
    "import.python_object": Text(
        "{who}: `{arg}` holds a serialised Python object ({kind}); only plain values (numbers, strings, lists) "
        "are accepted",
        "{who}: `{arg}` содержит сериализованный объект Python ({kind}); принимаются только простые значения "
        "(числа, строки, списки)",
    ),
    "import.bad_initializer": Text(
        "{who}: cannot read the initializer {value}", "{who}: не удаётся прочитать инициализатор {value}"
    ),
    "import.unreadable": Text("{who}: cannot read {value}", "{who}: не удаётся прочитать {value}"),
    "import.custom_object": Text(
        "{who}: `{arg}` is a custom object ({custom}); only Keras's own are accepted",
        "{who}: `{arg}` — пользовательский объект ({custom}); принимаются только объекты самого Keras",
    ),
    "import.settings": Text(
        "{who}: `{arg}` is {type} with settings {settings}; Layer Lab accepts {kind} by name only, with Keras's "
        "default settings",
        "{who}: `{arg}` — {type} с настройками {settings}; Layer Lab принимает {kind} только по имени, с "
        "настройками Keras по умолчанию",
    ),
    "import.initializers": Text("initializers", "инициализаторы"),
    "import.regularizers": Text("regularizers", "регуляризаторы"),
    "import.constraints": Text("constraints", "ограничения"),
    "import.backward_layer": Text(
        "{who}: a separate backward_layer is not supported; the backward direction is a copy of `layer`",
        "{who}: отдельный backward_layer не поддерживается; обратное направление — копия `layer`",
    ),
    # Predictions: the answer's size, the layers traced and the windows asked for
    "limit.answer": Text(
        "the answer would carry {count} numbers; the limit is {limit}; {hint}",
        "ответ содержал бы чисел: {count}; предел — {limit}; {hint}",
    ),
    "limit.hint_windows_trace": Text(
        "ask for big tensors in windows (`window.max_numbers`), trace fewer layers, or feed a smaller batch",
        "запросите большие тензоры окнами (`window.max_numbers`), запросите `trace` меньшего числа слоёв или "
        "подайте батч меньше",
    ),
    "limit.hint_windows": Text(
        "ask for big tensors in windows (`window.max_numbers`), or feed a smaller batch",
        "запросите большие тензоры окнами (`window.max_numbers`) или подайте батч меньше",
    ),
    "limit.hint_trace": Text(
        "trace fewer layers, or feed a smaller batch", "запросите `trace` меньшего числа слоёв или подайте батч меньше"
    ),
    "limit.hint_batch": Text("feed a smaller batch", "подайте батч меньше"),
    "window.no_layer": Text(
        "{where}: the model has no layer {name}; its layers: {layers}",
        "{where}: в модели нет слоя {name}; её слои: {layers}",
    ),
    "window.no_tensor": Text(
        "{where}: layer '{layer_name}' has no tensor {name}; its tensors: {tensors}",
        "{where}: у слоя '{layer_name}' нет тензора {name}; его тензоры: {tensors}",
    ),
    "window.axes": Text(
        "{where}: {name} has {count} axes {shape}; received {received} start indices {start}",
        "{where}: у {name} осей: {count} {shape}; получено начальных индексов: {received} {start}",
    ),
    "window.axes_batch": Text(
        "{where}: {name} has {count} axes {shape}, batch first; received {received} start indices {start}",
        "{where}: у {name} осей: {count} {shape}, первая — батч; получено начальных индексов: {received} {start}",
    ),
    "window.past_end": Text(
        "{where}: start {start} on axis {axis} is past the end of {name} {shape}; it goes from 0 to {last}",
        "{where}: начало {start} по оси {axis} за концом {name} {shape}; допустимо от 0 до {last}",
    ),
    "import.not_a_layer_list": Text(
        "the imported model does not fit a layer list: {where}: expected {expected}",
        "импортированная модель не укладывается в список слоёв: {where}: ожидается {expected}",
    ),
    # Work in the worker processes
    "work.busy": Text(
        "every worker ({workers}) is busy, requests waiting in line: {waiting}; try again shortly",
        "все обработчики ({workers}) заняты, запросов в очереди: {waiting}; повторите чуть позже",
    ),
    "work.timeout": Text(
        "the model ran longer than {seconds} s and was stopped; make it smaller or feed less data",
        "модель работала дольше {seconds} с и была остановлена; уменьшите её или подайте меньше данных",
    ),
    "work.lost": Text(
        "the worker running this request stopped unexpectedly; it has been replaced, try again",
        "обработчик этого запроса неожиданно остановился; он заменён, повторите запрос",
    ),
    "work.keras_refused": Text("Keras refused the model: {error}", "Keras не принял модель: {error}"),
    # The request itself
    "request.body": Text("the body", "тело запроса"),
    "request.too_large": Text("the request body is larger than {limit} bytes", "тело запроса больше {limit} байт"),
    "request.not_json": Text("{where} is not valid JSON: {reason}", "{where} — не JSON (разбор: {reason})"),
    "request.nan": Text(
        "{where} uses NaN or Infinity, which JSON does not have; send finite numbers",
        "{where}: есть NaN или Infinity, которых нет в JSON; присылайте конечные числа",
    ),
    "request.number_too_large": Text(
        "{where} has a number too large for any float (float32 reaches ±3.4e38); send a smaller one",
        "{where}: число больше любого float (float32 — до ±3,4e38); пришлите меньшее",
    ),
    "request.too_deep": Text(
        "the body nests lists or objects too deeply to be read",
        "в теле запроса слишком глубокая вложенность списков или объектов, его не прочесть",
    ),
    "request.json_text_type": Text("json_text must be a string", "json_text должен быть строкой"),
    "request.json_text_object": Text(
        "the model's text (json_text) must hold a JSON object, as model.to_json() writes",
        "текст модели (json_text) должен содержать объект JSON, как его пишет model.to_json()",
    ),
    "request.json_text": Text("the model's text (json_text)", "текст модели (json_text)"),
    "request.no_example": Text(
        "no example {example}; see GET /api/examples", "нет примера {example}; см. GET /api/examples"
    ),
    # The gallery (issue 13: G12)
    "gallery.not_found": Text(
        "no gallery model {model}; the gallery has: {models}", "в галерее нет модели {model}; в ней есть: {models}"
    ),
    "request.not_found": Text(
        "there is no page or API route {path}; the API is listed at /docs",
        "нет страницы или пути API {path}; список API — на /docs",
    ),
    "request.method": Text(
        "{path} does not take {method}; it takes {allowed}", "{path} не принимает {method}; принимает {allowed}"
    ),
    "request.bug": Text("internal error; it has been logged", "внутренняя ошибка; она записана в журнал"),
    # Kernel presets (issue 11: P11)
    "kernel.no_layer": Text(
        "`layer`: expected the name of a layer of the model ({layers}); got {name}",
        "`layer`: ожидается имя слоя модели ({layers}); получено {name}",
    ),
    "kernel.no_presets": Text(
        "`layer`: {name} is a {type}; kernel presets are for {types}",
        "`layer`: {name} — это {type}; готовые ядра есть для {types}",
    ),
    "kernel.unknown_preset": Text(
        "`preset`: expected one of {presets}; got {preset}",
        "`preset`: ожидается одно из {presets}; получено {preset}",
    ),
    # The notebook widget (issue 14: N14, the layerlab package)
    "widget.not_a_model": Text(
        "layerlab.show takes a Keras model (keras.Model or keras.Sequential); received {type}",
        "layerlab.show принимает модель Keras (keras.Model или keras.Sequential); получено: {type}",
    ),
    "widget.a_layer": Text(
        "layerlab.show takes a whole model; for one layer ({type}) use layerlab.explain(layer, x)",
        "layerlab.show принимает модель целиком; для одного слоя ({type}) есть layerlab.explain(layer, x)",
    ),
    "widget.not_a_layer": Text(
        "layerlab.explain takes one Keras layer (model.get_layer(name)); received {type}",
        "layerlab.explain принимает один слой Keras (model.get_layer(name)); получено: {type}",
    ),
    "widget.unbuilt": Text(
        "the Sequential model {name} has no input shape yet; start it with keras.Input(shape=...) or call it once",
        "у модели Sequential {name} ещё нет формы входа; начните её с keras.Input(shape=...) или вызовите один раз",
    ),
    "widget.layer_unbuilt": Text(
        "layer {name} has not been built, so its input shape is unknown; give layerlab.explain the data it takes",
        "слой {name} ещё не построен, форма его входа неизвестна; передайте layerlab.explain данные для него",
    ),
    "widget.config": Text(
        "Keras could not write the model out as JSON (model.to_json()), which is how Layer Lab reads it: {error}",
        "Keras не смог записать модель в JSON (model.to_json()), а Layer Lab читает её именно так: {error}",
    ),
    "widget.opaque_outputs": Text(
        "layer {name} ({type}) is not in Layer Lab's catalogue and gives several outputs; such a layer cannot be "
        "shown as one box",
        "слоя {name} ({type}) нет в каталоге Layer Lab, и выходов у него несколько; такой слой нельзя показать "
        "одним блоком",
    ),
    "widget.opaque_link": Text(
        "a Layer Lab link carries only layers of its catalogue; not in it: {names}",
        "ссылка на Layer Lab передаёт только слои его каталога; в нём нет: {names}",
    ),
    "widget.lang": Text(
        "lang: expected 'ru' or 'en'; received {lang}", "lang: ожидается 'ru' или 'en'; получено {lang}"
    ),
    # A step file (the lesson's or a teacher's, app/lesson/step.py): the field, then what was expected
    "step.file_name": Text(
        "expected a file name NN-<id>.toml (two digits, then lower-case words and dashes)",
        "ожидается имя файла NN-<id>.toml (две цифры, затем слова строчными буквами через дефис)",
    ),
    "step.toml": Text("not valid TOML: {reason}", "некорректный TOML: {reason}"),
    "step.missing": Text("{where}: missing; it is required", "{where}: нет значения; оно обязательно"),
    "step.extra": Text("{where}: unknown field", "{where}: неизвестное поле"),
    "step.extra_top": Text(
        "{where}: unknown field here; `{field}` goes at the top of the file, before the first [table]",
        "{where}: здесь такого поля нет; `{field}` пишется в начале файла, до первой [таблицы]",
    ),
    "step.invalid": Text(
        "{where}: expected {expected}; got {received}", "{where}: ожидается {expected}; получено {received}"
    ),
    "step.shape": Text(
        'a shape as Keras writes it, e.g. "(None, 64)" or "[(None, 64), (None, 64)]"',
        'форма, как её пишет Keras, например "(None, 64)" или "[(None, 64), (None, 64)]"',
    ),
    "step.languages": Text("ru, en or both", "ru, en или оба"),
    "step.both_languages": Text(
        "{where}: missing; the lesson speaks Russian and English",
        "{where}: нет значения; урок говорит по-русски и по-английски",
    ),
    "step.view": Text(
        "view: expected the name of a layer of the model ({names}); got {got}",
        "view: ожидается имя слоя модели ({names}); получено {got}",
    ),
    "step.pictures": Text(
        "inputs: a model with several inputs names each one's picture: {{{input} = …}}",
        "inputs: у модели с несколькими входами картинка указывается для каждого: {{{input} = …}}",
    ),
    "step.input_name": Text(
        "inputs.{name}: expected one of the model's inputs ({inputs})",
        "inputs.{name}: ожидается один из входов модели ({inputs})",
    ),
    "step.input_value": Text(
        "inputs.{name}: expected an array, {{fill = number}} or {{picture = name}}; got {got}",
        "inputs.{name}: ожидается массив, {{fill = число}} или {{picture = имя}}; получено {got}",
    ),
    "step.picture_name": Text(
        "inputs.{name}.picture: expected the name of a shipped picture ({names}); got {got}",
        "inputs.{name}.picture: ожидается имя картинки из поставки ({names}); получено {got}",
    ),
    "step.picture_size": Text(
        "inputs.{name}.picture: the picture {picture} is {size} (height × width × channels); the input takes {shape}",
        "inputs.{name}.picture: картинка {picture} размером {size} (высота × ширина × каналы); вход принимает {shape}",
    ),
    "step.question_layer": Text(
        "{where}.layer: expected the name of a layer of the model ({names}); got {got}",
        "{where}.layer: ожидается имя слоя модели ({names}); получено {got}",
    ),
    "step.question_output": Text(
        "{where}.output: {name} has {count} output(s), numbered from 0; got {got}",
        "{where}.output: выходов у {name}: {count}, нумерация с 0; получено {got}",
    ),
    "step.question_cell_kind": Text(
        "{where}.cell: only a value question names a cell; this one asks for {kind}",
        "{where}.cell: ячейку называет только вопрос value; этот спрашивает {kind}",
    ),
    "step.question_no_inputs": Text(
        "{where}.kind: a value question needs numbers to run the model on; the step has no inputs",
        "{where}.kind: вопросу value нужны числа, на которых запускается модель; у шага нет inputs",
    ),
    "step.question_cell_count": Text(
        "{where}.cell: expected {count} indices (batch axis first) into the output {shape}; got {got}",
        "{where}.cell: ожидается индексов в выходе {shape}: {count} (первая — ось пакета); получено {got}",
    ),
    "step.question_cell_outside": Text(
        "{where}.cell: index {index} on axis {axis} is outside the output {shape} (at most {last})",
        "{where}.cell: индекс {index} по оси {axis} вне выхода {shape} (не больше {last})",
    ),
    "step.weights_layer": Text(
        "weights.{name}: expected the name of a layer of the model; there is no {got}",
        "weights.{name}: ожидается имя слоя модели; слоя {got} нет",
    ),
    "step.weights_names": Text(
        "weights.{name}: expected every weight of {type}: {wanted}; got {got}",
        "weights.{name}: ожидаются все веса {type}: {wanted}; получено {got}",
    ),
    "step.weights_unreadable": Text(
        "weights_file: cannot read {path}: {reason}", "weights_file: не удаётся прочитать {path}: {reason}"
    ),
    "step.weights_not_json": Text(
        "weights_file: {path} is not JSON: {reason}", "weights_file: {path} — не JSON: {reason}"
    ),
    "step.weights_form": Text(
        "weights_file: expected {{layer name: [array, ...]}} in {path}",
        "weights_file: в {path} ожидается {{имя слоя: [массив, ...]}}",
    ),
    "step.weights_twice": Text(
        "weights_file: weights of {layers} are also in [weights]; give each layer's once",
        "weights_file: веса {layers} есть и в [weights]; дайте веса каждого слоя один раз",
    ),
    "step.draw_input": Text(
        "draw.input: expected one of the model's inputs ({inputs}); got {got}",
        "draw.input: ожидается один из входов модели ({inputs}); получено {got}",
    ),
    "step.draw_shape": Text(
        "draw.input: expected an input of shape (height, width, 1); {input} is {shape}",
        "draw.input: ожидается вход формы (высота, ширина, 1); {input} имеет форму {shape}",
    ),
    # A folder of step files (the lesson's, app/lesson/step.py, or a teacher's, app/lesson/teacher.py)
    "steps.no_files": Text(
        "expected step files (NN-<id>.toml) in the folder; there are none",
        "в папке ожидаются файлы шагов (NN-<id>.toml); их нет",
    ),
    "steps.id_taken": Text(
        "file name: expected an id of its own; {id} is taken by {owner}",
        "имя файла: ожидается свой id; {id} уже занят: {owner}",
    ),
    "steps.number_taken": Text(
        "file name: expected a number NN of its own; {number} is {owner}'s",
        "имя файла: ожидается свой номер NN; {number} уже у {owner}",
    ),
    "teacher.no_folder": Text(
        "expected a folder of step files (NN-<id>.toml); there is no such folder",
        "ожидается папка файлов шагов (NN-<id>.toml); такой папки нет",
    ),
    "teacher.the_lesson": Text("the lesson", "урок"),
    # A request that does not fit the API's schema (pydantic's refusals, by error type)
    "request.invalid": Text(
        "{where}: expected {expected}; received {received}", "{where}: ожидается {expected}; получено {received}"
    ),
    "request.where_layer": Text("{path} (layer {label})", "{path} (слой {label})"),
    "request.missing": Text("{where}: a value is required", "{where}: нужно значение"),
    "request.extra": Text(
        "{where}: `{field}` is not a field this request takes; received {received}",
        "{where}: поле `{field}` этот запрос не принимает; получено {received}",
    ),
    "request.not_json_type": Text(
        "the body must be JSON, sent with the header Content-Type: application/json; it came with Content-Type: {type} "
        "(curl -d sends application/x-www-form-urlencoded: add -H 'Content-Type: application/json')",
        "тело запроса должно быть JSON с заголовком Content-Type: application/json; оно пришло с Content-Type: {type} "
        "(curl -d отправляет application/x-www-form-urlencoded: добавьте -H 'Content-Type: application/json')",
    ),
    "pydantic.value": Text("a value of another kind ({type})", "значение другого вида ({type})"),
    "pydantic.missing": Text("a value", "значение"),
    "pydantic.int": Text("a whole number", "целое число"),
    "pydantic.int_size": Text("a whole number of at most 64 bits", "целое число не длиннее 64 бит"),
    "pydantic.float": Text("a number", "число"),
    "pydantic.finite": Text("a finite number", "конечное число"),
    "pydantic.bool": Text("true or false", "true или false"),
    "pydantic.str": Text("text (a string)", "текст (строка)"),
    "pydantic.list": Text("a list", "список"),
    "pydantic.object": Text("an object {{...}}", "объект {{...}}"),
    "pydantic.gt": Text("a number > {limit}", "число > {limit}"),
    "pydantic.ge": Text("a number ≥ {limit}", "число ≥ {limit}"),
    "pydantic.lt": Text("a number < {limit}", "число < {limit}"),
    "pydantic.le": Text("a number ≤ {limit}", "число ≤ {limit}"),
    "pydantic.literal": Text("one of {choices}", "одно из значений {choices}"),
    "pydantic.too_long": Text("at most {limit} item(s)", "элементов: не больше {limit}"),
    "pydantic.too_short": Text("at least {limit} item(s)", "элементов: не меньше {limit}"),
    "pydantic.str_too_long": Text("text of at most {limit} characters", "текст не длиннее {limit} символов"),
    "pydantic.str_too_short": Text("text of at least {limit} characters", "текст не короче {limit} символов"),
    "pydantic.pattern": Text("text of the form {pattern}", "текст вида {pattern}"),
    "pydantic.tag": Text('`"type"` one of {choices}', '`"type"` — одно из значений {choices}'),
    "pydantic.json": Text("valid JSON", "корректный JSON"),
}
"""Every message, by key."""

PYDANTIC: dict[str, tuple[str, str | None]] = {
    # pydantic's error type → the message saying what was expected, and the ctx value it takes as ``limit``
    "missing": ("pydantic.missing", None),
    "int_type": ("pydantic.int", None),
    "int_parsing": ("pydantic.int", None),
    "int_from_float": ("pydantic.int", None),
    "int_parsing_size": ("pydantic.int_size", None),
    "float_type": ("pydantic.float", None),
    "float_parsing": ("pydantic.float", None),
    "finite_number": ("pydantic.finite", None),
    "bool_type": ("pydantic.bool", None),
    "bool_parsing": ("pydantic.bool", None),
    "string_type": ("pydantic.str", None),
    "list_type": ("pydantic.list", None),
    "tuple_type": ("pydantic.list", None),
    "dict_type": ("pydantic.object", None),
    "model_type": ("pydantic.object", None),
    "model_attributes_type": ("pydantic.object", None),
    "greater_than": ("pydantic.gt", "gt"),
    "greater_than_equal": ("pydantic.ge", "ge"),
    "less_than": ("pydantic.lt", "lt"),
    "less_than_equal": ("pydantic.le", "le"),
    "too_long": ("pydantic.too_long", "max_length"),
    "too_short": ("pydantic.too_short", "min_length"),
    "string_too_long": ("pydantic.str_too_long", "max_length"),
    "string_too_short": ("pydantic.str_too_short", "min_length"),
    "json_invalid": ("pydantic.json", None),
}
PATTERNS = {
    r"^[A-Za-z][A-Za-z0-9_]{0,63}$": Text(
        "a name: a letter, then letters, digits or _ (64 at most)",
        "имя: буква, затем буквы, цифры или _ (не больше 64)",
    ),
    r"^[A-Za-z][A-Za-z0-9_]{0,63}(:[0-9]{1,2})?$": Text(
        "a layer name, or `name:k` with k the output's number",
        "имя слоя или `имя:k`, где k — номер выхода",
    ),
    r"^[A-Za-z][A-Za-z0-9_]{0,63}(:[0-9]{1,2}|(/[A-Za-z][A-Za-z0-9_]{0,63}){1,2})?$": Text(
        "a tensor's name in the answer: a layer (`conv2d`), one output of several (`lstm:1`) or a weight "
        "(`conv2d/kernel`)",
        "имя тензора в ответе: слой (`conv2d`), один из выходов (`lstm:1`) или вес (`conv2d/kernel`)",
    ),
    r"^[0-9a-f]{24}$": Text(
        "a weight's `digest` from an earlier answer (24 hex digits)",
        "`digest` веса из прежнего ответа (24 шестнадцатеричные цифры)",
    ),
}
"""The patterns of the API's schema (``app.schemas``), in words."""


def expected(error: Any) -> Text:
    """What a pydantic error says was expected, in both languages (never pydantic's English sentence)."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in PYDANTIC:
        key, limit = PYDANTIC[kind]
        return text(key, limit=ctx[limit]) if limit else text(key)
    if kind == "literal_error":
        return text("pydantic.literal", choices=_choices(str(ctx.get("expected", ""))))
    if kind == "union_tag_invalid":
        return text("pydantic.tag", choices=_choices(str(ctx.get("expected_tags", ""))))
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        return PATTERNS.get(pattern) or text("pydantic.pattern", pattern=pattern)
    return text("pydantic.value", type=kind)


def _choices(listed: str) -> Text:
    """pydantic lists choices as ``'a', 'b' or 'c'``."""
    return Text(listed, listed.replace(" or ", " или "))


def text(key: str, **values: Any) -> Text:
    """The message ``key`` in both languages, its placeholders filled."""
    message = MESSAGES[key]
    return Text(_fill(message.en, values, "en"), _fill(message.ru, values, "ru"))


def invalid(key: str, *, layer: str | int | None = None, arg: str | None = None, **values: Any) -> Invalid:
    """The 422 refusal that says message ``key`` (``layer`` and ``arg`` name what it is about; a ``{arg}`` in the
    message is that argument)."""
    message = text(key, **values) if arg is None else text(key, arg=arg, **values)
    return Invalid(message.en, ru=message.ru, layer=layer, arg=arg)


def joined(parts: list[Text], word: str = "word.and") -> Text:
    """``≥ 1 and ≤ 6`` / ``≥ 1 и ≤ 6``."""
    between = MESSAGES[word]
    return Text(between.en.join(p.en for p in parts), between.ru.join(p.ru for p in parts))


def refusal(error: type[E], key: str, *, arg: str | None = None, **values: Any) -> E:
    """An error of class ``error`` (``BadRequest``, ``Busy``, ...) that says message ``key``."""
    message = text(key, **values)
    return error(message.en, ru=message.ru) if arg is None else error(message.en, ru=message.ru, arg=arg)


def received(text: str) -> str:
    """What arrived, as a refusal quotes it: at most 80 characters (a longer text cut, ending ``...``)."""
    return text if len(text) <= 80 else text[:77] + "..."


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def number(value: int | float, lang: str) -> str:
    """``15010`` → ``15,010`` / ``15 010`` (grouped by a narrow no-break space, U+202F, as the page groups them:
    a copy keeps it, so a number copied from a message reads back whole); ``-2.5`` → ``-2.5`` / ``−2,5``."""
    if isinstance(value, int):
        grouped = f"{value:,}"
        return grouped if lang == "en" else _russian(grouped.replace(",", "\u202f"))
    shown = f"{value:g}"
    return shown if lang == "en" else _russian(shown)


def approx(value: float, digits: int = 3) -> Text:
    """A number to ``digits`` significant digits, in each language's form: ``-1.18e-21`` / ``−1,18e−21``."""
    shown = f"{value:.{digits}g}"
    return Text(shown, _russian(shown))


def _russian(shown: str) -> str:
    """A number Python wrote, as the Russian page writes it: a decimal comma and the minus sign "−" (U+2212)."""
    return shown.replace(".", ",").replace("-", "\u2212")


def _fill(template: str, values: dict[str, Any], lang: str) -> str:
    return template.format(**{name: _shown(value, lang) for name, value in values.items()})


def _shown(value: Any, lang: str) -> str:
    if isinstance(value, Text):
        return value.en if lang == "en" else value.ru
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value, lang)
    return str(value)
