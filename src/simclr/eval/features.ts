/**
 * Feature matrices as evaluation takes them: a tf.Tensor2D [n, dim] (caller keeps ownership) or
 * plain row-major values with their shape (what the panel and the kernel pass around).
 */
import { tf } from '../tf';

/** Row-major [n, dim] features in JS memory. */
export interface FeatureArray {
  vectors: Float32Array;
  n: number;
  dim: number;
}

export type Features = tf.Tensor2D | FeatureArray;

/** The features as a tensor, and whether the caller of this helper must dispose it. */
export function featureTensor(where: string, features: Features): { tensor: tf.Tensor2D; owned: boolean } {
  if (features instanceof tf.Tensor) {
    if (features.rank !== 2)
      throw new RangeError(`${where}: features must be 2-D [n, dim], got shape [${features.shape}]`);
    return { tensor: features, owned: false };
  }
  const { vectors, n, dim } = features;
  if (!(vectors instanceof Float32Array) || vectors.length !== n * dim) {
    throw new RangeError(
      `${where}: features.vectors must be a Float32Array of n * dim = ${n} * ${dim} values, got ${vectors?.length}`,
    );
  }
  return { tensor: tf.tensor2d(vectors, [n, dim]), owned: true };
}

/** [n, dim] of either form. */
export function featureShape(features: Features): [number, number] {
  return features instanceof tf.Tensor ? [features.shape[0], features.shape[1]] : [features.n, features.dim];
}

/** Checks labels against a feature count; returns them as Int32Array with the class count. */
export function checkLabels(
  where: string,
  labels: ArrayLike<number>,
  n: number,
): { labels: Int32Array; numClasses: number } {
  if (labels.length !== n) throw new RangeError(`${where}: ${labels.length} labels for ${n} feature rows`);
  const out = Int32Array.from(labels);
  let max = -1;
  for (let i = 0; i < out.length; i++) {
    if (!Number.isInteger(labels[i]) || out[i] < 0)
      throw new RangeError(`${where}: label ${i} is ${labels[i]} (expected an integer >= 0)`);
    if (out[i] > max) max = out[i];
  }
  return { labels: out, numClasses: max + 1 };
}
