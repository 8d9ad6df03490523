/**
 * The positive-pair inspector: what the contrastive loss sees of one image right now. Two fresh
 * augmented views of the image, the cosine similarity of their projections z = g(f(x)) under the
 * current encoder and head, and, from a batch of other images drawn the way training draws them,
 * the negatives the loss pushes the image away from hardest.
 *
 * SimCLR's NT-Xent (Chen et al. 2020, arXiv:2002.05709 eq. 1) for the anchor view z_a and its
 * positive z_p over the 2N views of a batch of N images:
 *   l(a, p) = -log( exp(s_ap / t) / sum_{k != a} exp(s_ak / t) ),   s = cosine similarity.
 * Its gradient pulls z_a towards z_p and pushes it away from each negative k with the weight
 * w_k = exp(s_ak / t) / sum_{k != a} exp(s_ak / t): the hardest negatives are those with the
 * largest weights (equivalently the largest cosines). The positive's own weight is exp(-l).
 */
import { tf } from '../tf';
import { Random } from '../random';
import { imageBatch, type ImageDataset } from '../data/dataset';
import type { AugmentConfig } from '../augment/augmentConfig';
import { simclrAugment } from '../augment/simclrAugment';
import type { SimclrModel } from '../models/simclrModel';
import type { AugmentFn } from '../train/trainStep';

/** One negative image of the batch, by the harder of its two views. */
export interface PairNegatives {
  /** [k] image indices into the dataset, hardest first. */
  indices: Int32Array;
  /** [k] cosine of the anchor view to the image's harder view. */
  cosines: Float32Array;
  /** [k] share of the loss's push on the image: the sum of its two views' softmax weights w_k. */
  weights: Float32Array;
  /** [k, h, w, c] uint8: each image's harder view, as the loss saw it. */
  views: Uint8Array;
}

export interface PositivePairInspection {
  index: number;
  /** [2, h, w, c] uint8: the anchor view and its positive. */
  views: Uint8Array;
  shape: [h: number, w: number, c: number];
  /** Cosine similarity of the two views' projections. */
  cosine: number;
  /** Negative views more similar to the anchor than its positive (0: the pair is matched first). */
  rank: number;
  /** NT-Xent's term l(a, p) for the anchor view at `temperature`. */
  loss: number;
  temperature: number;
  /** Images in the batch, the inspected one included. */
  batchSize: number;
  negatives: PairNegatives;
}

export interface PositivePairOptions {
  /** The run's augmentation: a config for simclrAugment or pretrain's function form. */
  augment: AugmentConfig | AugmentFn;
  /** Images per batch, the inspected one included (pretrain's default 64); clamped to the dataset. */
  batchSize?: number;
  /** Hardest negative images kept (default 8). */
  negatives?: number;
  /** NT-Xent temperature (pretrain's default 0.5). */
  temperature?: number;
  /** Fixes the batch and the views; a new seed gives new draws. */
  seed: number;
  /** Draw the batch from the first `limit` images only (default all). */
  limit?: number;
}

/** Anchor-side NT-Xent quantities of a batch of view pairs, from the projections alone (pure). */
export interface AnchorScores {
  cosine: number;
  rank: number;
  loss: number;
  negatives: { image: number; view: 0 | 1; cosine: number; weight: number }[];
}

/**
 * Scores of anchor z1[0] against its positive z2[0] and the 2(N - 1) negatives z1[j], z2[j], j > 0.
 * @param z1 [N, P] projections of the first views, row-major
 * @param z2 [N, P] projections of the second views
 * @returns negative images (by batch row) ordered hardest first, each with its harder view; at most `keep`
 */
