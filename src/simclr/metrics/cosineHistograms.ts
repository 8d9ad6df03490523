/**
 * Histograms of positive-pair and negative-pair cosine similarities of a batch of two views: the
 * picture behind a contrastive loss (positives should move towards 1, negatives spread around 0;
 * both piling up at 1 is collapse). Positives: cos(z1_i, z2_i), n values. Negatives: cos(z1_i, z2_j)
 * for i != j, the cross-view negatives of NT-Xent, n (n - 1) values. Equal-width bins over [-1, 1];
 * the last bin is closed, so a similarity of exactly 1 counts.
 */
import { tf } from '../tf';
import { l2Normalize } from '../losses/ntXent';
import { featureTensor, type Features } from '../eval/features';
import { checkSameShape } from './metricInput';

export interface CosineHistogramOptions {
  /** Number of equal-width bins over [-1, 1]. Default 40. */
  bins?: number;
}

export interface CosineHistograms {
  /** bins + 1 bin edges from -1 to 1. */
  edges: Float64Array;
  /** Count of positive pairs per bin (sums to n). */
  positive: Uint32Array;
  /** Count of negative pairs per bin (sums to n (n - 1)). */
  negative: Uint32Array;
  positiveMean: number;
  /** NaN when n = 1 (no negatives). */
  negativeMean: number;
}

/**
 * @param z1 [n, d] embeddings of the first views; @param z2 [n, d] of the second (row i pairs with row i)
 */
export function cosineHistograms(z1: Features, z2: Features, options: CosineHistogramOptions = {}): CosineHistograms {
  const where = 'cosineHistograms';
  const [n] = checkSameShape(where, z1, z2, 1);
  const bins = options.bins ?? 40;
  if (!Number.isInteger(bins) || bins < 1)
    throw new RangeError(`${where}: bins must be a positive integer, got ${bins}`);
  const a = featureTensor(where, z1),
    b = featureTensor(where, z2);
  let cosines: Float32Array;
  try {
    cosines = tf.tidy(
      () => tf.matMul(l2Normalize(a.tensor), l2Normalize(b.tensor), false, true).dataSync() as Float32Array,
    );
  } finally {
    if (a.owned) a.tensor.dispose();
    if (b.owned) b.tensor.dispose();
  }
  const edges = Float64Array.from({ length: bins + 1 }, (_, k) => -1 + (2 * k) / bins);
  const positive = new Uint32Array(bins),
    negative = new Uint32Array(bins);
  const bin = (c: number) => Math.min(bins - 1, Math.max(0, Math.floor(((c + 1) / 2) * bins)));
  let positiveSum = 0,
    negativeSum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const c = cosines[i * n + j];
      if (!Number.isFinite(c))
        throw new RangeError(
          `${where}: the cosine of z1[${i}] and z2[${j}] is ${c}: the embeddings contain a non-finite value`,
        );
      if (i === j) {
        positive[bin(c)]++;
        positiveSum += c;
      } else {
        negative[bin(c)]++;
        negativeSum += c;
      }
    }
  }
  return {
    edges,
    positive,
    negative,
    positiveMean: positiveSum / n,
    negativeMean: n > 1 ? negativeSum / (n * (n - 1)) : Number.NaN,
  };
}
