// The weights the page already holds. A traced answer gives each weight a digest of its numbers; the next request
// names the weights it holds by those digests (held_weights), and the server leaves out the numbers of those that
// are still the same (data: null), which are taken here from the answer before. Typing new numbers into a model
// then brings back its layers' outputs, not again every layer's unchanged weights.

/** The weights of an answer that came with a digest, by their name in a request (`lstm/kernel`). */
export function heldWeights(prediction) {
  const held = new Map();
  for (const layer of prediction?.trace ?? []) {
    for (const tensor of layer.weights) {
      if (tensor.digest && tensor.data !== null) held.set(`${layer.name}/${tensor.name}`, tensor);
    }
  }
  return held;
}

/** What a request says it holds: {name: digest}. */
export const heldDigests = (held) => Object.fromEntries([...held].map(([name, tensor]) => [name, tensor.digest]));

/** The answer, each weight it left out filled with the numbers held under the same name and digest. */
export function fillHeld(prediction, held) {
  for (const layer of prediction.trace ?? []) {
    for (const tensor of layer.weights) {
      const mine = held.get(`${layer.name}/${tensor.name}`);
      if (tensor.data === null && mine?.digest === tensor.digest) tensor.data = mine.data;
    }
  }
  return prediction;
}
