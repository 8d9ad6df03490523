/**
 * Retrieval precision@k on labels: for each query, the fraction of its k most similar gallery
 * items (cosine similarity) that share its label, averaged over the queries. It asks what a user
 * of an image search built on the representation would see: are an image's nearest neighbours
 * of its kind? (As in unsupervised retrieval evaluations, e.g. Wu et al. 2018, InstDisc, sec. 4.)
 * Chance is the share of the query's class in the gallery. Queries go in chunks, as in knn.ts.
 */
import { tf } from '../tf';
import { checkLabels, featureShape, featureTensor, type Features } from './features';

export interface RetrievalPrecisionOptions {
  /** Upper bound on similarities held at once (chunk rows = this / gallery size). Default 8M. */
  maxChunkElements?: number;
}

/**
 * Mean precision@k for each k.
 * @param gallery [nGallery, dim], searched; @param queries [nQuery, dim], each searched for
 * @returns k -> mean precision in [0, 1]
 */
export async function retrievalPrecision(
  gallery: Features,
  galleryLabels: ArrayLike<number>,
  queries: Features,
  queryLabels: ArrayLike<number>,
  ks: readonly number[] = [1, 10, 100],
  options: RetrievalPrecisionOptions = {},
): Promise<Record<number, number>> {
  const [nGallery, dim] = featureShape(gallery);
  const [nQuery, queryDim] = featureShape(queries);
  if (dim !== queryDim)
    throw new RangeError(`retrievalPrecision: gallery features have ${dim} dims but queries ${queryDim}`);
  const bankLabels = checkLabels('retrievalPrecision (gallery)', galleryLabels, nGallery).labels;
  const truth = checkLabels('retrievalPrecision (queries)', queryLabels, nQuery).labels;
  for (const k of ks) {
    if (!Number.isInteger(k) || k < 1 || k > nGallery)
      throw new RangeError(`retrievalPrecision: k must be an integer in 1..${nGallery} (the gallery size), got ${k}`);
  }
  const kMax = Math.max(...ks);
  const chunk = Math.max(1, Math.floor((options.maxChunkElements ?? 8_000_000) / nGallery));
  const bank = featureTensor('retrievalPrecision (gallery)', gallery);
  const query = featureTensor('retrievalPrecision (queries)', queries);
  const unitRows = (x: tf.Tensor2D) => tf.div(x, tf.maximum(tf.norm(x, 2, 1, true), 1e-12));
  const bankT = tf.tidy(() => tf.transpose(unitRows(bank.tensor)));
  const sums = ks.map(() => 0);
  try {
    for (let start = 0; start < nQuery; start += chunk) {
      const size = Math.min(chunk, nQuery - start);
      const top = tf.tidy(
        () => tf.topk(tf.matMul(unitRows(tf.slice(query.tensor, [start, 0], [size, dim])), bankT), kMax).indices,
      );
      const indices = await top.data();
      top.dispose();
      for (let q = 0; q < size; q++) {
        // Matches among the first j + 1 results, read off at each asked k.
        let same = 0;
        for (let j = 0; j < kMax; j++) {
          if (bankLabels[indices[q * kMax + j]] === truth[start + q]) same++;
          ks.forEach((k, i) => {
            if (k === j + 1) sums[i] += same / k;
          });
        }
      }
    }
  } finally {
    bankT.dispose();
    if (bank.owned) bank.tensor.dispose();
    if (query.owned) query.tensor.dispose();
  }
  return Object.fromEntries(ks.map((k, i) => [k, sums[i] / nQuery]));
}
