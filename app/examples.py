"""The lesson "Как работают основные слои" (How the basic layers work): every model cell of the notebook as a
ready example, in the notebook's order.

Each example is the cell's model as a layer list, the data the cell feeds it, and what the notebook printed
(for the tests). The Russian text is the notebook's own; the English is a translation. Where Keras 3 or our
fixed seeds give other names or numbers than the notebook (Keras 2, random weights), the text says so.
"""

from dataclasses import asdict, dataclass

VIEWS = (
    "summary",
    "dense",
    "flatten",
    "reshape",
    "concatenate",
    "conv2d",
    "maxpool2d",
    "upsampling2d",
    "conv2d_transpose",
    "embedding",
    "conv1d",
    "lstm",
)
"""What the page can show beside a model: its summary, or the view made for one layer kind."""


@dataclass(frozen=True)
class Example:
    id: str
    cell: str
    title: dict[str, str]
    text: dict[str, str]
    model: dict
    inputs: object | None
    weights: dict | None
    view: str
    expected: dict
    """What the notebook printed: ``output_shapes`` by layer, ``total_params``; ``outputs`` where the numbers
    do not depend on random weights; ``prediction_shapes`` where it printed the shapes of a prediction."""
    seed: int = 0
    """Seed of the random initial weights (a rerun of a cell with new weights uses another)."""


def _model(*layers: dict, outputs: list[str] | None = None) -> dict:
    spec: dict = {"layers": list(layers)}
    if outputs is not None:
        spec["outputs"] = outputs
    return spec


def _layer(type_name: str, name: str | None = None, inputs: list[str] | None = None, **args) -> dict:
    entry: dict = {"type": type_name, "args": args}
    if name is not None:
        entry["name"] = name
    if inputs is not None:
        entry["inputs"] = inputs
    return entry


def _channel(rows: list[list[float]]) -> list:
    """A one-channel picture with its batch axis: ``[[4, 2], [3, 6]]`` → shape (1, 2, 2, 1)."""
    return [[[[value] for value in row] for row in rows]]


def _steps(values: list[float]) -> list:
    """A sequence of single numbers with its batch axis: shape (1, steps, 1)."""
    return [[[value] for value in values]]


PICTURE = [[4, 2], [3, 6]]
SEQUENCE = [0.1, 0.2, 0.3, 0.4]
WORDS = [list(range(10))]
"""``np.arange(10).reshape(1, 10)``: one sequence of ten word indices."""

