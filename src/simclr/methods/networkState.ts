/**
 * The bookkeeping every method does for the networks it adds to the model (predictor, classifier,
 * context network): trainable variables for the gradient list, batch-norm statistics the loop
 * restores after a refused step, and weights as named checkpoint state.
 */
import { tf } from '../tf';

export function trainableOf(networks: tf.LayersModel[]): tf.Variable[] {
  return networks.flatMap((n) => n.trainableWeights.map((w) => w.read() as tf.Variable));
}

export function statisticsOf(networks: tf.LayersModel[]): tf.Variable[] {
  return networks.flatMap((n) => n.nonTrainableWeights.map((w) => w.read() as tf.Variable));
}

/** Every weight of the networks, named `<network>/<index>:<weight>`. */
export function namedWeightsOf(networks: tf.LayersModel[]): { name: string; tensor: tf.Tensor }[] {
  return networks.flatMap((n) =>
    n.weights.map((w, i) => ({ name: `${n.name}/${i}:${w.originalName}`, tensor: w.read() })),
  );
}

/**
 * Sets the networks' weights from `values` (in namedWeightsOf order), checking count and shapes.
 * @returns the values not consumed (the method's other state)
 */
export function setWeightsOf(method: string, networks: tf.LayersModel[], values: tf.Tensor[]): tf.Tensor[] {
  let offset = 0;
  for (const network of networks) {
    const count = network.weights.length;
    if (values.length < offset + count)
      throw new Error(`${method}: checkpoint state has ${values.length} tensors, too few for ${network.name}`);
    const slice = values.slice(offset, offset + count);
    network.weights.forEach((w, i) => {
      if (!tf.util.arraysEqual(w.shape as number[], slice[i].shape)) {
        throw new Error(
          `${method}: ${network.name} weight ${i} (${w.originalName}) has shape [${w.shape}], checkpoint has [${slice[i].shape}]`,
        );
      }
    });
    network.setWeights(slice);
    offset += count;
  }
  return values.slice(offset);
}

/** Checks that a state tensor has the expected shape. */
export function checkStateShape(
  method: string,
  what: string,
  value: tf.Tensor | undefined,
  shape: number[],
): tf.Tensor {
  if (!value || !tf.util.arraysEqual(value.shape, shape))
    throw new Error(`${method}: checkpoint ${what} must be [${shape}], got ${value ? `[${value.shape}]` : 'nothing'}`);
  return value;
}
