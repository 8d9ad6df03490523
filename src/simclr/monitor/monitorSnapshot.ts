/**
 * What the training monitor shows besides its scalars, at each evaluation: the pictures behind the
 * numbers, small enough to stream with the run (tens of kB).
 * - cosines: histograms of positive-pair and negative-pair cosine similarities of the two fixed health
 *   views (../metrics/cosineHistograms); both piling up at 1 is collapse.
 * - spectrum: singular values of the centred representation of the first views (../metrics/singularValues);
 *   a few large values and a long flat tail is dimensional collapse (Jing et al. 2022).
 * - points: the slice's representation by PCA in 2-D, rotated onto the previous snapshot's by orthogonal
 *   Procrustes (../projections/procrustes) so a scrubber through the snapshots shows clusters forming
 *   instead of axes flipping.
 * - pairs: positive pairs of the health views ranked by how hard they are: `rank` is how many of the
 *   batch's cross-view negatives z2_j (j != i) are more similar to z1_i than its own positive z2_i
 *   (0: trivially matched), with the hardest negative; the hardest and the easiest are kept.
 * - knnErrors: slice queries the kNN monitor gets wrong, with the bank images that were nearest in the
 *   representation and, for comparison, the nearest in raw pixels (cosine of the 0-255 vectors).
 * Images travel as uint8 thumbnails [count, h, w, c]; pairs and errors refer to them by index.
 */
import { tf } from '../tf';
import { l2Normalize } from '../losses/ntXent';
import { cosineHistograms } from '../metrics/cosineHistograms';
import { batchSpectrum } from '../metrics/singularValues';
import { pca } from '../projections/pca';
import { alignTo } from '../projections/procrustes';

/** A positive pair of the health views. Thumbnail indices refer to `MonitorSnapshot.thumbnails`. */
export interface PairInspection {
  /** Row of the health images. */
  index: number;
  /** cos(z1_i, z2_i). */
  cosine: number;
  /** Cross-view negatives more similar to z1_i than z2_i (0 = the positive is the nearest). */
  rank: number;
  /** The most similar negative j and cos(z1_i, z2_j). */
  hardestNegative: number;
  hardestNegativeCosine: number;
  /** Thumbnails of view 1, view 2 and the hardest negative's second view. */
  thumbnails: [first: number, second: number, negative: number];
}

export interface NeighbourInspection {
  index: number;
  label: number;
  similarity: number;
  thumbnail: number;
}

/** A query of the slice that the kNN monitor misclassifies. */
export interface KnnErrorInspection {
  /** Row of `points` (the slice image). */
  index: number;
  label: number;
  predicted: number;
  /** The nearest bank images by cosine of the representation: their rows of `points`, labels, similarities and thumbnails. */
  neighbours: NeighbourInspection[];
  /** The nearest bank images by cosine of the raw pixels (what kNN would vote without training). */
  pixelNeighbours: NeighbourInspection[];
  thumbnail: number;
}

export interface MonitorSnapshot {
  cosines: { edges: number[]; positive: number[]; negative: number[]; positiveMean: number; negativeMean: number };
  /** Singular values, descending. */
  spectrum: number[];
  /** Row-major [n, 2]: PCA of the slice's representation, aligned to the previous snapshot's points. */
  points: Float32Array;
  /** Label per point, when the slice has labels. */
  labels?: Int32Array;
  classNames?: string[];
  /** The hardest pairs first, then the easiest. */
  pairs: PairInspection[];
  /** Misclassified queries, at most the `errors` asked for, of `knnErrorCount` in all. */
  knnErrors: KnnErrorInspection[];
  knnErrorCount: number;
  /** Row-major [count, h, w, c] uint8. */
  thumbnails: Uint8Array;
  thumbnailShape: [h: number, w: number, c: number];
}

export interface SnapshotLimits {
  /** Hardest and easiest pairs kept, each. Default 4. */
  pairs?: number;
  /** Misclassified queries kept. Default 6. */
  errors?: number;
  /** Neighbours shown per misclassified query. Default 5. */
  neighbours?: number;
}

/** Collects uint8 thumbnails from [0, 1] float images and pixel rows. */
class ThumbnailSheet {
  private readonly tiles: Uint8Array[] = [];
  constructor(readonly shape: [number, number, number]) {}
  get size(): number {
    return this.shape[0] * this.shape[1] * this.shape[2];
  }
  /** Image `row` of a [n, h, w, c] float array in [0, 1]. */
  addFloat(values: Float32Array, row: number): number {
    const size = this.size;
    return this.push(
      Uint8Array.from(values.subarray(row * size, (row + 1) * size), (v) =>
        Math.round(Math.min(1, Math.max(0, v)) * 255),
      ),
    );
  }
  /** Image `row` of [n, h, w, c] uint8 pixels. */
  addPixels(pixels: Uint8Array, row: number): number {
    return this.push(pixels.slice(row * this.size, (row + 1) * this.size));
  }
  private push(tile: Uint8Array): number {
    this.tiles.push(tile);
    return this.tiles.length - 1;
  }
  pack(): Uint8Array {
    const out = new Uint8Array(this.tiles.length * this.size);
    this.tiles.forEach((t, i) => out.set(t, i * this.size));
    return out;
  }
}

export interface SnapshotInput {
  /** [n, d] representation of the slice images (the points), and their uint8 pixels [n, h, w, c]. */
  slice: tf.Tensor2D;
  slicePixels: Uint8Array;
  labels?: Int32Array;
  classNames?: string[];
  /** kNN: the bank's rows in `slice` are 0..bankSize-1, the queries' the rest; predictions per query. */
  bankSize?: number;
  predictions?: Int32Array;
  /** [m, d] representations of the two health views, and the views' [m, h, w, c] images in [0, 1]. */
  z1: tf.Tensor2D;
  z2: tf.Tensor2D;
  /** The singular values of z1 (centred) when already computed; else computed here. */
  spectrum?: Float64Array;
  view1: Float32Array;
  view2: Float32Array;
  imageShape: [h: number, w: number, c: number];
  /** The previous snapshot's points (same slice), to align to. */
  previousPoints?: Float32Array;
}

