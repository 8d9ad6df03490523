import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { knnAccuracy, knnPredict } from '../../../src/simclr/eval/knn';
import { clusteredFeatures } from './synthetic';

/** The InstDisc / lightly knn_predict rule written as plain loops. */
function naiveKnn(
  train: Float32Array,
  trainLabels: Int32Array,
  test: Float32Array,
  dim: number,
  k: number,
  t: number,
  classes: number,
) {
  const unit = (v: Float32Array, i: number) => {
    const row = v.subarray(i * dim, (i + 1) * dim);
    const norm = Math.hypot(...row);
    return Array.from(row, (x) => x / norm);
  };
  const nTrain = trainLabels.length,
    nTest = test.length / dim;
  const bank = Array.from({ length: nTrain }, (_, i) => unit(train, i));
  return Array.from({ length: nTest }, (_, q) => {
    const query = unit(test, q);
    const sims = bank.map((row, i) => [row.reduce((s, x, d) => s + x * query[d], 0), i]);
    sims.sort((a, b) => b[0] - a[0]);
    const votes = new Array<number>(classes).fill(0);
    for (const [sim, i] of sims.slice(0, k)) votes[trainLabels[i]] += Math.exp(sim / t);
    return votes.indexOf(Math.max(...votes));
  });
}

// Overlapping clusters (spread 0.4), so the weighted votes decide; the last 80 rows are the test set.
const all = clusteredFeatures(380, 12, 4, 0.4, 1);
const trainX = all.vectors.slice(0, 300 * 12),
  trainY = all.labels.slice(0, 300);
const testX = all.vectors.slice(300 * 12),
  testY = all.labels.slice(300);

const cases = [
  { k: 1, temperature: 0.1 },
  { k: 20, temperature: 0.1 },
  { k: 200, temperature: 0.07 },
  { k: 50, temperature: 1 },
  { k: 500, temperature: 0.1 }, // clamped to the train size
];
for (const { k, temperature } of cases) {
  test(`knnPredict matches a naive loop (k=${k}, T=${temperature}), chunked or not, no leaked tensors`, async () => {
    const ref = naiveKnn(trainX, trainY, testX, 12, Math.min(k, 300), temperature, 4);
    const before = tf.memory().numTensors;
    for (const maxChunkElements of [undefined, 300 * 7]) {
      const predicted = await knnPredict(
        { vectors: trainX, n: 300, dim: 12 },
        trainY,
        { vectors: testX, n: 80, dim: 12 },
        { k, temperature, maxChunkElements },
      );
      assert.deepEqual(Array.from(predicted), ref);
    }
    assert.equal(tf.memory().numTensors, before);
  });
}

test('knnAccuracy: high on separable clusters, tensors and arrays agree', async () => {
  const trainTensor = tf.tensor2d(trainX, [300, 12]),
    testTensor = tf.tensor2d(testX, [80, 12]);
  const fromTensors = await knnAccuracy(trainTensor, trainY, testTensor, testY, { k: 20 });
  const fromArrays = await knnAccuracy(
    { vectors: trainX, n: 300, dim: 12 },
    trainY,
    { vectors: testX, n: 80, dim: 12 },
    testY,
    { k: 20 },
  );
  assert.equal(fromTensors, fromArrays);
  assert.ok(!trainTensor.isDisposed && !testTensor.isDisposed);
  tf.dispose([trainTensor, testTensor]);
  const separable = clusteredFeatures(500, 12, 4, 3, 7);
  const f = (a: number, b: number) => ({ vectors: separable.vectors.slice(a * 12, b * 12), n: b - a, dim: 12 });
  const accuracy = await knnAccuracy(
    f(0, 400),
    separable.labels.slice(0, 400),
    f(400, 500),
    separable.labels.slice(400),
  );
  assert.ok(accuracy > 0.98, `accuracy ${accuracy}`);
});

const invalid: Array<[string, () => Promise<unknown>, RegExp]> = [
  [
    'mismatched dims',
    () =>
      knnAccuracy(
        { vectors: new Float32Array(4), n: 2, dim: 2 },
        [0, 1],
        { vectors: new Float32Array(3), n: 1, dim: 3 },
        [0],
      ),
    /2 dims but test features 3/,
  ],
  [
    'a negative label',
    () =>
      knnAccuracy(
        { vectors: new Float32Array(4), n: 2, dim: 2 },
        [0, -1],
        { vectors: new Float32Array(2), n: 1, dim: 2 },
        [0],
      ),
    /label 1 is -1/,
  ],
  [
    'temperature 0',
    () =>
      knnAccuracy(
        { vectors: new Float32Array(4), n: 2, dim: 2 },
        [0, 1],
        { vectors: new Float32Array(2), n: 1, dim: 2 },
        [0],
        { temperature: 0 },
      ),
    /temperature must be > 0/,
  ],
  [
    'short vectors',
    () =>
      knnAccuracy(
        { vectors: new Float32Array(3), n: 2, dim: 2 },
        [0, 1],
        { vectors: new Float32Array(2), n: 1, dim: 2 },
        [0],
      ),
    /n \* dim = 2 \* 2 values, got 3/,
  ],
];
for (const [name, call, message] of invalid) {
  test(`knnAccuracy rejects ${name}`, async () => {
    await assert.rejects(call(), message);
  });
}
