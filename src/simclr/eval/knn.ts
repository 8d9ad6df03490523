/**
 * Weighted kNN classification on cosine similarity, the monitor of self-supervised training
 * (Wu et al. 2018, "Unsupervised Feature Learning via Non-Parametric Instance Discrimination",
 * InstDisc, sec. 3.4; as in solo-learn's WeightedKNNClassifier and lightly's knn_predict): the
 * k most similar train features vote for their label with weight exp(similarity / temperature).
 * Test rows go in chunks so that 10k x 60k never holds more than ~8M similarities at once.
 */
import { tf } from '../tf';
import { checkLabels, featureShape, featureTensor, type Features } from './features';

export interface KnnOptions {
  /** Neighbours that vote (clamped to the train size). Default 200. */
  k?: number;
  /** Vote weight exp(sim / temperature). Default 0.1. */
  temperature?: number;
  /** Default: the largest train label + 1. */
  numClasses?: number;
  /** Upper bound on similarities held at once (chunk rows = this / train size). Default 8M. */
  maxChunkElements?: number;
}

/**
 * Predicted label of every test row.
 * @param trainFeatures [nTrain, dim]; @param testFeatures [nTest, dim]
 * @returns [nTest] predictions
 */
export async function knnPredict(
  trainFeatures: Features,
  trainLabels: ArrayLike<number>,
  testFeatures: Features,
  options: KnnOptions = {},
): Promise<Int32Array> {
  const [nTrain, dim] = featureShape(trainFeatures);
  const [nTest, testDim] = featureShape(testFeatures);
  if (dim !== testDim)
    throw new RangeError(`knnAccuracy: train features have ${dim} dims but test features ${testDim}`);
  const labels = checkLabels('knnAccuracy (train)', trainLabels, nTrain);
  const numClasses = options.numClasses ?? labels.numClasses;
  const k = Math.min(options.k ?? 200, nTrain);
  const temperature = options.temperature ?? 0.1;
  if (!Number.isInteger(k) || k < 1)
    throw new RangeError(`knnAccuracy: k must be a positive integer, got ${options.k}`);
  if (!(temperature > 0)) throw new RangeError(`knnAccuracy: temperature must be > 0, got ${temperature}`);
  const chunk = Math.max(1, Math.floor((options.maxChunkElements ?? 8_000_000) / nTrain));

  const train = featureTensor('knnAccuracy (train)', trainFeatures);
  const test = featureTensor('knnAccuracy (test)', testFeatures);
  // Unit rows, train pre-transposed to [dim, nTrain] (wasm's matMul with transposeB is slow).
  const bankT = tf.tidy(() => tf.transpose(tf.div(train.tensor, tf.maximum(tf.norm(train.tensor, 2, 1, true), 1e-12))));
  const bankLabels = tf.tensor1d(labels.labels, 'int32');
  const predictions = new Int32Array(nTest);
  try {
    for (let start = 0; start < nTest; start += chunk) {
      const size = Math.min(chunk, nTest - start);
      const predicted = tf.tidy(() => {
        const q = tf.slice(test.tensor, [start, 0], [size, dim]);
        const unit = tf.div(q, tf.maximum(tf.norm(q, 2, 1, true), 1e-12));
        const { values, indices } = tf.topk(tf.matMul(unit, bankT), k);
        const weights = tf.exp(tf.div(values, temperature)); // [size, k]
        const votes = tf.oneHot(tf.gather(bankLabels, indices), numClasses); // [size, k, classes]
        return tf.argMax(tf.sum(tf.mul(votes, tf.expandDims(weights, 2)), 1), 1);
      });
      predictions.set(await predicted.data(), start);
      predicted.dispose();
    }
  } finally {
    tf.dispose([bankT, bankLabels]);
    if (train.owned) train.tensor.dispose();
    if (test.owned) test.tensor.dispose();
  }
  return predictions;
}

/** Top-1 accuracy of `knnPredict` on labelled test features, in [0, 1]. */
export async function knnAccuracy(
  trainFeatures: Features,
  trainLabels: ArrayLike<number>,
  testFeatures: Features,
  testLabels: ArrayLike<number>,
  options: KnnOptions = {},
): Promise<number> {
  const truth = checkLabels('knnAccuracy (test)', testLabels, featureShape(testFeatures)[0]).labels;
  const predicted = await knnPredict(trainFeatures, trainLabels, testFeatures, options);
  let correct = 0;
  for (let i = 0; i < truth.length; i++) if (predicted[i] === truth[i]) correct++;
  return correct / truth.length;
}