export function anchorScores(
  z1: Float32Array,
  z2: Float32Array,
  n: number,
  p: number,
  temperature: number,
  keep: number,
): AnchorScores {
  if (z1.length !== n * p || z2.length !== n * p)
    throw new RangeError(`anchorScores: z1 and z2 must be [${n}, ${p}], got ${z1.length} and ${z2.length} values`);
  if (!(temperature > 0)) throw new RangeError(`anchorScores: temperature must be positive, got ${temperature}`);
  const norm = (z: Float32Array, row: number): number => {
    let s = 0;
    for (let d = 0; d < p; d++) s += z[row * p + d] ** 2;
    return Math.sqrt(s) || 1;
  };
  const anchorNorm = norm(z1, 0);
  const cos = (z: Float32Array, row: number): number => {
    let dot = 0;
    for (let d = 0; d < p; d++) dot += z1[d] * z[row * p + d];
    return dot / (anchorNorm * norm(z, row));
  };
  const positive = cos(z2, 0);
  const candidates: { image: number; view: 0 | 1; cosine: number }[] = [];
  for (let j = 1; j < n; j++)
    candidates.push({ image: j, view: 0, cosine: cos(z1, j) }, { image: j, view: 1, cosine: cos(z2, j) });
  // Softmax over the positive and every negative, shifted by the largest logit for stability.
  const top = Math.max(positive, ...candidates.map((c) => c.cosine)) / temperature;
  let total = Math.exp(positive / temperature - top);
  for (const c of candidates) total += Math.exp(c.cosine / temperature - top);
  const byImage = new Map<number, { image: number; view: 0 | 1; cosine: number; weight: number }>();
  for (const c of candidates) {
    const weight = Math.exp(c.cosine / temperature - top) / total;
    const seen = byImage.get(c.image);
    if (!seen) byImage.set(c.image, { ...c, weight });
    else {
      seen.weight += weight;
      if (c.cosine > seen.cosine) [seen.view, seen.cosine] = [c.view, c.cosine];
    }
  }
  const negatives = [...byImage.values()].sort((a, b) => b.cosine - a.cosine).slice(0, Math.max(0, keep));
  return {
    cosine: positive,
    rank: candidates.filter((c) => c.cosine > positive).length,
    loss: -(positive / temperature - top - Math.log(total)),
    negatives,
  };
}

/**
 * Inspects image `index` of `dataset`: a batch of it and `batchSize - 1` other images drawn at random,
 * two views of each through the run's augmentation, projections in inference mode (batch norm uses
 * its moving statistics), and the anchor's scores. Frees every tensor it makes.
 */
export function inspectPositivePair(
  model: SimclrModel,
  dataset: ImageDataset,
  index: number,
  options: PositivePairOptions,
): PositivePairInspection {
  const limit = Math.min(options.limit ?? dataset.shape[0], dataset.shape[0]);
  if (!Number.isInteger(index) || index < 0 || index >= limit)
    throw new RangeError(`inspectPositivePair: index ${index} is outside 0..${limit - 1}`);
  const temperature = options.temperature ?? 0.5;
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 64, limit));
  const random = new Random(options.seed);
  const batch = drawBatch(index, limit, batchSize, random);
  const augment: AugmentFn =
    typeof options.augment === 'function'
      ? options.augment
      : (
          (config: AugmentConfig) => (images, rng) =>
            simclrAugment(images, config, rng)
        )(options.augment);
  const [view1, view2] = tf.tidy(() => {
    const images = imageBatch(dataset, batch);
    return [augment(images, random), augment(images, random)];
  });
  try {
    const [z1, z2] = [model.project(view1), model.project(view2)];
    const [p1, p2] = [z1.dataSync() as Float32Array, z2.dataSync() as Float32Array];
    tf.dispose([z1, z2]);
    const scores = anchorScores(p1, p2, batchSize, model.projectionDim, temperature, options.negatives ?? 8);
    const [, h, w, c] = view1.shape;
    const size = h * w * c;
    const v1 = view1.dataSync();
    const v2 = view2.dataSync();
    const views = new Uint8Array(2 * size);
    toBytes(v1.subarray(0, size), views, 0);
    toBytes(v2.subarray(0, size), views, size);
    const negativeViews = new Uint8Array(scores.negatives.length * size);
    scores.negatives.forEach((neg, k) => {
      const from = neg.image * size;
      toBytes((neg.view === 0 ? v1 : v2).subarray(from, from + size), negativeViews, k * size);
    });
    return {
      index,
      views,
      shape: [h, w, c],
      cosine: scores.cosine,
      rank: scores.rank,
      loss: scores.loss,
      temperature,
      batchSize,
      negatives: {
        indices: Int32Array.from(scores.negatives, (neg) => batch[neg.image]),
        cosines: Float32Array.from(scores.negatives, (neg) => neg.cosine),
        weights: Float32Array.from(scores.negatives, (neg) => neg.weight),
        views: negativeViews,
      },
    };
  } finally {
    tf.dispose([view1, view2]);
  }
}

/** `index` first, then `size - 1` distinct other indices of 0..limit-1 (a partial Fisher-Yates shuffle). */
function drawBatch(index: number, limit: number, size: number, random: Random): Int32Array {
  const pool = new Int32Array(limit - 1);
  for (let i = 0, j = 0; i < limit; i++) if (i !== index) pool[j++] = i;
  const batch = new Int32Array(size);
  batch[0] = index;
  for (let k = 0; k < size - 1; k++) {
    const pick = k + random.int(pool.length - k);
    [pool[k], pool[pick]] = [pool[pick], pool[k]];
    batch[k + 1] = pool[k];
  }
  return batch;
}

function toBytes(values: ArrayLike<number>, out: Uint8Array, offset: number): void {
  for (let i = 0; i < values.length; i++) out[offset + i] = Math.round(Math.min(1, Math.max(0, values[i])) * 255);
}
