/**
 * The training monitor: what the loop measures every few steps, for every method, on a FIXED slice
 * of images so that the numbers move only because the network does.
 * - knnAccuracy: top-1 weighted kNN accuracy of the current encoder's representation (InstDisc, Wu et
 *   al. 2018 sec. 3.4; ../eval/knn) on labelled images: queries voted on by a bank from the same slice.
 * - alignment, uniformity (Wang & Isola 2020, arXiv:2005.10242): two fixed augmented views of the
 *   health images; lower alignment = positives closer, uniformity towards 0 = outputs bunched.
 * - representationStdRatio on the same views, computed by the loop every step from the method's output;
 *   here `healthStdRatio`: std of the l2-normalised representation x sqrt(d) (~1 spread, 0 collapsed).
 * - effectiveRank (Roy & Vetterli 2007) of the representation of one view.
 * With `snapshot`, also the pictures behind these numbers (./monitorSnapshot: cosine histograms, the
 * singular-value spectrum, an aligned PCA of the slice, the hardest pairs, kNN errors).
 * Evaluated in inference mode (batch norm on its moving statistics), without gradients:
 * training state, data order and augmentations are untouched, so a monitored run trains exactly as an
 * unmonitored one.
 */
import { tf } from '../tf';
import { Random } from '../random';
import { datasetSize, imageBatch, type ImageDataset } from '../data/dataset';
import { subset } from '../data/subset';
import type { SimclrModel } from '../models/simclrModel';
import type { AugmentFn } from '../train/trainStep';
import { encode } from '../eval/embed';
import { alignment } from '../metrics/alignment';
import { uniformity } from '../metrics/uniformity';
import { representationStd } from '../metrics/representationStd';
import { spectrumEffectiveRank } from '../metrics/effectiveRank';
import { batchSpectrum } from '../metrics/singularValues';
import { knnPredict } from '../eval/knn';
import { monitorSnapshot, type MonitorSnapshot, type SnapshotLimits } from './monitorSnapshot';

export interface MonitorOptions {
  /**
   * Labelled held-out images for the kNN monitor (the first 3/4 are the bank, the rest the queries).
   * Default: a fixed seeded sample of the training images when they carry labels (training never reads
   * labels, so the monitor scores what the network learnt without them); without labels, health only.
   */
  data?: ImageDataset;
  /** Images taken from `data` (or sampled from the training set). Default 1024. */
  images?: number;
  /** Images whose two augmented views give alignment, uniformity, std and rank. Default 256. */
  healthImages?: number;
  /** Neighbours that vote. Default 20. */
  k?: number;
  /** Steps between evaluations, or 'auto' (default): as often as `budget` allows. */
  every?: number | 'auto';
  /** Auto: the largest fraction of training time the monitor may take. Default 0.1. */
  budget?: number;
  /**
   * Stream a snapshot (histograms, spectrum, aligned PCA, hard pairs, kNN errors) with each evaluation
   * as a 'trainSnapshot' event, for the panel's inspection views. Default true; false or limits.
   */
  snapshots?: boolean | SnapshotLimits;
}

export interface MonitorSlice {
  images: ImageDataset;
  /** Bank/query split of `images` when labelled. */
  bank?: ImageDataset;
  queries?: ImageDataset;
  health: ImageDataset;
}

/** The fixed images the monitor evaluates on (chosen once per run from `seed`). */
export function monitorSlice(training: ImageDataset, options: MonitorOptions, seed: number): MonitorSlice {
  const wanted = options.images ?? 1024;
  if (!Number.isInteger(wanted) || wanted < 2)
    throw new RangeError(`pretrain: monitor.images must be an integer >= 2, got ${options.images}`);
  const source = options.data ?? training;
  const n = datasetSize(source);
  if (
    options.data &&
    (source.shape[1] !== training.shape[1] ||
      source.shape[2] !== training.shape[2] ||
      source.shape[3] !== training.shape[3])
  ) {
    throw new RangeError(
      `pretrain: monitor.data images are ${source.shape.slice(1).join('x')} but the training images ${training.shape.slice(1).join('x')}`,
    );
  }
  if (options.data && !options.data.labels)
    throw new RangeError(`pretrain: monitor.data (${options.data.name}) has no labels for the kNN monitor`);
  const count = Math.min(wanted, n);
  if (count < 2) throw new RangeError(`pretrain: the monitor needs at least 2 images, ${source.name} has ${n}`);
  const order = options.data
    ? Int32Array.from({ length: count }, (_, i) => i)
    : new Random(seed).shuffle(Int32Array.from({ length: n }, (_, i) => i)).slice(0, count);
  const images = subset(source, order, `${source.name} (monitor slice)`);
  const healthCount = Math.min(options.healthImages ?? 256, count);
  if (!Number.isInteger(healthCount) || healthCount < 2)
    throw new RangeError(`pretrain: monitor.healthImages must be an integer >= 2, got ${options.healthImages}`);
  const health = subset(
    images,
    Int32Array.from({ length: healthCount }, (_, i) => i),
  );
  if (!images.labels) return { images, health };
  const split = Math.max(1, Math.floor((count * 3) / 4));
  return {
    images,
    health,
    bank: subset(
      images,
      Int32Array.from({ length: split }, (_, i) => i),
    ),
    queries: subset(
      images,
      Int32Array.from({ length: count - split }, (_, i) => split + i),
    ),
  };
}