LSTM_TEXT_RU = (
    "*return_sequences* - отвечает за то возвращается ли только последний вывод последовательности "
    "или вся последовательность."
)
LSTM_TEXT_EN = (
    "*return_sequences* decides whether only the last output of the sequence is returned, or the whole sequence."
)
STATE_TEXT_RU = (
    "*return_state* - в дополнение к выходным данным возвращает состояние ячейки.\n\n"
    "В итоге возвращается три массива:\n"
    "1. Скрытое состояние LSTM для последнего временного шага.\n"
    "2. Скрытое состояние LSTM для последнего временного шага (еще раз).\n"
    "3. Состояние ячейки LSTM для последнего временного шага.\n\n"
    "Скрытое состояние и состояние ячейки можно использовать для инициализации состояний другого слоя LSTM "
    "с тем же количеством ячеек."
)
STATE_TEXT_EN = (
    "*return_state*: besides the output, returns the state of the cell.\n\n"
    "So three arrays come back:\n"
    "1. The LSTM's hidden state for the last time step.\n"
    "2. The LSTM's hidden state for the last time step (once more).\n"
    "3. The LSTM's cell state for the last time step.\n\n"
    "The hidden state and the cell state can be used to initialise the states of another LSTM layer "
    "with the same number of units."
)
RANDOM_RU = (
    "Начальные веса случайны, поэтому числа не совпадают с напечатанными в блокноте; совпадает форма. "
    "Здесь веса задаются зерном (seed): то же зерно — те же числа."
)
RANDOM_EN = (
    "The initial weights are random, so the numbers differ from those the notebook printed; the shape is the "
    "same. Here the weights come from a seed: the same seed gives the same numbers."
)
CONV2D_RU = (
    "Слой **Conv2D** создает ядро свертки, которое свертывается со входом слоя для получения "
    "выходного тензора (пример - свертка изображений).\n\n"
    "Входной слой должен иметь три размерности (не считая размерности для батча)\n\n"
    "Основные параметры слоя, влияющие на размер выходного тензора:\n"
    "- *filters* - количество нейронов в сверточном слое\n"
    "- *kernel_size* - размеры ядра свертки\n"
    "- *padding* - позволяет сохранить размерность массива по высоте и ширине не зависимо от размера "
    "ядра свертки\n"
    "- *strides* - шаги свертки по высоте и ширине\n"
    "- *dilation_rate* - параметр для задания разреженной свертки\n\n"
    "*Формула расчета выходной размерности:*\n"
    "https://pytorch.org/docs/stable/generated/torch.nn.Conv2d.html"
)
CONV2D_EN = (
    "The **Conv2D** layer creates a convolution kernel that is convolved with the layer's input to "
    "produce the output tensor (for example, convolving images).\n\n"
    "The input must have three dimensions (not counting the batch dimension).\n\n"
    "The main parameters that affect the size of the output tensor:\n"
    "- *filters*: the number of neurons in the convolutional layer\n"
    "- *kernel_size*: the size of the convolution kernel\n"
    "- *padding*: lets the array keep its height and width whatever the size of the kernel\n"
    "- *strides*: the steps of the convolution along height and width\n"
    "- *dilation_rate*: the parameter for a dilated (sparse) convolution\n\n"
    "*Formula for the output size:*\n"
    "https://pytorch.org/docs/stable/generated/torch.nn.Conv2d.html"
)
MAXPOOL_RU = (
    "Слой **MaxPool2D** уменьшает размер входных данных по высоте и ширине, принимая максимальное значение "
    "в окне для каждого канала. Размер окна определяется параметром *pool_size*.\n\n"
    "Также есть параметр *strides*, который работает так же как и в свертке, но по умолчанию равен размеру "
    "окна (pool_size)."
)
MAXPOOL_EN = (
    "The **MaxPool2D** layer shrinks its input in height and width by taking the largest value in a window, "
    "for each channel. The size of the window is set by the *pool_size* parameter.\n\n"
    "There is also a *strides* parameter, which works as in a convolution but by default equals the window "
    "size (pool_size)."
)
TRANSPOSE_RU = (
    "Слой **Conv2DTranspose** также увеличивает размер тензора, но с использованием сверток. "
    "Его еще называют Deconvolution-слой.\n\n"
    "Он увеличивает размер изображения по высоте и ширине аналогично слою UpSampling2D (только заполняя "
    "нулями), а затем применяет свертку к полученному массиву.\n\n"
    "Параметр *strides* здесь отвечает за то насколько сильно расширяется исходный массив."
)
TRANSPOSE_EN = (
    "The **Conv2DTranspose** layer also enlarges a tensor, but with convolutions. It is also called a "
    "deconvolution layer.\n\n"
    "It enlarges the picture in height and width like UpSampling2D (only filling with zeros), then applies a "
    "convolution to the resulting array.\n\n"
    "Here the *strides* parameter sets how much the original array is spread out."
)