export function monitorSnapshot(input: SnapshotInput, limits: SnapshotLimits = {}): MonitorSnapshot {
  const sheet = new ThumbnailSheet(input.imageShape);
  const [n, d] = input.slice.shape;
  const histograms = cosineHistograms(input.z1, input.z2);
  const spectrum = input.spectrum ?? batchSpectrum('monitorSnapshot', input.z1).singularValues;
  const projected = pca(input.slice.dataSync() as Float32Array, n, d, Math.min(2, d)).points;
  const flat =
    d >= 2 ? projected : Float32Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? projected[i / 2] : 0));
  const points = input.previousPoints?.length === flat.length ? alignTo(flat, input.previousPoints, n, 2) : flat;
  return {
    cosines: {
      edges: Array.from(histograms.edges),
      positive: Array.from(histograms.positive),
      negative: Array.from(histograms.negative),
      positiveMean: histograms.positiveMean,
      negativeMean: histograms.negativeMean,
    },
    spectrum: Array.from(spectrum),
    points,
    ...(input.labels ? { labels: input.labels } : {}),
    ...(input.classNames ? { classNames: input.classNames } : {}),
    pairs: inspectPairs(input, sheet, limits.pairs ?? 4),
    ...inspectKnnErrors(input, sheet, limits.errors ?? 6, limits.neighbours ?? 5),
    thumbnails: sheet.pack(),
    thumbnailShape: input.imageShape,
  };
}

function cosineMatrix(a: tf.Tensor2D, b: tf.Tensor2D): Float32Array {
  return tf.tidy(() => tf.matMul(l2Normalize(a), l2Normalize(b), false, true).dataSync() as Float32Array);
}

function inspectPairs(input: SnapshotInput, sheet: ThumbnailSheet, keep: number): PairInspection[] {
  const m = input.z1.shape[0];
  const cos = cosineMatrix(input.z1, input.z2);
  const all = Array.from({ length: m }, (_, i) => {
    const positive = cos[i * m + i];
    let rank = 0,
      hardest = -1,
      hardestCosine = -Infinity;
    for (let j = 0; j < m; j++) {
      if (j === i) continue;
      const c = cos[i * m + j];
      if (c > positive) rank++;
      if (c > hardestCosine) [hardest, hardestCosine] = [j, c];
    }
    return { index: i, cosine: positive, rank, hardestNegative: hardest, hardestNegativeCosine: hardestCosine };
  });
  // Hardest: most negatives ahead, then the smallest margin over the hardest negative.
  all.sort((a, b) => b.rank - a.rank || b.hardestNegativeCosine - b.cosine - (a.hardestNegativeCosine - a.cosine));
  const chosen = m <= 2 * keep ? all : [...all.slice(0, keep), ...all.slice(m - keep)];
  return chosen
    .filter((p) => p.hardestNegative >= 0)
    .map((p) => ({
      ...p,
      thumbnails: [
        sheet.addFloat(input.view1, p.index),
        sheet.addFloat(input.view2, p.index),
        sheet.addFloat(input.view2, p.hardestNegative),
      ],
    }));
}

function inspectKnnErrors(
  input: SnapshotInput,
  sheet: ThumbnailSheet,
  keep: number,
  neighbours: number,
): { knnErrors: KnnErrorInspection[]; knnErrorCount: number } {
  const { labels, predictions, bankSize } = input;
  if (!labels || !predictions || bankSize === undefined) return { knnErrors: [], knnErrorCount: 0 };
  const wrong: number[] = [];
  predictions.forEach((p, q) => {
    if (p !== labels[bankSize + q]) wrong.push(bankSize + q);
  });
  const shown = wrong.slice(0, keep);
  if (shown.length === 0) return { knnErrors: [], knnErrorCount: 0 };
  const similarities = tf.tidy(() => {
    const bank = tf.slice(input.slice, [0, 0], [bankSize, -1]);
    const queries = tf.gather(input.slice, shown);
    return cosineMatrix(queries, bank);
  });
  const size = sheet.size;
  const pixelSimilarities = tf.tidy(() => {
    const bank = tf.tensor2d(Float32Array.from(input.slicePixels.subarray(0, bankSize * size)), [bankSize, size]);
    const queries = tf.tensor2d(
      Float32Array.from(shown.flatMap((row) => Array.from(input.slicePixels.subarray(row * size, (row + 1) * size)))),
      [shown.length, size],
    );
    return cosineMatrix(queries, bank);
  });
  const nearest = (all: Float32Array, e: number): NeighbourInspection[] => {
    const sims = all.subarray(e * bankSize, (e + 1) * bankSize);
    return Array.from(sims.keys())
      .sort((a, b) => sims[b] - sims[a])
      .slice(0, neighbours)
      .map((j) => ({
        index: j,
        label: labels[j],
        similarity: sims[j],
        thumbnail: sheet.addPixels(input.slicePixels, j),
      }));
  };
  const errors = shown.map((row, e) => ({
    index: row,
    label: labels[row],
    predicted: predictions[row - bankSize],
    thumbnail: sheet.addPixels(input.slicePixels, row),
    neighbours: nearest(similarities, e),
    pixelNeighbours: nearest(pixelSimilarities, e),
  }));
  return { knnErrors: errors, knnErrorCount: wrong.length };
}
