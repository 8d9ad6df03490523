/**
 * Linear evaluation of a frozen encoder, the standard protocol (Kolesnikov et al. 2019,
 * arXiv:1901.09005; Chen et al. 2020, SimCLR, sec. 4 and appendix B.5): features of the train and
 * test images, standardised with the train statistics, then multinomial logistic regression fitted
 * to convergence with L-BFGS (./logisticRegression.ts), its L2 penalty chosen on a held-out part of
 * the training set and the classifier refitted on the whole training set with it. Agrees with
 * scikit-learn's StandardScaler + LogisticRegression(solver='lbfgs') on the same features
 * (test/simclr/eval/linearProbeSklearn.test.ts).
 */
import { currentRunContext } from '../context';
import type { ImageDataset } from '../data/dataset';
import { Random } from '../random';
import { tf } from '../tf';
import { embedDataset, type Encoder } from './embed';
import { checkLabels, featureTensor, type Features } from './features';
import { accuracyOf, fitLogisticRegression, predictLogistic, type LogisticRegressionModel } from './logisticRegression';

/** Precomputed features with their labels. */
export interface LabelledFeatures {
  features: Features;
  labels: ArrayLike<number>;
}

/** A labelled image dataset (embedded by the encoder) or precomputed features. */
export type ProbeData = ImageDataset | LabelledFeatures;

/** The L2 penalties searched by default, strongest first (each fit warm-starts the next). */
export const DEFAULT_PROBE_WEIGHT_DECAYS: readonly number[] = [1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6];

export interface LinearProbeOptions {
  /**
   * L2 penalty weightDecay / 2 * |W|^2 on the mean cross-entropy (scikit-learn's C = 1 / (n * weightDecay)).
   * A number fixes it; a list is searched on a held-out part of the train set. Default DEFAULT_PROBE_WEIGHT_DECAYS.
   */
  weightDecay?: number | readonly number[];
  /** Fraction of the train set held out to choose weightDecay. Default 0.2. */
  validationFraction?: number;
  /** L-BFGS iterations at most per fit. Default 1000. */
  maxIterations?: number;
  /** Converged when the largest gradient entry is at most this. Default 1e-5. */
  tolerance?: number;
  /** Standardise features with the train mean and std. Default true. */
  standardize?: boolean;
  /** Seeds the held-out split. Default 0. */
  seed?: number;
  /** Default: the largest label + 1 over train and test. */
  numClasses?: number;
  /** Images per encoder pass when embedding datasets. Default 256. */
  embedBatchSize?: number;
  /** After each fit of the search, and after the final one (validationAccuracy undefined). */
  onFit?: (fit: ProbeFit) => void;
  /** Stops the current fit between iterations; the result then uses the weights so far. Default: the ambient run context's. */
  signal?: AbortSignal;
}

/** One fit of the probe. */
export interface ProbeFit {
  weightDecay: number;
  /** Accuracy on the held-out part (search fits only). */
  validationAccuracy?: number;
  iterations: number;
  /** Objective at the end of the fit. */
  loss: number;
  converged: boolean;
}

export interface LinearProbeResult {
  trainAccuracy: number;
  testAccuracy: number;
  /** The L2 penalty of the final classifier. */
  weightDecay: number;
  /** The search over weightDecay on the held-out part (empty when it was fixed). */
  search: ProbeFit[];
  /** The final fit on the whole train set. */
  final: ProbeFit;
  featureDim: number;
  numClasses: number;
  trainSize: number;
  testSize: number;
  seconds: number;
}

/**
 * Fits a softmax classifier on frozen features of `train` and measures it on `test`.
 * `encoder` may be null when both sets are precomputed features.
 */