EXAMPLES: list[Example] = [
    Example(
        id="dense-basic",
        cell="In [2]",
        title={"ru": "Input и Dense", "en": "Input and Dense"},
        text={
            "ru": "Слой **Input** инициализирует тензор Keras\n\n"
            "Слой **Dense** реализует операцию: output = activation(dot(input, weights) + bias), где:\n"
            "activation — это функция активации по элементам,\n"
            "weights — это матрица весов слоя,\n"
            "bias — это вектор смещения слоя.\n\n"
            "(Keras 3 называет входной слой `input_layer`; в блокноте, написанном для Keras 2, он называется "
            "`input_1`.)",
            "en": "The **Input** layer initialises a Keras tensor.\n\n"
            "The **Dense** layer computes output = activation(dot(input, weights) + bias), where:\n"
            "activation is the element-wise activation function,\n"
            "weights is the layer's weight matrix,\n"
            "bias is the layer's bias vector.\n\n"
            "(Keras 3 names the input layer `input_layer`; the notebook, written for Keras 2, "
            "shows `input_1`.)",
        },
        model=_model(
            _layer("Input", shape=64),
            _layer("Dense", units=200, activation="relu"),
            _layer("Dense", units=10, activation="softmax"),
        ),
        inputs=None,
        weights=None,
        view="summary",
        expected={
            "output_shapes": {"input_layer": [None, 64], "dense": [None, 200], "dense_1": [None, 10]},
            "total_params": 15010,
        },
    ),
    Example(
        id="dense-matrix",
        cell="In [3]",
        title={"ru": "Dense на матрице", "en": "Dense on a matrix"},
        text={
            "ru": "Слой Dense может работать не только с вектором, но и с матрицей.",
            "en": "The Dense layer works not only on a vector but also on a matrix.",
        },
        model=_model(
            _layer("Input", shape=[64, 64]),
            _layer("Dense", units=100, activation="relu"),
            _layer("Dense", units=2),
        ),
        inputs=None,
        weights=None,
        view="summary",
        expected={
            "output_shapes": {
                "input_layer": [None, 64, 64],
                "dense": [None, 64, 100],
                "dense_1": [None, 64, 2],
            },
            "total_params": 6702,
        },
    ),
    Example(
        id="dense-dot-product",
        cell="In [4-6]",
        title={"ru": "Dense как скалярное произведение", "en": "Dense as a dot product"},
        text={
            "ru": "Входные данные формы (2, 3, 4) и матрица весов: два нейрона с четырьмя весовыми "
            "коэффициентами, форма (4, 2). output = input_data.dot(weights) "
            "(аналогично input_data @ weights), размер выходных данных: (2, 3, 2).\n\n"
            "В блокноте это произведение считает numpy; здесь то же делает слой Dense(2, use_bias=False) "
            "с этими весами.",
            "en": "Input data of shape (2, 3, 4) and a weight matrix: two neurons with four weights each, "
            "shape (4, 2). output = input_data.dot(weights) (the same as input_data @ weights); the output "
            "has shape (2, 3, 2).\n\n"
            "The notebook computes this product with numpy; here a Dense(2, use_bias=False) layer with these "
            "weights does the same.",
        },
        model=_model(_layer("Input", shape=[3, 4]), _layer("Dense", units=2, use_bias=False)),
        inputs=[[[2, 4, 6, 8]] * 3, [[3, 5, 7, 9]] * 3],
        weights={"dense": [[[0.3, 0.5]] * 4]},
        view="dense",
        expected={
            "output_shapes": {"input_layer": [None, 3, 4], "dense": [None, 3, 2]},
            "total_params": 8,
            "outputs": [[[6.0, 10.0]] * 3, [[7.2, 12.0]] * 3],
            "prediction_shapes": [[2, 3, 2]],
        },
    ),
    Example(
        id="flatten",
        cell="In [7]",
        title={"ru": "Flatten", "en": "Flatten"},
        text={
            "ru": "Слой **Flatten** вытягивает данные в вектор. Не трогает размерность, отвечающую за батч.",
            "en": "The **Flatten** layer stretches the data out into a vector. It leaves the batch dimension alone.",
        },
        model=_model(_layer("Input", shape=[64, 64]), _layer("Dense", units=100), _layer("Flatten")),
        inputs=None,
        weights=None,
        view="flatten",
        expected={
            "output_shapes": {
                "input_layer": [None, 64, 64],
                "dense": [None, 64, 100],
                "flatten": [None, 6400],
            },
            "total_params": 6500,
        },
    ),
    Example(
        id="reshape-flat",
        cell="In [8]",
        title={"ru": "Reshape((-1,))", "en": "Reshape((-1,))"},
        text={
            "ru": "Слой **Reshape** приводит тензор к указанной форме.",
            "en": "The **Reshape** layer brings a tensor to the given shape.",
        },
        model=_model(_layer("Input", shape=[64, 64]), _layer("Dense", units=100), _layer("Reshape", target_shape=[-1])),
        inputs=None,
        weights=None,
        view="reshape",
        expected={
            "output_shapes": {
                "input_layer": [None, 64, 64],
                "dense": [None, 64, 100],
                "reshape": [None, 6400],
            },
            "total_params": 6500,
        },
    ),
    Example(
        id="reshape-10x10",
        cell="In [9]",
        title={"ru": "Reshape((10, 10))", "en": "Reshape((10, 10))"},
        text={
            "ru": "Слой **Reshape** приводит тензор к указанной форме.",
            "en": "The **Reshape** layer brings a tensor to the given shape.",
        },
        model=_model(_layer("Input", shape=64), _layer("Dense", units=100), _layer("Reshape", target_shape=[10, 10])),
        inputs=None,
        weights=None,
        view="reshape",
        expected={
            "output_shapes": {"input_layer": [None, 64], "dense": [None, 100], "reshape": [None, 10, 10]},
            "total_params": 6500,
        },
    ),
    Example(
        id="concatenate",
        cell="In [10]",
        title={"ru": "Concatenate", "en": "Concatenate"},
        text={
            "ru": "Слой **Concatenate** объединяет данные с разных ветвей нейронной сети.",
            "en": "The **Concatenate** layer joins the data coming from different branches of a neural network.",
        },
        model=_model(
            _layer("Input", "inp_1", shape=[64, 64, 3]),
            _layer("Input", "inp_2", shape=[64, 64, 3]),
            _layer("Concatenate", inputs=["inp_1", "inp_2"], axis=3),
        ),
        inputs=None,
        weights=None,
        view="concatenate",
        expected={
            "output_shapes": {
                "inp_1": [None, 64, 64, 3],
                "inp_2": [None, 64, 64, 3],
                "concatenate": [None, 64, 64, 6],
            },
            "total_params": 0,
        },
    ),
    Example(
        id="conv2d-valid",
        cell="In [11]",
        title={"ru": "Conv2D", "en": "Conv2D"},
        text={"ru": CONV2D_RU, "en": CONV2D_EN},
        model=_model(_layer("Input", shape=[128, 128, 3]), _layer("Conv2D", filters=32, kernel_size=[3, 3])),
        inputs=None,
        weights=None,
        view="conv2d",
        expected={
            "output_shapes": {"input_layer": [None, 128, 128, 3], "conv2d": [None, 126, 126, 32]},
            "total_params": 896,
        },
    ),
    Example(
        id="conv2d-same",
        cell="In [12]",
        title={"ru": "Conv2D с padding='same'", "en": "Conv2D with padding='same'"},
        text={
            "ru": "*padding* - позволяет сохранить размерность массива по высоте и ширине не зависимо "
            "от размера ядра свертки.",
            "en": "*padding* lets the array keep its height and width whatever the size of the kernel.",
        },
        model=_model(
            _layer("Input", shape=[128, 128, 3]),
            _layer("Conv2D", filters=32, kernel_size=[3, 3], padding="same"),
        ),
        inputs=None,
        weights=None,
        view="conv2d",
        expected={
            "output_shapes": {"input_layer": [None, 128, 128, 3], "conv2d": [None, 128, 128, 32]},
            "total_params": 896,
        },
    ),
    Example(
        id="conv2d-strides",
        cell="In [13]",
        title={"ru": "Conv2D со strides", "en": "Conv2D with strides"},
        text={"ru": "Добавим параметр strides.", "en": "Let us add the strides parameter."},
        model=_model(
            _layer("Input", shape=[128, 128, 3]),
            _layer("Conv2D", filters=32, kernel_size=[3, 3], padding="same", strides=[2, 2]),
        ),
        inputs=None,
        weights=None,
        view="conv2d",
        expected={
            "output_shapes": {"input_layer": [None, 128, 128, 3], "conv2d": [None, 64, 64, 32]},
            "total_params": 896,
        },
    ),
    Example(
        id="conv2d-dilation",
        cell="In [14]",
        title={"ru": "Conv2D с dilation_rate", "en": "Conv2D with dilation_rate"},
        text={"ru": "Добавим параметр dilation_rate.", "en": "Let us add the dilation_rate parameter."},
        model=_model(
            _layer("Input", shape=[128, 128, 3]),
            _layer("Conv2D", filters=32, kernel_size=[3, 3], padding="valid", dilation_rate=[2, 2]),
        ),
        inputs=None,
        weights=None,
        view="conv2d",
        expected={
            "output_shapes": {"input_layer": [None, 128, 128, 3], "conv2d": [None, 124, 124, 32]},
            "total_params": 896,
        },
    ),
    Example(
        id="maxpool2d",
        cell="In [15]",
        title={"ru": "MaxPool2D", "en": "MaxPool2D"},
        text={"ru": MAXPOOL_RU, "en": MAXPOOL_EN},
        model=_model(
            _layer("Input", shape=[128, 128, 3]),
            _layer("Conv2D", filters=32, kernel_size=[3, 3], padding="same"),
            _layer("MaxPool2D", pool_size=2),
        ),
        inputs=None,
        weights=None,
        view="maxpool2d",
        expected={
            "output_shapes": {
                "input_layer": [None, 128, 128, 3],
                "conv2d": [None, 128, 128, 32],
                "max_pooling2d": [None, 64, 64, 32],
            },
            "total_params": 896,
        },
    ),
    Example(
        id="maxpool2d-odd",
        cell="In [16]",
        title={"ru": "MaxPool2D: нечётный размер", "en": "MaxPool2D: an odd size"},
        text={
            "ru": "Если размеры высоты/ширины не делятся нацело на размер окна, то деление происходит "
            "с округлением вниз.",
            "en": "If the height or width is not divisible by the window size, the division rounds down.",
        },
        model=_model(
            _layer("Input", shape=[127, 127, 3]),
            _layer("Conv2D", filters=32, kernel_size=[3, 3], padding="same"),
            _layer("MaxPool2D", pool_size=2),
        ),
        inputs=None,
        weights=None,
        view="maxpool2d",
        expected={
            "output_shapes": {
                "input_layer": [None, 127, 127, 3],
                "conv2d": [None, 127, 127, 32],
                "max_pooling2d": [None, 63, 63, 32],
            },
            "total_params": 896,
        },
    ),
    Example(
        id="maxpool2d-same",
        cell="In [17]",
        title={"ru": "MaxPool2D с padding='same'", "en": "MaxPool2D with padding='same'"},
        text={
            "ru": "Однако, это можно изменить, если сделать заполнение через *Padding*.",
            "en": "This can be changed, though, by padding the input with *padding*.",
        },
        model=_model(
            _layer("Input", shape=[127, 127, 3]),
            _layer("Conv2D", filters=32, kernel_size=[3, 3], padding="same"),
            _layer("MaxPool2D", pool_size=2, padding="same"),
        ),
        inputs=None,
        weights=None,
        view="maxpool2d",
        expected={
            "output_shapes": {
                "input_layer": [None, 127, 127, 3],
                "conv2d": [None, 127, 127, 32],
                "max_pooling2d": [None, 64, 64, 32],
            },
            "total_params": 896,
        },
    ),
    Example(
        id="upsampling2d",
        cell="In [18]",
        title={"ru": "UpSampling2D", "en": "UpSampling2D"},
        text={
            "ru": "Слой **UpSampling2D** увеличивает размер тензора, путем повторения данных.",
            "en": "The **UpSampling2D** layer enlarges a tensor by repeating the data.",
        },
        model=_model(_layer("Input", shape=[128, 128, 3]), _layer("UpSampling2D", size=[2, 2])),
        inputs=None,
        weights=None,
        view="upsampling2d",
        expected={
            "output_shapes": {"input_layer": [None, 128, 128, 3], "up_sampling2d": [None, 256, 256, 3]},
            "total_params": 0,
        },
    ),
    Example(
        id="upsampling2d-demo",
        cell="In [19-22]",
        title={"ru": "UpSampling2D: пример работы", "en": "UpSampling2D at work"},
        text={
            "ru": "Пример работы слоя. Модель принимает на вход данные размерности 4D, поэтому данные "
            "[[4, 2], [3, 6]] приводим к форме (1, 2, 2, 1). Каждое число повторяется в квадрате 2 × 2.",
            "en": "The layer at work. The model takes 4-D data, so the data [[4, 2], [3, 6]] is reshaped to "
            "(1, 2, 2, 1). Each number is repeated in a 2 × 2 square.",
        },
        model=_model(_layer("Input", shape=[2, 2, 1]), _layer("UpSampling2D", size=[2, 2])),
        inputs=_channel(PICTURE),
        weights=None,
        view="upsampling2d",
        expected={
            "output_shapes": {"input_layer": [None, 2, 2, 1], "up_sampling2d": [None, 4, 4, 1]},
            "total_params": 0,
            "outputs": _channel([[4, 4, 2, 2], [4, 4, 2, 2], [3, 3, 6, 6], [3, 3, 6, 6]]),
            "prediction_shapes": [[1, 4, 4, 1]],
        },
    ),
    Example(
        id="conv2d-transpose",
        cell="In [23]",
        title={"ru": "Conv2DTranspose", "en": "Conv2DTranspose"},
        text={"ru": TRANSPOSE_RU, "en": TRANSPOSE_EN},
        model=_model(
            _layer("Input", shape=[128, 128, 3]),
            _layer("Conv2DTranspose", filters=32, kernel_size=[3, 3], strides=[2, 2], padding="same"),
        ),
        inputs=None,
        weights=None,
        view="conv2d_transpose",
        expected={
            "output_shapes": {"input_layer": [None, 128, 128, 3], "conv2d_transpose": [None, 256, 256, 32]},
            "total_params": 896,
        },
    ),
    Example(
        id="conv2d-transpose-demo",
        cell="In [45, 46, 52, 27]",
        title={"ru": "Conv2DTranspose: пример работы", "en": "Conv2DTranspose at work"},
        text={
            "ru": "Пример работы слоя. Для демонстрации установим в модель веса, которые никак не влияют "
            "на выходные данные: ядро [[[[1]]]] и смещение [0]. С strides=(3, 3) каждое число входа "
            "[[4, 2], [3, 6]] встаёт в угол своего квадрата 3 × 3, остальное заполняется нулями.",
            "en": "The layer at work. For the demonstration we set weights that leave the data unchanged: "
            "kernel [[[[1]]]] and bias [0]. With strides=(3, 3) each number of the input [[4, 2], [3, 6]] "
            "lands in the corner of its own 3 × 3 square; the rest is filled with zeros.",
        },
        model=_model(
            _layer("Input", shape=[2, 2, 1]),
            _layer("Conv2DTranspose", filters=1, kernel_size=[1, 1], strides=[3, 3], padding="same"),
        ),
        inputs=_channel(PICTURE),
        weights={"conv2d_transpose": [[[[[1]]]], [0]]},
        view="conv2d_transpose",
        expected={
            "output_shapes": {"input_layer": [None, 2, 2, 1], "conv2d_transpose": [None, 6, 6, 1]},
            "total_params": 2,
            "outputs": _channel(
                [
                    [4, 0, 0, 2, 0, 0],
                    [0, 0, 0, 0, 0, 0],
                    [0, 0, 0, 0, 0, 0],
                    [3, 0, 0, 6, 0, 0],
                    [0, 0, 0, 0, 0, 0],
                    [0, 0, 0, 0, 0, 0],
                ]
            ),
            "prediction_shapes": [[1, 6, 6, 1]],
        },
    ),
    Example(
        id="embedding",
        cell="In [28-29]",
        title={"ru": "Embedding", "en": "Embedding"},
        text={
            "ru": "Слой **Embedding** создает векторное представление каждого элемента "
            "последовательности.\n\n"
            "- *input_dim* - размер словаря\n"
            "- *output_dim* - размерность векторного пространства\n\n"
            "Пример использования: на вход подаются индексы np.arange(10). " + RANDOM_RU,
            "en": "The **Embedding** layer creates a vector representation of each element of a sequence.\n\n"
            "- *input_dim*: the size of the vocabulary\n"
            "- *output_dim*: the dimension of the vector space\n\n"
            "An example of use: the input is the indices np.arange(10). " + RANDOM_EN,
        },
        model=_model(_layer("Input", shape=10), _layer("Embedding", input_dim=1000, output_dim=5)),
        inputs=WORDS,
        weights=None,
        view="embedding",
        expected={
            "output_shapes": {"input_layer": [None, 10], "embedding": [None, 10, 5]},
            "total_params": 5000,
            "prediction_shapes": [[1, 10, 5]],
        },
    ),
    Example(
        id="conv1d",
        cell="In [30]",
        title={"ru": "Conv1D", "en": "Conv1D"},
        text={
            "ru": "Слой **Conv1D** аналогичен слою Conv2D, но работает с данными меньшей размерности.",
            "en": "The **Conv1D** layer is like Conv2D, but works on data with fewer dimensions.",
        },
        model=_model(
            _layer("Input", shape=100),
            _layer("Embedding", input_dim=1000, output_dim=20),
            _layer("Conv1D", filters=32, kernel_size=5, padding="same"),
        ),
        inputs=None,
        weights=None,
        view="conv1d",
        expected={
            "output_shapes": {
                "input_layer": [None, 100],
                "embedding": [None, 100, 20],
                "conv1d": [None, 100, 32],
            },
            "total_params": 23232,
        },
    ),
    Example(
        id="lstm",
        cell="In [31]",
        title={"ru": "LSTM", "en": "LSTM"},
        text={
            "ru": "Слой **LSTM** читает последовательность шаг за шагом и по умолчанию возвращает "
            "только последний выход.",
            "en": "The **LSTM** layer reads a sequence step by step and, by default, returns only its last output.",
        },
        model=_model(
            _layer("Input", shape=100),
            _layer("Embedding", input_dim=1000, output_dim=20),
            _layer("LSTM", units=64),
        ),
        inputs=None,
        weights=None,
        view="lstm",
        expected={
            "output_shapes": {"input_layer": [None, 100], "embedding": [None, 100, 20], "lstm": [None, 64]},
            "total_params": 41760,
        },
    ),
    Example(
        id="lstm-return-sequences-demo",
        cell="In [32]",
        title={"ru": "LSTM: return_sequences", "en": "LSTM: return_sequences"},
        text={
            "ru": LSTM_TEXT_RU + "\n\nВходные данные: [0.1, 0.2, 0.3, 0.4] формы (1, 4, 1). " + RANDOM_RU,
            "en": LSTM_TEXT_EN + "\n\nInput data: [0.1, 0.2, 0.3, 0.4] of shape (1, 4, 1). " + RANDOM_EN,
        },
        model=_model(_layer("Input", shape=[4, 1]), _layer("LSTM", units=1, return_sequences=True)),
        inputs=_steps(SEQUENCE),
        weights=None,
        view="lstm",
        expected={
            "output_shapes": {"input_layer": [None, 4, 1], "lstm": [None, 4, 1]},
            "total_params": 12,
            "prediction_shapes": [[1, 4, 1]],
        },
    ),
    Example(
        id="lstm-return-sequences",
        cell="In [33-34]",
        title={"ru": "LSTM: вся последовательность", "en": "LSTM: the whole sequence"},
        text={"ru": LSTM_TEXT_RU, "en": LSTM_TEXT_EN},
        model=_model(
            _layer("Input", shape=10),
            _layer("Embedding", input_dim=1000, output_dim=20),
            _layer("LSTM", units=64, return_sequences=True),
        ),
        inputs=WORDS,
        weights=None,
        view="lstm",
        expected={
            "output_shapes": {"input_layer": [None, 10], "embedding": [None, 10, 20], "lstm": [None, 10, 64]},
            "total_params": 41760,
            "prediction_shapes": [[1, 10, 64]],
        },
    ),
    Example(
        id="lstm-return-state-demo",
        cell="In [35]",
        title={"ru": "LSTM: return_state", "en": "LSTM: return_state"},
        text={
            "ru": STATE_TEXT_RU + "\n\nПервые два массива (lstm1 и state_h) совпадают. " + RANDOM_RU,
            "en": STATE_TEXT_EN + "\n\nThe first two arrays (lstm1 and state_h) are equal. " + RANDOM_EN,
        },
        model=_model(
            _layer("Input", shape=[4, 1]),
            _layer("LSTM", units=1, return_state=True),
            outputs=["lstm:0", "lstm:1", "lstm:2"],
        ),
        inputs=_steps(SEQUENCE),
        weights=None,
        view="lstm",
        expected={
            "output_shapes": {"input_layer": [None, 4, 1], "lstm": [[None, 1], [None, 1], [None, 1]]},
            "total_params": 12,
            "prediction_shapes": [[1, 1], [1, 1], [1, 1]],
        },
    ),
    Example(
        id="lstm-return-state",
        cell="In [36-37]",
        title={"ru": "LSTM: три выхода", "en": "LSTM: three outputs"},
        text={"ru": STATE_TEXT_RU, "en": STATE_TEXT_EN},
        model=_model(
            _layer("Input", shape=10),
            _layer("Embedding", input_dim=1000, output_dim=20),
            _layer("LSTM", units=64, return_state=True),
        ),
        inputs=WORDS,
        weights=None,
        view="lstm",
        expected={
            "output_shapes": {
                "input_layer": [None, 10],
                "embedding": [None, 10, 20],
                "lstm": [[None, 64], [None, 64], [None, 64]],
            },
            "total_params": 41760,
            "prediction_shapes": [[1, 64], [1, 64], [1, 64]],
        },
    ),
    Example(
        id="lstm-return-state-rerun",
        cell="In [38]",
        title={"ru": "LSTM: return_state ещё раз", "en": "LSTM: return_state once more"},
        text={
            "ru": "Та же модель, что в In [35], создана заново: новые случайные начальные веса дают новые "
            "числа. Здесь это зерно 1 вместо 0.",
            "en": "The same model as In [35], created again: new random initial weights give new numbers. "
            "Here that is seed 1 instead of 0.",
        },
        model=_model(
            _layer("Input", shape=[4, 1]),
            _layer("LSTM", units=1, return_state=True),
            outputs=["lstm:0", "lstm:1", "lstm:2"],
        ),
        inputs=_steps(SEQUENCE),
        weights=None,
        view="lstm",
        expected={
            "output_shapes": {"input_layer": [None, 4, 1], "lstm": [[None, 1], [None, 1], [None, 1]]},
            "total_params": 12,
            "prediction_shapes": [[1, 1], [1, 1], [1, 1]],
        },
        seed=1,
    ),
    Example(
        id="lstm-sequences-and-state-demo",
        cell="In [39]",
        title={"ru": "return_state + return_sequences", "en": "return_state + return_sequences"},
        text={
            "ru": "return_state + return_sequences. Последний шаг последовательности совпадает со скрытым "
            "состоянием state_h. " + RANDOM_RU,
            "en": "return_state + return_sequences. The last step of the sequence equals the hidden state "
            "state_h. " + RANDOM_EN,
        },
        model=_model(
            _layer("Input", shape=[4, 1]),
            _layer("LSTM", units=1, return_sequences=True, return_state=True),
            outputs=["lstm:0", "lstm:1", "lstm:2"],
        ),
        inputs=_steps(SEQUENCE),
        weights=None,
        view="lstm",
        expected={
            "output_shapes": {"input_layer": [None, 4, 1], "lstm": [[None, 4, 1], [None, 1], [None, 1]]},
            "total_params": 12,
            "prediction_shapes": [[1, 4, 1], [1, 1], [1, 1]],
        },
    ),
    Example(
        id="lstm-sequences-and-state",
        cell="In [40-41]",
        title={"ru": "LSTM: последовательность и состояния", "en": "LSTM: the sequence and the states"},
        text={
            "ru": "return_state + return_sequences",
            "en": "return_state + return_sequences",
        },
        model=_model(
            _layer("Input", shape=10),
            _layer("Embedding", input_dim=1000, output_dim=20),
            _layer("LSTM", units=64, return_state=True, return_sequences=True, activation="softmax"),
        ),
        inputs=WORDS,
        weights=None,
        view="lstm",
        expected={
            "output_shapes": {
                "input_layer": [None, 10],
                "embedding": [None, 10, 20],
                "lstm": [[None, 10, 64], [None, 64], [None, 64]],
            },
            "total_params": 41760,
            "prediction_shapes": [[1, 10, 64], [1, 64], [1, 64]],
        },
    ),
]

_BY_ID = {example.id: example for example in EXAMPLES}


def get(example_id: str) -> Example | None:
    return _BY_ID.get(example_id)


def as_json(example: Example) -> dict:
    """Every field of an example, as ``GET /api/examples/{id}`` sends it."""
    return asdict(example)
