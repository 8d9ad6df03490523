/**
 * Linear evaluation of a frozen encoder (Chen et al. 2020, SimCLR, sec. 4 "linear evaluation
 * protocol"; Zhang et al. 2016 / Kolesnikov et al. 2019): features of the train and test images,
 * standardised with the train statistics, then multinomial logistic regression (softmax + cross
 * entropy + L2 weight decay) trained with Adam on seeded mini-batches. Reports accuracies.
 */
import { currentRunContext } from '../context';
import type { ImageDataset } from '../data/dataset';
import { Random } from '../random';
import { tf } from '../tf';
import { embedDataset, type Encoder } from './embed';
import { checkLabels, featureTensor, type Features } from './features';

/** Precomputed features with their labels. */
export interface LabelledFeatures {
  features: Features;
  labels: ArrayLike<number>;
}

/** A labelled image dataset (embedded by the encoder) or precomputed features. */
export type ProbeData = ImageDataset | LabelledFeatures;

export interface LinearProbeOptions {
  /** Passes over the train set. Default 30. */
  epochs?: number;
  /** Mini-batch size; 0 = full batch. Default 256. */
  batchSize?: number;
  /** Adam step size. Default 0.01. */
  learningRate?: number;
  /** L2 penalty weightDecay / 2 * |W|^2 on the weights (not the bias). Default 1e-4. */
  weightDecay?: number;
  /** Standardise features with the train mean and std. Default true. */
  standardize?: boolean;
  seed?: number;
  /** Default: the largest label + 1 over train and test. */
  numClasses?: number;
  /** Images per encoder pass when embedding datasets. Default 256. */
  embedBatchSize?: number;
  onEpoch?: (epoch: number, loss: number) => void;
  /** Stops at an epoch boundary (the result is then computed on the weights so far). Default: the ambient run context's. */
  signal?: AbortSignal;
}

export interface LinearProbeResult {
  trainAccuracy: number;
  testAccuracy: number;
  /** Mean train loss of each epoch run. */
  losses: number[];
  epochs: number;
  featureDim: number;
  numClasses: number;
  trainSize: number;
  testSize: number;
  seconds: number;
}

/**
 * Trains a softmax classifier on frozen features of `train` and measures it on `test`.
 * `encoder` may be null when both sets are precomputed features.
 */
export async function linearProbe(
  encoder: Encoder | null, train: ProbeData, test: ProbeData, options: LinearProbeOptions = {},
): Promise<LinearProbeResult> {
  const started = performance.now();
  const signal = options.signal ?? currentRunContext().signal;
  const trainSet = await resolve('train', encoder, train, options.embedBatchSize, signal);
  const testSet = await resolve('test', encoder, test, options.embedBatchSize, signal);
  try {
    const dim = trainSet.features.shape[1];
    if (testSet.features.shape[1] !== dim) {
      throw new RangeError(`linearProbe: train features have ${dim} dims but test features ${testSet.features.shape[1]}`);
    }
    const numClasses = options.numClasses ?? Math.max(trainSet.numClasses, testSet.numClasses);
    if (numClasses < 2) throw new RangeError(`linearProbe: needs at least 2 classes, got ${numClasses}`);
    const [trainX, testX] = standardize(trainSet.features, testSet.features, options.standardize ?? true);
    const random = new Random(options.seed ?? 0);
    // tf.variable keeps its initial tensor alive: make both inside tidy so only the variables remain.
    const w = tf.tidy(() => tf.variable(tf.randomNormal([dim, numClasses], 0, 0.01, 'float32', random.seed())));
    const b = tf.tidy(() => tf.variable(tf.zeros([numClasses])));
    const optimizer = tf.train.adam(options.learningRate ?? 0.01);
    const weightDecay = options.weightDecay ?? 1e-4;
    const n = trainSet.labels.length;
    const batchSize = options.batchSize === 0 ? n : Math.min(n, options.batchSize ?? 256);
    const epochs = options.epochs ?? 30;
    const losses: number[] = [];
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const trainY = tf.tensor1d(trainSet.labels, 'int32');
    try {
      for (let epoch = 0; epoch < epochs && !signal?.aborted; epoch++) {
        random.shuffle(order);
        let total = 0;
        for (let start = 0; start < n; start += batchSize) {
          const rows = tf.tensor1d(order.subarray(start, Math.min(n, start + batchSize)), 'int32');
          const loss = optimizer.minimize(() => tf.tidy(() => {
            const logits = tf.add(tf.matMul(tf.gather(trainX, rows), w), b);
            const targets = tf.oneHot(tf.gather(trainY, rows), numClasses);
            const ce = tf.losses.softmaxCrossEntropy(targets, logits);
            return tf.add(ce, tf.mul(weightDecay / 2, tf.sum(tf.square(w)))) as tf.Scalar;
          }), true, [w, b]);
          total += (await loss!.data())[0] * rows.shape[0];
          loss!.dispose();
          rows.dispose();
        }
        losses.push(total / n);
        options.onEpoch?.(epoch + 1, total / n);
      }
      return {
        trainAccuracy: await accuracy(trainX, trainSet.labels, w, b),
        testAccuracy: await accuracy(testX, testSet.labels, w, b),
        losses, epochs: losses.length, featureDim: dim, numClasses,
        trainSize: n, testSize: testSet.labels.length, seconds: (performance.now() - started) / 1000,
      };
    } finally {
      tf.dispose([w, b, trainX, testX, trainY]);
      optimizer.dispose();
    }
  } finally {
    if (trainSet.owned) trainSet.features.dispose();
    if (testSet.owned) testSet.features.dispose();
  }
}

interface Resolved { features: tf.Tensor2D; labels: Int32Array; numClasses: number; owned: boolean }

async function resolve(
  which: string, encoder: Encoder | null, data: ProbeData, batchSize: number | undefined, signal: AbortSignal | undefined,
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
  if (!encoder) throw new TypeError(`${where}: an encoder is needed to embed ${data.name} (or pass { features, labels })`);
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

/** Top-1 accuracy of softmax(x W + b), in chunks of 4096 rows. */
async function accuracy(x: tf.Tensor2D, labels: Int32Array, w: tf.Variable, b: tf.Variable): Promise<number> {
  let correct = 0;
  for (let start = 0; start < labels.length; start += 4096) {
    const size = Math.min(4096, labels.length - start);
    const predicted = tf.tidy(() => tf.argMax(tf.add(tf.matMul(tf.slice(x, [start, 0], [size, -1]), w), b), 1));
    const values = await predicted.data();
    predicted.dispose();
    for (let i = 0; i < size; i++) if (values[i] === labels[start + i]) correct++;
  }
  return correct / labels.length;
}
