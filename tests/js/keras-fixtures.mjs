// Real Keras numbers, fetched once from Layer Lab's own server (Keras 3.15, TensorFlow backend):
// POST /api/models/predict with trace: true, for each `model` and `body` below (seed given where the
// weights were Keras's own initial ones). `inputs` are the InputLayer outputs, `weights` and `outputs`
// the traced layer's. Kept as data so the JS math is checked against Keras without a server.
// `args` is the traced layer's, and the InputLayer outputs echo `body.inputs` (batched when they are not already).

const depth = (x) => (Array.isArray(x) ? 1 + depth(x[0]) : 0);

/** One fixture: the model's layers, the request body, and the traced layer's weights and outputs Keras answered. */
function fixture(layers, body, weights, outputs) {
  const inputs = layers
    .filter((layer) => layer.type === "Input")
    .map(({ name, args: { shape } }) => {
      const data = Array.isArray(body.inputs) ? body.inputs : body.inputs[name];
      const batched = depth(data) > shape.length;
      return { name, shape: [batched ? data.length : 1, ...shape], data: batched ? data : [data] };
    });
  return { model: { layers }, body, args: layers.at(-1).args, inputs, weights, outputs };
}

/** `row`, `n` times. */
const repeat = (row, n) => Array.from({ length: n }, () => row);

/** A rows × cols grid of one-number cells, `cell(r, c)` each. */
const grid = (rows, cols, cell) =>
  Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => [cell(r, c)]));

/** The 5 × 5 one-channel picture the pooling fixtures ask about: (7 r + 3 c) mod 10. */
const PICTURE = grid(5, 5, (r, c) => (r * 7 + c * 3) % 10);

/** 1 to 9 in a 3 × 3 grid: the Conv2DTranspose picture, and its kernel (one filter, one channel). */
const NINE = grid(3, 3, (r, c) => 3 * r + c + 1);
const NINE_KERNEL = NINE.map((row) => row.map((cell) => [cell]));

