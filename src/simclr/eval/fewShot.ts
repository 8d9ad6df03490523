/**
 * Few-shot classification on frozen features: k labelled examples per class, the rest unseen.
 * The classifier is SimpleShot's (Wang et al. 2019, "SimpleShot: Revisiting Nearest-Neighbor
 * Classification for Few-Shot Learning", arXiv:1911.04623; the prototypes of Snell et al. 2017):
 * features are centred on the mean of the support set and l2-normalised, each class is the mean
 * of its k examples, and a test row takes the class of the nearest mean. No fitting, so one shot
 * is as well defined as a hundred, and the score measures the representation, not an optimiser.
 * Each k is drawn `draws` times with seeded support sets; the result is the mean and std over draws.
 */
import { tf } from '../tf';
import { Random } from '../random';
import { checkLabels, featureShape, featureTensor, type Features } from './features';

export interface FewShotOptions {
  /** Labelled examples per class. Default [1, 5, 10]. */
  shots?: readonly number[];
  /** Seeded support sets drawn per shot count. Default 5. */
  draws?: number;
  /** Seeds the draws. Default 0. */
  seed?: number;
}

/** Accuracy of one shot count over its draws (fractions in [0, 1]). */
export interface FewShotResult {
  shots: number;
  accuracies: number[];
  mean: number;
  std: number;
}

/**
 * Indices of `shots` examples of every class, drawn without replacement.
 * @returns class-major indices: class 0's `shots` rows, then class 1's, ...
 */
export function drawSupport(labels: Int32Array, numClasses: number, shots: number, random: Random): Int32Array {
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  labels.forEach((label, i) => byClass[label].push(i));
  const support = new Int32Array(numClasses * shots);
  byClass.forEach((rows, c) => {
    if (rows.length < shots)
      throw new RangeError(`fewShot: class ${c} has ${rows.length} labelled rows, fewer than ${shots} shots`);
    random.shuffle(rows);
    support.set(rows.slice(0, shots), c * shots);
  });
  return support;
}

/**
 * SimpleShot accuracy for each shot count.
 * @param trainFeatures [nTrain, dim], the pool the support sets are drawn from
 * @param testFeatures [nTest, dim], every row classified
 */
export async function fewShotAccuracy(
  trainFeatures: Features,
  trainLabels: ArrayLike<number>,
  testFeatures: Features,
  testLabels: ArrayLike<number>,
  options: FewShotOptions = {},
): Promise<FewShotResult[]> {
  const [nTrain, dim] = featureShape(trainFeatures);
  const [nTest, testDim] = featureShape(testFeatures);
  if (dim !== testDim) throw new RangeError(`fewShot: train features have ${dim} dims but test features ${testDim}`);
  const train = checkLabels('fewShot (train)', trainLabels, nTrain);
  const truth = checkLabels('fewShot (test)', testLabels, nTest).labels;
  const numClasses = Math.max(train.numClasses, ...truth.map((l) => l + 1));
  const shotCounts = options.shots ?? [1, 5, 10];
  const draws = options.draws ?? 5;
  for (const k of shotCounts)
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`fewShot: shots must be positive integers, got ${k}`);
  if (!Number.isInteger(draws) || draws < 1)
    throw new RangeError(`fewShot: draws must be a positive integer, got ${draws}`);
  const random = new Random(options.seed ?? 0);

  const pool = featureTensor('fewShot (train)', trainFeatures);
  const queries = featureTensor('fewShot (test)', testFeatures);
  const results: FewShotResult[] = [];
  try {
    for (const shots of shotCounts) {
      const accuracies: number[] = [];
      for (let draw = 0; draw < draws; draw++) {
        const support = drawSupport(train.labels, numClasses, shots, random);
        const predicted = tf.tidy(() => {
          const examples = tf.gather(pool.tensor, tf.tensor1d(support, 'int32')); // [classes * shots, dim]
          const centre = tf.mean(examples, 0, true);
          const unit = (x: tf.Tensor2D) => {
            const c = tf.sub(x, centre);
            return tf.div(c, tf.maximum(tf.norm(c, 2, 1, true), 1e-12));
          };
          const means = tf.mean(tf.reshape(unit(examples), [numClasses, shots, dim]), 1); // [classes, dim]
          // Nearest mean in euclidean distance: argmin |q - m|^2 = argmax (2 q.m - |m|^2) for unit q.
          const score = tf.sub(
            tf.mul(tf.matMul(unit(queries.tensor), means, false, true), 2),
            tf.sum(tf.square(means), 1),
          );
          return tf.argMax(score, 1);
        });
        const values = await predicted.data();
        predicted.dispose();
        let correct = 0;
        for (let i = 0; i < nTest; i++) if (values[i] === truth[i]) correct++;
        accuracies.push(correct / nTest);
      }
      const mean = accuracies.reduce((s, a) => s + a, 0) / draws;
      const std = Math.sqrt(accuracies.reduce((s, a) => s + (a - mean) ** 2, 0) / draws);
      results.push({ shots, accuracies, mean, std });
    }
  } finally {
    if (pool.owned) pool.tensor.dispose();
    if (queries.owned) queries.tensor.dispose();
  }
  return results;
}
