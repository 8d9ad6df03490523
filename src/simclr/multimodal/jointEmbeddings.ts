/**
 * Both modalities of paired data in the shared embedding space, as one set of rows: the media of
 * the first n pairs, then their n captions (unit length). With `modality` (0 media, 1 caption) a
 * projection can be coloured by modality, and with `pair` each row points at its partner, so matched
 * pairs can be seen landing together (or not).
 */
import { tf } from '../tf';
import type { DualEncoder } from './dualEncoder';
import { mediaBatch, pairCount, type PairedData } from './pairedData';

export interface JointEmbeddings {
  /** Row-major [2n, E]: media rows 0..n-1, caption rows n..2n-1. */
  vectors: Float32Array;
  /** Number of pairs (rows = 2n). */
  n: number;
  dim: number;
  /** Per row: 0 media, 1 caption. */
  modality: Int32Array;
  /** Per row: the class of its pair, when the data has labels. */
  labels?: Int32Array;
  /** Per row: the index of its pair in the data. */
  pair: Int32Array;
}

/** Embeds the first `count` pairs (default all) of `data`, `batchSize` at a time. */
export function jointEmbeddings(
  model: DualEncoder,
  data: PairedData,
  count?: number,
  batchSize = 256,
): JointEmbeddings {
  const n = Math.min(pairCount(data), count ?? Infinity);
  if (!(n >= 1)) throw new RangeError(`jointEmbeddings: count must be at least 1, got ${count}`);
  const dim = model.config.embedDim;
  const vectors = new Float32Array(2 * n * dim);
  for (let start = 0; start < n; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, n - start) }, (_, i) => start + i);
    const media = tf.tidy(() => model.embedMedia(mediaBatch(data, indices)));
    const text = model.embedTexts(indices.map((i) => data.captions[i]));
    vectors.set(media.dataSync(), start * dim);
    vectors.set(text.dataSync(), (n + start) * dim);
    tf.dispose([media, text]);
  }
  const pair = Int32Array.from({ length: 2 * n }, (_, i) => i % n);
  return {
    vectors,
    n,
    dim,
    pair,
    modality: Int32Array.from({ length: 2 * n }, (_, i) => (i < n ? 0 : 1)),
    ...(data.labels ? { labels: Int32Array.from(pair, (i) => data.labels![i]) } : {}),
  };
}