/**
 * The representation in inference mode through the encoder's own predict, not model.embed: embed keeps
 * folded weights cached in the model after its first call, which would change the tensor count mid-run.
 */
function represent(model: SimclrModel, images: tf.Tensor4D): tf.Tensor2D {
  return encode({ encoder: model.encoder }, images);
}

function embedAll(model: SimclrModel, dataset: ImageDataset): tf.Tensor2D {
  return tf.tidy(() =>
    represent(
      model,
      imageBatch(
        dataset,
        Int32Array.from({ length: datasetSize(dataset) }, (_, i) => i),
      ),
    ),
  );
}

export interface MonitorEvaluation {
  metrics: Record<string, number>;
  snapshot?: MonitorSnapshot;
}

/**
 * One evaluation: the monitor's scalars for the model as it is now, and with `snapshot` its pictures.
 * @param viewSeed fixes the two augmented views (the same every evaluation)
 * @param snapshot limits of the snapshot and the previous snapshot's points to align to; none: scalars only
 */
export async function evaluateMonitor(
  model: SimclrModel,
  slice: MonitorSlice,
  augment: AugmentFn,
  viewSeed: number,
  k = 20,
  snapshot?: { limits?: SnapshotLimits; previousPoints?: Float32Array },
): Promise<MonitorEvaluation> {
  const metrics: Record<string, number> = {};
  const labelled = slice.bank && slice.queries && datasetSize(slice.queries) > 0;
  const bank = labelled ? embedAll(model, slice.bank as ImageDataset) : undefined;
  const queries = labelled ? embedAll(model, slice.queries as ImageDataset) : undefined;
  const [views1, views2, z1, z2] = tf.tidy(() => {
    const images = imageBatch(
      slice.health,
      Int32Array.from({ length: datasetSize(slice.health) }, (_, i) => i),
    );
    const rng = new Random(viewSeed);
    const first = augment(images, rng);
    const second = augment(images, rng);
    return [first, second, represent(model, first), represent(model, second)];
  });
  try {
    let predictions: Int32Array | undefined;
    if (bank && queries) {
      const bankLabels = slice.bank?.labels as Int32Array,
        queryLabels = slice.queries?.labels as Int32Array;
      predictions = await knnPredict(bank, bankLabels, queries, { k });
      metrics.knnAccuracy = predictions.reduce((s, p, i) => s + (p === queryLabels[i] ? 1 : 0), 0) / predictions.length;
    }
    metrics.alignment = alignment(z1, z2);
    metrics.uniformity = uniformity(z1);
    metrics.healthStdRatio = representationStd(z1) * Math.sqrt(z1.shape[1]);
    const spectrum = batchSpectrum('effectiveRank', z1);
    metrics.effectiveRank = spectrumEffectiveRank(spectrum);
    if (!snapshot) return { metrics };
    const points = bank && queries ? tf.concat([bank, queries]) : z1;
    try {
      const source = bank && queries ? slice.images : slice.health;
      const [, h, w, c] = source.shape;
      return {
        metrics,
        snapshot: monitorSnapshot(
          {
            slice: points,
            slicePixels: source.pixels,
            labels: source.labels,
            classNames: source.classNames,
            ...(predictions ? { predictions, bankSize: bank?.shape[0] } : {}),
            z1,
            z2,
            spectrum: spectrum.singularValues,
            view1: views1.dataSync() as Float32Array,
            view2: views2.dataSync() as Float32Array,
            imageShape: [h, w, c],
            previousPoints: snapshot.previousPoints,
          },
          snapshot.limits,
        ),
      };
    } finally {
      if (points !== z1) points.dispose();
    }
  } finally {
    tf.dispose([views1, views2, z1, z2]);
    bank?.dispose();
    queries?.dispose();
  }
}
