import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { linearProbe } from '../../../src/simclr/eval/linearProbe';
import { Random } from '../../../src/simclr/random';
import { clusteredFeatures, quadrantImages } from './synthetic';

const split = (data: ReturnType<typeof clusteredFeatures>, nTrain: number) => ({
  train: {
    features: { vectors: data.vectors.slice(0, nTrain * data.dim), n: nTrain, dim: data.dim },
    labels: data.labels.slice(0, nTrain),
  },
  test: {
    features: { vectors: data.vectors.slice(nTrain * data.dim), n: data.n - nTrain, dim: data.dim },
    labels: data.labels.slice(nTrain),
  },
});

test('linear probe separates a separable set (~100%) and leaks no tensors', async () => {
  const { train, test: held } = split(clusteredFeatures(1000, 16, 5, 2, 1), 600);
  const before = tf.memory().numTensors;
  const result = await linearProbe(null, train, held, { seed: 1 });
  assert.equal(tf.memory().numTensors, before);
  assert.ok(result.trainAccuracy > 0.98 && result.testAccuracy > 0.98, JSON.stringify(result));
  assert.equal(result.numClasses, 5);
  assert.equal(result.featureDim, 16);
  assert.ok(result.search.length >= 3, 'searched the L2 penalty');
  assert.ok(result.search.every((fit) => fit.validationAccuracy !== undefined && fit.converged));
  assert.ok(result.final.converged && result.final.weightDecay === result.weightDecay);
});

test('linear probe is at chance on random labels', async () => {
  const data = clusteredFeatures(2000, 32, 1, 0, 2); // one blob: features carry no class information
  const random = new Random(3);
  data.labels.forEach((_, i) => {
    data.labels[i] = random.int(4);
  });
  const { train, test: held } = split(data, 1000);
  const result = await linearProbe(null, train, held, { seed: 1 });
  assert.ok(Math.abs(result.testAccuracy - 0.25) < 0.06, `test accuracy ${result.testAccuracy}`);
});

test('linear probe is seeded (the held-out split), and a tensor2d and a FeatureArray give the same result', async () => {
  const { train, test: held } = split(clusteredFeatures(400, 8, 3, 0.7, 4), 300);
  const a = await linearProbe(null, train, held, { seed: 9 });
  const b = await linearProbe(null, train, held, { seed: 9 });
  const c = await linearProbe(null, train, held, { seed: 10 });
  assert.deepEqual(a.search, b.search);
  assert.notDeepEqual(
    a.search.map((f) => f.validationAccuracy),
    c.search.map((f) => f.validationAccuracy),
  );
  const tensor = tf.tensor2d(train.features.vectors, [train.features.n, train.features.dim]);
  const d = await linearProbe(null, { features: tensor, labels: train.labels }, held, { seed: 9 });
  assert.ok(!tensor.isDisposed, 'a caller-owned tensor is left alone');
  tensor.dispose();
  assert.deepEqual(d.search, a.search);
  assert.equal(d.testAccuracy, a.testAccuracy);
});

test('linear probe with a fixed weightDecay does no search', async () => {
  const { train, test: held } = split(clusteredFeatures(300, 8, 3, 1, 6), 200);
  const result = await linearProbe(null, train, held, { weightDecay: 1e-3 });
  assert.deepEqual(result.search, []);
  assert.equal(result.weightDecay, 1e-3);
  assert.equal(result.final.weightDecay, 1e-3);
});

test('linear probe on images through a real tf.LayersModel encoder', async () => {
  const train = quadrantImages(200, 1),
    held = quadrantImages(100, 2);
  const encoder = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [8, 8, 1],
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.averagePooling2d({ poolSize: 4 }),
      tf.layers.flatten(),
    ],
  });
  const before = tf.memory().numTensors;
  const result = await linearProbe(encoder, train, held, { embedBatchSize: 64 });
  assert.equal(tf.memory().numTensors, before);
  assert.equal(result.featureDim, 16);
  assert.ok(result.testAccuracy > 0.9, `test accuracy ${result.testAccuracy}`);
  encoder.dispose();
});

test('linear probe stops its search when aborted and answers with the weights so far', async () => {
  const { train, test: held } = split(clusteredFeatures(300, 8, 3, 2, 5), 200);
  const controller = new AbortController();
  const result = await linearProbe(null, train, held, { signal: controller.signal, onFit: () => controller.abort() });
  assert.equal(result.search.length, 1);
  assert.equal(result.final.converged, false);
  assert.equal(result.final.iterations, 0);
});

const invalid: Array<[string, () => Promise<unknown>, RegExp]> = [
  [
    'mismatched dims',
    () =>
      linearProbe(
        null,
        { features: { vectors: new Float32Array(8), n: 4, dim: 2 }, labels: [0, 1, 0, 1] },
        { features: { vectors: new Float32Array(12), n: 4, dim: 3 }, labels: [0, 1, 0, 1] },
      ),
    /2 dims but test features 3/,
  ],
  [
    'a label count mismatch',
    () =>
      linearProbe(
        null,
        { features: { vectors: new Float32Array(8), n: 4, dim: 2 }, labels: [0, 1, 0] },
        { features: { vectors: new Float32Array(8), n: 4, dim: 2 }, labels: [0, 1, 0, 1] },
      ),
    /3 labels for 4 feature rows/,
  ],
  [
    'a single class',
    () =>
      linearProbe(
        null,
        { features: { vectors: new Float32Array(8), n: 4, dim: 2 }, labels: [0, 0, 0, 0] },
        { features: { vectors: new Float32Array(8), n: 4, dim: 2 }, labels: [0, 0, 0, 0] },
      ),
    /at least 2 classes/,
  ],
  [
    'images without an encoder',
    () => linearProbe(null, quadrantImages(4, 1), quadrantImages(4, 2)),
    /an encoder is needed/,
  ],
  [
    'a negative weightDecay',
    () =>
      linearProbe(
        null,
        { features: { vectors: new Float32Array(8), n: 4, dim: 2 }, labels: [0, 1, 0, 1] },
        { features: { vectors: new Float32Array(8), n: 4, dim: 2 }, labels: [0, 1, 0, 1] },
        { weightDecay: [1, -1] },
      ),
    /weightDecay must be/,
  ],
  [
    'a validationFraction of 1',
    () =>
      linearProbe(
        null,
        { features: { vectors: new Float32Array(8), n: 4, dim: 2 }, labels: [0, 1, 0, 1] },
        { features: { vectors: new Float32Array(8), n: 4, dim: 2 }, labels: [0, 1, 0, 1] },
        { validationFraction: 1 },
      ),
    /validationFraction must be in/,
  ],
  [
    'too few rows to hold out',
    () =>
      linearProbe(
        null,
        { features: { vectors: new Float32Array(4), n: 2, dim: 2 }, labels: [0, 1] },
        { features: { vectors: new Float32Array(8), n: 4, dim: 2 }, labels: [0, 1, 0, 1] },
        { validationFraction: 0.1 },
      ),
    /too few to hold out/,
  ],
];
for (const [name, call, message] of invalid) {
  test(`linear probe rejects ${name} (no tensors leaked)`, async () => {
    const before = tf.memory().numTensors;
    await assert.rejects(call(), message);
    assert.equal(tf.memory().numTensors, before);
  });
}
