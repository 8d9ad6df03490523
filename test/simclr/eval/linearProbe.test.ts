import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { linearProbe } from '../../../src/simclr/eval/linearProbe';
import { Random } from '../../../src/simclr/random';
import { clusteredFeatures, quadrantImages } from './synthetic';

const split = (data: ReturnType<typeof clusteredFeatures>, nTrain: number) => ({
  train: { features: { vectors: data.vectors.slice(0, nTrain * data.dim), n: nTrain, dim: data.dim }, labels: data.labels.slice(0, nTrain) },
  test: { features: { vectors: data.vectors.slice(nTrain * data.dim), n: data.n - nTrain, dim: data.dim }, labels: data.labels.slice(nTrain) },
});

test('linear probe separates a separable set (~100%) and leaks no tensors', async () => {
  const { train, test: held } = split(clusteredFeatures(1000, 16, 5, 2, 1), 600);
  const before = tf.memory().numTensors;
  const result = await linearProbe(null, train, held, { epochs: 20, seed: 1 });
  assert.equal(tf.memory().numTensors, before);
  assert.ok(result.trainAccuracy > 0.98 && result.testAccuracy > 0.98, JSON.stringify(result));
  assert.equal(result.numClasses, 5);
  assert.equal(result.featureDim, 16);
  assert.equal(result.losses.length, 20);
  assert.ok(result.losses[19] < result.losses[0]);
});

test('linear probe is at chance on random labels', async () => {
  const data = clusteredFeatures(2000, 32, 1, 0, 2); // one blob: features carry no class information
  const random = new Random(3);
  data.labels.forEach((_, i) => { data.labels[i] = random.int(4); });
  const { train, test: held } = split(data, 1000);
  const result = await linearProbe(null, train, held, { epochs: 20, seed: 1 });
  assert.ok(Math.abs(result.testAccuracy - 0.25) < 0.06, `test accuracy ${result.testAccuracy}`);
});

test('linear probe is seeded, and a tensor2d and a FeatureArray give the same result', async () => {
  const { train, test: held } = split(clusteredFeatures(400, 8, 3, 0.7, 4), 300);
  const a = await linearProbe(null, train, held, { epochs: 5, seed: 9 });
  const b = await linearProbe(null, train, held, { epochs: 5, seed: 9 });
  const c = await linearProbe(null, train, held, { epochs: 5, seed: 10 });
  assert.deepEqual(a.losses, b.losses);
  assert.notDeepEqual(a.losses, c.losses);
  const tensor = tf.tensor2d(train.features.vectors, [train.features.n, train.features.dim]);
  const d = await linearProbe(null, { features: tensor, labels: train.labels }, held, { epochs: 5, seed: 9 });
  assert.ok(!tensor.isDisposed, 'a caller-owned tensor is left alone');
  tensor.dispose();
  assert.deepEqual(d.losses, a.losses);
});

test('linear probe on images through a real tf.LayersModel encoder, full batch', async () => {
  const train = quadrantImages(200, 1), held = quadrantImages(100, 2);
  const encoder = tf.sequential({ layers: [
    tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
    tf.layers.averagePooling2d({ poolSize: 4 }),
    tf.layers.flatten(),
  ] });
  const before = tf.memory().numTensors;
  const result = await linearProbe(encoder, train, held, { epochs: 100, batchSize: 0, embedBatchSize: 64 });
  assert.equal(tf.memory().numTensors, before);
  assert.equal(result.featureDim, 16);
  assert.ok(result.testAccuracy > 0.9, `test accuracy ${result.testAccuracy}`);
  encoder.dispose();
});

test('linear probe stops at an epoch boundary when aborted', async () => {
  const { train, test: held } = split(clusteredFeatures(300, 8, 3, 2, 5), 200);
  const controller = new AbortController();
  const result = await linearProbe(null, train, held, {
    epochs: 1000, signal: controller.signal, onEpoch: (epoch) => { if (epoch === 3) controller.abort(); },
  });
  assert.equal(result.epochs, 3);
});

const invalid: Array<[string, () => Promise<unknown>, RegExp]> = [
  ['mismatched dims', () => linearProbe(null,
    { features: { vectors: new Float32Array(8), n: 4, dim: 2 }, labels: [0, 1, 0, 1] },
    { features: { vectors: new Float32Array(12), n: 4, dim: 3 }, labels: [0, 1, 0, 1] }), /2 dims but test features 3/],
  ['a label count mismatch', () => linearProbe(null,
    { features: { vectors: new Float32Array(8), n: 4, dim: 2 }, labels: [0, 1, 0] },
    { features: { vectors: new Float32Array(8), n: 4, dim: 2 }, labels: [0, 1, 0, 1] }), /3 labels for 4 feature rows/],
  ['a single class', () => linearProbe(null,
    { features: { vectors: new Float32Array(8), n: 4, dim: 2 }, labels: [0, 0, 0, 0] },
    { features: { vectors: new Float32Array(8), n: 4, dim: 2 }, labels: [0, 0, 0, 0] }), /at least 2 classes/],
  ['images without an encoder', () => linearProbe(null, quadrantImages(4, 1), quadrantImages(4, 2)), /an encoder is needed/],
];
for (const [name, call, message] of invalid) {
  test(`linear probe rejects ${name} (no tensors leaked)`, async () => {
    const before = tf.memory().numTensors;
    await assert.rejects(call(), message);
    assert.equal(tf.memory().numTensors, before);
  });
}