export const KERAS = {
  upsampling2d: fixture(
    [
      { type: "Input", args: { shape: [2, 2, 1] }, name: "inp" },
      { type: "UpSampling2D", args: { size: [2, 2] }, name: "up" },
    ],
    {
      inputs: [
        [[4], [2]],
        [[3], [6]],
      ],
    },
    {},
    [
      {
        name: "up",
        shape: [1, 4, 4, 1],
        data: [
          [
            [[4], [4], [2], [2]],
            [[4], [4], [2], [2]],
            [[3], [3], [6], [6]],
            [[3], [3], [6], [6]],
          ],
        ],
      },
    ],
  ),
  conv2dtranspose_notebook: fixture(
    [
      { type: "Input", args: { shape: [2, 2, 1] }, name: "inp" },
      { type: "Conv2DTranspose", args: { filters: 1, kernel_size: 1, strides: 3, padding: "same" }, name: "ct" },
    ],
    {
      inputs: [
        [[4], [2]],
        [[3], [6]],
      ],
      weights: { ct: [[[[[1]]]], [0]] },
    },
    { kernel: { name: "kernel", shape: [1, 1, 1, 1], data: [[[[1]]]] }, bias: { name: "bias", shape: [1], data: [0] } },
    [
      {
        name: "ct",
        shape: [1, 6, 6, 1],
        data: [
          [
            [[4], [0], [0], [2], [0], [0]],
            [[0], [0], [0], [0], [0], [0]],
            [[0], [0], [0], [0], [0], [0]],
            [[3], [0], [0], [6], [0], [0]],
            [[0], [0], [0], [0], [0], [0]],
            [[0], [0], [0], [0], [0], [0]],
          ],
        ],
      },
    ],
  ),
  conv2dtranspose_k3s2same: fixture(
    [
      { type: "Input", args: { shape: [3, 3, 1] }, name: "inp" },
      { type: "Conv2DTranspose", args: { filters: 1, kernel_size: 3, strides: 2, padding: "same" }, name: "ct" },
    ],
    {
      inputs: NINE,
      weights: { ct: [NINE_KERNEL, [0.5]] },
    },
    {
      kernel: {
        name: "kernel",
        shape: [3, 3, 1, 1],
        data: NINE_KERNEL,
      },
      bias: { name: "bias", shape: [1], data: [0.5] },
    },
    [
      {
        name: "ct",
        shape: [1, 6, 6, 1],
        data: [
          [
            [[1.5], [2.5], [5.5], [4.5], [9.5], [6.5]],
            [[4.5], [5.5], [14.5], [10.5], [24.5], [15.5]],
            [[11.5], [16.5], [40.5], [26.5], [60.5], [36.5]],
            [[16.5], [20.5], [44.5], [25.5], [54.5], [30.5]],
            [[35.5], [46.5], [100.5], [56.5], [120.5], [66.5]],
            [[28.5], [35.5], [74.5], [40.5], [84.5], [45.5]],
          ],
        ],
      },
    ],
  ),
  conv2dtranspose_k2x3s2x1valid_2ch: fixture(
    [
      { type: "Input", args: { shape: [2, 2, 2] }, name: "inp" },
      { type: "Conv2DTranspose", args: { filters: 2, kernel_size: [2, 3], strides: [2, 1] }, name: "ct" },
    ],
    {
      inputs: [
        [
          [1, -1],
          [2, 0.5],
        ],
        [
          [3, 1],
          [-2, 4],
        ],
      ],
      seed: 3,
    },
    {
      kernel: {
        name: "kernel",
        shape: [2, 3, 2, 2],
        data: [
          [
            [
              [-0.0020685196, -0.48407316],
              [0.31929708, -0.40918362],
            ],
            [
              [0.40210438, -0.14766335],
              [0.24064815, 0.36363053],
            ],
            [
              [0.2709545, -0.41441715],
              [0.47658026, -0.067917705],
            ],
          ],
          [
            [
              [-0.22785807, 0.11724889],
              [0.45011246, -0.00044834614],
            ],
            [
              [0.006657362, -0.093589425],
              [-0.41802073, -0.016131163],
            ],
            [
              [-0.06904912, -0.033216],
              [-0.06516361, 0.25843537],
            ],
          ],
        ],
      },
      bias: { name: "bias", shape: [2], data: [0, 0] },
    },
    [
      {
        name: "ct",
        shape: [1, 4, 4, 2],
        data: [
          [
            [
              [0.48200464, 0.7284807],
              [0.3035941, 0.31101996],
              [1.4157487, 1.2076095],
              [0.3347004, 0.9192017],
            ],
            [
              [-0.34510696, 0.4505608],
              [-0.2968449, 0.4981112],
              [-0.06931311, -1.167706],
              [-0.15470624, -0.0011095405],
            ],
            [
              [-0.49027872, 0.5487076],
              [-0.87350583, -1.1897537],
              [-0.99641585, 2.335049],
              [-2.1995776, -1.2248313],
            ],
            [
              [-0.5663253, 1.349889],
              [0.85109437, -2.1722116],
              [-0.6280358, 0.83446133],
              [0.0052342415, 1.1640687],
            ],
          ],
        ],
      },
    ],
  ),
  conv2dtranspose_k5s2same: fixture(
    [
      { type: "Input", args: { shape: [2, 3, 1] }, name: "inp" },
      { type: "Conv2DTranspose", args: { filters: 1, kernel_size: 5, strides: 2, padding: "same" }, name: "ct" },
    ],
    {
      inputs: [
        [[1], [2], [3]],
        [[4], [5], [6]],
      ],
      seed: 5,
    },
    {
      kernel: {
        name: "kernel",
        shape: [5, 5, 1, 1],
        data: [
          [[[0.16706073]], [[0.14595538]], [[-0.093544185]], [[0.20694762]], [[0.31583744]]],
          [[[0.15760559]], [[0.18302017]], [[0.05413145]], [[-0.2279492]], [[0.10216871]]],
          [[[0.16321647]], [[-0.2478087]], [[0.064819425]], [[0.11811656]], [[-0.059917092]]],
          [[[0.25479305]], [[0.22524041]], [[0.020772785]], [[0.26860577]], [[-0.28968313]]],
          [[[-0.31019178]], [[-0.168219]], [[-0.25361168]], [[0.28127372]], [[0.061356246]]],
        ],
      },
      bias: { name: "bias", shape: [1], data: [0] },
    },
    [
      {
        name: "ct",
        shape: [1, 4, 6, 1],
        data: [
          [
            [[0.18302017], [0.36934263], [0.13809115], [0.6832484], [0.09316212], [0.36673176]],
            [[0.33601284], [0.8523793], [1.1800666], [2.3573642], [1.4032775], [1.0925462]],
            [[0.9573211], [1.5349127], [0.72239065], [2.1412072], [1.1713078], [0.31858426]],
            [[-1.1594537], [0.20136482], [-0.82174146], [-0.31271484], [-0.8383789], [-0.54879147]],
          ],
        ],
      },
    ],
  ),
  lstm_seq_state: fixture(
    [
      { type: "Input", args: { shape: [4, 1] }, name: "inp" },
      { type: "LSTM", args: { units: 2, return_sequences: true, return_state: true }, name: "lstm" },
    ],
    { inputs: [[0.1], [0.2], [0.3], [0.4]], seed: 0 },
    {
      kernel: {
        name: "kernel",
        shape: [1, 8],
        data: [[0.025612473, -0.31180048, 0.55342853, -0.64241654, -0.1715784, -0.51159537, -0.0015184283, 0.7948301]],
      },
      recurrent_kernel: {
        name: "recurrent_kernel",
        shape: [2, 8],
        data: [
          [0.44408274, -0.4559795, 0.23938462, 0.12935194, 0.4919657, 0.049214356, 0.32689857, -0.41172966],
          [0.23756966, -0.2958612, -0.15466066, -0.51916885, -0.22585218, 0.16175295, 0.5042853, 0.48072207],
        ],
      },
      bias: { name: "bias", shape: [8], data: [0, 0, 1, 1, 0, 0, 0, 0] },
    },
    [
      {
        name: "lstm:0",
        shape: [1, 4, 2],
        data: [
          [
            [-0.0042941007, -0.013076443],
            [-0.011547233, -0.036794912],
            [-0.020760346, -0.06851909],
            [-0.03123646, -0.10558587],
          ],
        ],
      },
      { name: "lstm:1", shape: [1, 2], data: [[-0.03123646, -0.10558587]] },
      { name: "lstm:2", shape: [1, 2], data: [[-0.06389789, -0.18644339]] },
    ],
  ),
  lstm_2feat: fixture(
    [
      { type: "Input", args: { shape: [3, 2] }, name: "inp" },
      { type: "LSTM", args: { units: 3, activation: "relu", recurrent_activation: "hard_sigmoid" }, name: "lstm" },
    ],
    {
      inputs: [
        [1, -1],
        [0.5, 2],
        [-1, 0.3],
      ],
      seed: 7,
    },
    {
      kernel: {
        name: "kernel",
        shape: [2, 12],
        data: [
          [
            -0.23905456, 0.3009709, 0.59431505, -0.22319248, -0.14700079, 0.022004247, -0.26838386, 0.2025351,
            0.09980261, 0.58534956, 0.5843893, -0.10636181,
          ],
          [
            -0.07576418, -0.62809044, -0.5657307, -0.6022855, -0.2441341, -0.41371894, 0.45013928, 0.07862145,
            0.39191544, -0.090023935, 0.382249, 0.026522934,
          ],
        ],
      },
      recurrent_kernel: {
        name: "recurrent_kernel",
        shape: [3, 12],
        data: [
          [
            -0.06943214, -0.45704165, 0.3167229, -0.15949687, -0.09206718, 0.25383282, -0.35228443, 0.10619841,
            0.38981837, 0.43463692, -0.049096588, -0.33010828,
          ],
          [
            0.06490363, -0.049107995, -0.031266175, 0.35645702, -0.42688248, -0.08193126, 0.16300997, 0.17178334,
            0.31965977, 0.28149402, 0.46908385, 0.46781707,
          ],
          [
            -0.24740805, -0.049316827, -0.3070286, 0.016950969, -0.14657855, -0.5640224, -0.4674855, -0.35040084,
            0.33607602, -0.20736575, 0.017732926, -0.06790503,
          ],
        ],
      },
      bias: { name: "bias", shape: [12], data: [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0] },
    },
    [{ name: "lstm", shape: [1, 3], data: [[0.15833558, 0.037059367, 0.13225651]] }],
  ),
  conv2d_k3s2same: fixture(
    [
      { type: "Input", args: { shape: [5, 4, 1] }, name: "inp" },
      { type: "Conv2D", args: { filters: 1, kernel_size: 3, strides: 2, padding: "same" }, name: "c" },
    ],
    {
      inputs: [
        [[0], [1], [2], [3]],
        [[4], [5], [6], [7]],
        [[8], [9], [10], [11]],
        [[12], [13], [14], [15]],
        [[16], [17], [18], [19]],
      ],
      seed: 1,
    },
    {
      kernel: {
        name: "kernel",
        shape: [3, 3, 1, 1],
        data: [
          [[[-0.27828303]], [[0.41851765]], [[0.5062214]]],
          [[[-0.18101275]], [[-0.5410196]], [[-0.44994032]]],
          [[[0.052022338]], [[-0.558323]], [[0.342367]]],
        ],
      },
      bias: { name: "bias", shape: [1], data: [0] },
    },
    [
      {
        name: "c",
        shape: [1, 3, 2, 1],
        data: [
          [
            [[-1.970224], [-5.5812116]],
            [[-8.640691], [-14.147951]],
            [[-11.00403], [-11.1558]],
          ],
        ],
      },
    ],
  ),
  conv2d_dilated: fixture(
    [
      { type: "Input", args: { shape: [5, 5, 2] }, name: "inp" },
      { type: "Conv2D", args: { filters: 2, kernel_size: 2, dilation_rate: 2 }, name: "c" },
    ],
    {
      inputs: [
        [
          [0, 0],
          [-1, 0],
          [-2, 0],
          [-3, 0],
          [-4, 0],
        ],
        [
          [1, 0],
          [0, 1],
          [-1, 2],
          [-2, 0],
          [-3, 1],
        ],
        [
          [2, 0],
          [1, 2],
          [0, 1],
          [-1, 0],
          [-2, 2],
        ],
        [
          [3, 0],
          [2, 0],
          [1, 0],
          [0, 0],
          [-1, 0],
        ],
        [
          [4, 0],
          [3, 1],
          [2, 2],
          [1, 0],
          [0, 1],
        ],
      ],
      seed: 2,
    },
    {
      kernel: {
        name: "kernel",
        shape: [2, 2, 2, 2],
        data: [
          [
            [
              [0.34831542, -0.5534472],
              [0.1523844, 0.27054197],
            ],
            [
              [0.4369548, 0.5117994],
              [0.5123711, -0.3874597],
            ],
          ],
          [
            [
              [-0.31037223, -0.15253365],
              [0.053046405, -0.5331617],
            ],
            [
              [0.5795737, 0.066048205],
              [-0.59320515, 0.20693421],
            ],
          ],
        ],
      },
      bias: { name: "bias", shape: [2], data: [0, 0] },
    },
    [
      {
        name: "c",
        shape: [1, 3, 3, 2],
        data: [
          [
            [
              [-2.0878592, -1.1217319],
              [-2.443033, -2.2668562],
              [-4.7369614, -1.191693],
            ],
            [
              [0.58455986, -2.2317188],
              [-1.3422697, -1.0581241],
              [-1.7319858, -1.0469086],
            ],
            [
              [-0.05974984, -1.5585238],
              [-0.08236718, -1.4488771],
              [-0.80463976, -2.6924326],
            ],
          ],
        ],
      },
    ],
  ),
  conv1d_causal: fixture(
    [
      { type: "Input", args: { shape: [5, 2] }, name: "inp" },
      { type: "Conv1D", args: { filters: 2, kernel_size: 3, padding: "causal", dilation_rate: 1 }, name: "c" },
    ],
    {
      inputs: [
        [1, 0],
        [2, 1],
        [3, -1],
        [4, 2],
        [5, 0],
      ],
      seed: 4,
    },
    {
      kernel: {
        name: "kernel",
        shape: [3, 2, 2],
        data: [
          [
            [0.21771294, 0.1405862],
            [0.18719572, -0.3299643],
          ],
          [
            [-0.059887826, -0.23756239],
            [-0.4892332, 0.68534833],
          ],
          [
            [0.2771619, 0.332892],
            [-0.25945786, -0.2469689],
          ],
        ],
      },
      bias: { name: "bias", shape: [2], data: [0, 0] },
    },
    [
      {
        name: "c",
        shape: [1, 5, 2],
        data: [
          [
            [0.2771619, 0.332892],
            [0.23497811, 0.18125272],
            [0.69964767, 1.5964546],
            [1.5219233, -0.6091972],
            [0.6337349, 2.83663],
          ],
        ],
      },
    ],
  ),
  conv1d_s2same: fixture(
    [
      { type: "Input", args: { shape: [6, 1] }, name: "inp" },
      { type: "Conv1D", args: { filters: 1, kernel_size: 4, strides: 2, padding: "same" }, name: "c" },
    ],
    { inputs: [[1], [2], [3], [4], [5], [6]], seed: 4 },
    {
      kernel: {
        name: "kernel",
        shape: [4, 1, 1],
        data: [[[0.26664275]], [[0.17218226]], [[0.22926706]], [[-0.40412208]]],
      },
      bias: { name: "bias", shape: [1], data: [0] },
    },
    [{ name: "c", shape: [1, 3, 1], data: [[[-0.5816499], [-0.053709835], [3.3030849]]] }],
  ),
  maxpool_same: fixture(
    [
      { type: "Input", args: { shape: [5, 5, 1] }, name: "inp" },
      { type: "MaxPooling2D", args: { pool_size: 2, padding: "same" }, name: "p" },
    ],
    { inputs: PICTURE },
    {},
    [
      {
        name: "p",
        shape: [1, 3, 3, 1],
        data: [
          [
            [[7], [9], [9]],
            [[7], [7], [6]],
            [[8], [7], [0]],
          ],
        ],
      },
    ],
  ),
  avgpool_same: fixture(
    [
      { type: "Input", args: { shape: [5, 5, 1] }, name: "inp" },
      { type: "AveragePooling2D", args: { pool_size: 3, strides: 2, padding: "same" }, name: "p" },
    ],
    { inputs: PICTURE },
    {},
    [
      {
        name: "p",
        shape: [1, 3, 3, 1],
        data: [
          [
            [[2.5], [4.5], [6.5]],
            [[3.8333333], [3.3333333], [4.5]],
            [[3.5], [3.8333333], [2.5]],
          ],
        ],
      },
    ],
  ),
  maxpool1d: fixture(
    [
      { type: "Input", args: { shape: [7, 1] }, name: "inp" },
      { type: "MaxPooling1D", args: { pool_size: 3, strides: 2 }, name: "p" },
    ],
    { inputs: [[3], [1], [4], [1], [5], [9], [2]] },
    {},
    [{ name: "p", shape: [1, 3, 1], data: [[[4], [5], [9]]] }],
  ),
  dense_notebook: fixture(
    [
      { type: "Input", args: { shape: [3, 4] }, name: "inp" },
      { type: "Dense", args: { units: 2 }, name: "d" },
    ],
    {
      inputs: [repeat([2, 4, 6, 8], 3), repeat([3, 5, 7, 9], 3)],
      weights: {
        d: [repeat([0.3, 0.5], 4), [0, 0]],
      },
    },
    {
      kernel: {
        name: "kernel",
        shape: [4, 2],
        data: repeat([0.3, 0.5], 4),
      },
      bias: { name: "bias", shape: [2], data: [0, 0] },
    },
    [
      {
        name: "d",
        shape: [2, 3, 2],
        data: [
          repeat([6, 10], 3),
          [
            [7.2000003, 12],
            [7.2000003, 12],
            [7.2000003, 12],
          ],
        ],
      },
    ],
  ),
  embedding: fixture(
    [
      { type: "Input", args: { shape: [4] }, name: "inp" },
      { type: "Embedding", args: { input_dim: 6, output_dim: 3 }, name: "e" },
    ],
    { inputs: [[0, 3, 3, 5]], seed: 0 },
    {
      embeddings: {
        name: "embeddings",
        shape: [6, 3],
        data: [
          [0.0015684366, -0.0190938, 0.033890437],
          [-0.039339818, -0.010506988, -0.031328693],
          [-0.000092983246, 0.0486732, 0.005425848],
          [-0.006254256, 0.028095338, 0.007835556],
          [0.0009156838, -0.0027658828, -0.035538446],
          [0.014446769, -0.0014856234, 0.046637166],
        ],
      },
    },
    [
      {
        name: "e",
        shape: [1, 4, 3],
        data: [
          [
            [0.0015684366, -0.0190938, 0.033890437],
            [-0.006254256, 0.028095338, 0.007835556],
            [-0.006254256, 0.028095338, 0.007835556],
            [0.014446769, -0.0014856234, 0.046637166],
          ],
        ],
      },
    ],
  ),
  reshape: fixture(
    [
      { type: "Input", args: { shape: [2, 3] }, name: "inp" },
      { type: "Reshape", args: { target_shape: [3, 2] }, name: "r" },
    ],
    {
      inputs: [
        [1, 2, 3],
        [4, 5, 6],
      ],
    },
    {},
    [
      {
        name: "r",
        shape: [1, 3, 2],
        data: [
          [
            [1, 2],
            [3, 4],
            [5, 6],
          ],
        ],
      },
    ],
  ),
  flatten: fixture(
    [
      { type: "Input", args: { shape: [2, 3] }, name: "inp" },
      { type: "Flatten", args: {}, name: "f" },
    ],
    {
      inputs: [
        [1, 2, 3],
        [4, 5, 6],
      ],
    },
    {},
    [{ name: "f", shape: [1, 6], data: [[1, 2, 3, 4, 5, 6]] }],
  ),
  concatenate: fixture(
    [
      { type: "Input", args: { shape: [2, 2] }, name: "a" },
      { type: "Input", args: { shape: [2, 1] }, name: "b" },
      { type: "Concatenate", args: { axis: -1 }, name: "cat", inputs: ["a", "b"] },
    ],
    {
      inputs: {
        a: [
          [1, 2],
          [3, 4],
        ],
        b: [[5], [6]],
      },
    },
    {},
    [
      {
        name: "cat",
        shape: [1, 2, 3],
        data: [
          [
            [1, 2, 5],
            [3, 4, 6],
          ],
        ],
      },
    ],
  ),
};