export async function linearProbe(
  encoder: Encoder | null,
  train: ProbeData,
  test: ProbeData,
  options: LinearProbeOptions = {},
): Promise<LinearProbeResult> {
  const started = performance.now();
  const signal = options.signal ?? currentRunContext().signal;
  const decays =
    typeof options.weightDecay === 'number'
      ? [options.weightDecay]
      : [...(options.weightDecay ?? DEFAULT_PROBE_WEIGHT_DECAYS)];
  if (decays.length === 0 || decays.some((d) => !(d >= 0) || !Number.isFinite(d))) {
    throw new RangeError(
      `linearProbe: weightDecay must be a number >= 0 or a non-empty list of them, got ${JSON.stringify(options.weightDecay)}`,
    );
  }
  const fraction = options.validationFraction ?? 0.2;
  if (!(fraction > 0 && fraction < 1))
    throw new RangeError(`linearProbe: validationFraction must be in (0, 1), got ${fraction}`);
  const trainSet = await resolve('train', encoder, train, options.embedBatchSize, signal);
  const testSet = await resolve('test', encoder, test, options.embedBatchSize, signal);
  const tensors: tf.Tensor[] = [];
  try {
    const dim = trainSet.features.shape[1];
    if (testSet.features.shape[1] !== dim) {
      throw new RangeError(
        `linearProbe: train features have ${dim} dims but test features ${testSet.features.shape[1]}`,
      );
    }
    const numClasses = options.numClasses ?? Math.max(trainSet.numClasses, testSet.numClasses);
    if (numClasses < 2) throw new RangeError(`linearProbe: needs at least 2 classes, got ${numClasses}`);
    const n = trainSet.labels.length;
    const [trainX, testX] = standardize(trainSet.features, testSet.features, options.standardize ?? true);
    tensors.push(trainX, testX);
    const fitOptions = {
      maxIterations: options.maxIterations ?? 1000,
      gradientTolerance: options.tolerance ?? 1e-5,
      signal,
    };
    const fit = async (x: tf.Tensor2D, labels: Int32Array, weightDecay: number, init?: LogisticRegressionModel) => {
      const result = await fitLogisticRegression(x, labels, numClasses, { ...fitOptions, weightDecay, init });
      const info: ProbeFit = {
        weightDecay,
        iterations: result.iterations,
        loss: result.loss,
        converged: result.stopReason !== 'max iterations' && result.stopReason !== 'aborted',
      };
      return { model: result.model, info };
    };

    const search: ProbeFit[] = [];
    let chosen = decays[0];
    let init: LogisticRegressionModel | undefined;
    if (decays.length > 1) {
      const held = Math.round(fraction * n);
      if (held < 1 || held >= n)
        throw new RangeError(
          `linearProbe: ${n} train rows are too few to hold out ${fraction} of them for choosing weightDecay (pass one weightDecay)`,
        );
      const order = new Random(options.seed ?? 0).shuffle(Int32Array.from({ length: n }, (_, i) => i));
      const heldRows = order.slice(0, held);
      const fitRows = order.slice(held);
      const fitX = tf.gather(trainX, fitRows) as tf.Tensor2D;
      const heldX = tf.gather(trainX, heldRows) as tf.Tensor2D;
      tensors.push(fitX, heldX);
      const fitY = Int32Array.from(fitRows, (i) => trainSet.labels[i]);
      const heldY = Int32Array.from(heldRows, (i) => trainSet.labels[i]);
      let best = -1;
      let worse = 0;
      let warm: LogisticRegressionModel | undefined;
      // Strongest penalty first: each solution is a good start for the next, weaker one. Weak
      // penalties cost the most iterations, so the search stops once two in a row did worse than
      // the best (validation accuracy against the penalty is unimodal in practice).
      for (const weightDecay of [...decays].sort((a, b) => b - a)) {
        if (signal?.aborted || worse >= 2) break;
        const { model, info } = await fit(fitX, fitY, weightDecay, warm);
        warm = model;
        info.validationAccuracy = accuracyOf(predictLogistic(model, heldX), heldY);
        search.push(info);
        options.onFit?.(info);
        // Ties go to the stronger penalty (seen first).
        if (info.validationAccuracy > best) {
          best = info.validationAccuracy;
          chosen = weightDecay;
          init = model;
          worse = 0;
        } else if (info.validationAccuracy < best) {
          worse++;
        }
      }
    }
    const { model, info: final } = await fit(trainX, trainSet.labels, chosen, init);
    options.onFit?.(final);
    return {
      trainAccuracy: accuracyOf(predictLogistic(model, trainX), trainSet.labels),
      testAccuracy: accuracyOf(predictLogistic(model, testX), testSet.labels),
      weightDecay: chosen,
      search,
      final,
      featureDim: dim,
      numClasses,
      trainSize: n,
      testSize: testSet.labels.length,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    tf.dispose(tensors);
    if (trainSet.owned) trainSet.features.dispose();
    if (testSet.owned) testSet.features.dispose();
  }
}

interface Resolved {
  features: tf.Tensor2D;
  labels: Int32Array;
  numClasses: number;
  owned: boolean;
}

async function resolve(
  which: string,
  encoder: Encoder | null,
  data: ProbeData,
  batchSize: number | undefined,
  signal: AbortSignal | undefined,
): Promise<Resolved> {
  const where = `linearProbe (${which})`;
  if ('features' in data) {
    const { tensor, owned } = featureTensor(where, data.features);
    try {
      return { features: tensor, owned, ...checkLabels(where, data.labels, tensor.shape[0]) };
    } catch (error) {
      if (owned) tensor.dispose();
      throw error;
    }
  }
  if (!data.labels) throw new Error(`${where}: ${data.name} has no labels`);
  if (!encoder)
    throw new TypeError(`${where}: an encoder is needed to embed ${data.name} (or pass { features, labels })`);
  const features = await embedDataset(encoder, data, { batchSize, signal });
  return { features, owned: true, ...checkLabels(where, data.labels, features.shape[0]) };
}

/** (x - mean) / std with the train statistics (std floored so constant features stay finite). */
function standardize(train: tf.Tensor2D, test: tf.Tensor2D, enabled: boolean): [tf.Tensor2D, tf.Tensor2D] {
  if (!enabled) return [tf.clone(train), tf.clone(test)];
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(train, 0);
    const std = tf.maximum(tf.sqrt(variance), 1e-6);
    return [tf.div(tf.sub(train, mean), std), tf.div(tf.sub(test, mean), std)] as [tf.Tensor2D, tf.Tensor2D];
  });
}
