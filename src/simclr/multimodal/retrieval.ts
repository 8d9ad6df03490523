/**
 * Cross-modal retrieval recall@k (as reported for CLIP, Radford et al. 2021 section 3.1.4, and
 * CLAP): item i of each side is the only correct match of item i of the other. Media -> text ranks
 * every caption for each media item; text -> media the reverse. Recall@k is the fraction of queries
 * whose match is among the k most similar (ties counted against the query).
 */
import { tf } from '../tf';
import { l2Normalize } from '../losses/ntXent';

export interface RetrievalRecall {
  /** k -> fraction in [0, 1]. */
  mediaToText: Record<number, number>;
  textToMedia: Record<number, number>;
  /** Number of pairs; recall@k of random ranking is k / n. */
  n: number;
}

/**
 * @param media [n, E] embeddings (normalised here)
 * @param text [n, E] embeddings, row i the caption of media i
 */
export function retrievalRecall(media: tf.Tensor2D, text: tf.Tensor2D, ks: number[] = [1, 5, 10]): RetrievalRecall {
  if (media.rank !== 2 || text.rank !== 2 || media.shape[0] !== text.shape[0] || media.shape[1] !== text.shape[1]) {
    throw new RangeError(
      `retrievalRecall: media and text must both be [n, E], got [${media.shape}] and [${text.shape}]`,
    );
  }
  for (const k of ks)
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`retrievalRecall: k must be a positive integer, got ${k}`);
  const n = media.shape[0];
  const similarity = tf.tidy(() => tf.matMul(l2Normalize(media), l2Normalize(text), false, true));
  const s = similarity.dataSync();
  similarity.dispose();
  // Rank of the match = number of candidates scoring strictly higher, plus ties (pessimistic).
  const mediaRanks = new Int32Array(n);
  const textRanks = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const target = s[i * n + i];
    let rowBetter = 0;
    let colBetter = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      if (s[i * n + j] >= target) rowBetter++;
      if (s[j * n + i] >= target) colBetter++;
    }
    mediaRanks[i] = rowBetter;
    textRanks[i] = colBetter;
  }
  const recall = (ranks: Int32Array) =>
    Object.fromEntries(ks.map((k) => [k, n === 0 ? 0 : ranks.reduce((c, r) => c + (r < k ? 1 : 0), 0) / n]));
  return { mediaToText: recall(mediaRanks), textToMedia: recall(textRanks), n };
}

/**
 * The k nearest items of each query by cosine similarity.
 * @param queries [q, E]; items [n, E]
 * @returns per query the item indices and similarities, most similar first
 */
export function topMatches(
  queries: tf.Tensor2D,
  items: tf.Tensor2D,
  k: number,
): { indices: number[]; scores: number[] }[] {
  const kk = Math.min(k, items.shape[0]);
  return tf.tidy(() => {
    const { values, indices } = tf.topk(tf.matMul(l2Normalize(queries), l2Normalize(items), false, true), kk);
    const v = values.arraySync() as number[][];
    return (indices.arraySync() as number[][]).map((row, q) => ({ indices: row, scores: v[q] }));
  });
}
