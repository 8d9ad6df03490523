/**
 * Shape checks shared by the representation metrics: embeddings as a tensor or a FeatureArray,
 * at least `minRows` rows, with a sentence naming the metric and the argument when they are not.
 */
import { tf } from '../tf';
import { featureShape, type Features } from '../eval/features';

export function checkMetricInput(where: string, name: string, z: Features, minRows: number): [number, number] {
  if (z instanceof tf.Tensor && z.rank !== 2)
    throw new RangeError(`${where}: ${name} must be 2-D [n, d], got shape [${z.shape}]`);
  if (!(z instanceof tf.Tensor) && (typeof z !== 'object' || z === null || !(z.vectors instanceof Float32Array))) {
    throw new RangeError(`${where}: ${name} must be a tf.Tensor2D or { vectors: Float32Array, n, dim }`);
  }
  const [n, d] = featureShape(z);
  if (!(n >= minRows) || !(d >= 1))
    throw new RangeError(`${where}: ${name} needs at least ${minRows} rows and 1 column, got [${n}, ${d}]`);
  return [n, d];
}

export function checkSameShape(where: string, z1: Features, z2: Features, minRows: number): [number, number] {
  const [n1, d1] = checkMetricInput(where, 'z1', z1, minRows);
  const [n2, d2] = checkMetricInput(where, 'z2', z2, minRows);
  if (n1 !== n2 || d1 !== d2)
    throw new RangeError(`${where}: z1 and z2 must have the same shape [n, d], got [${n1}, ${d1}] and [${n2}, ${d2}]`);
  return [n1, d1];
}
