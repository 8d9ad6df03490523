import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import { Random } from '../../../src/simclr/random';
import { anchorScores, inspectPositivePair } from '../../../src/simclr/eval/positivePair';
import { ntXentLoss } from '../../../src/simclr/losses/ntXent';
import { createSimclrModel } from '../../../src/simclr/models/simclrModel';
import { defaultAugmentConfig } from '../../../src/simclr/augment/augmentConfig';
import type { ImageDataset } from '../../../src/simclr/data/dataset';

test.before(async () => {
  await initBackend();
});

const close = (actual: number, expected: number, what: string, tolerance = 1e-5): void =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected}`);

test('identical projections: every candidate weighs the same and the loss is log(2N - 1)', () => {
  const n = 5;
  const z = new Float32Array(n * 3).fill(1);
  const scores = anchorScores(z, z, n, 3, 0.5, 10);
  close(scores.loss, Math.log(2 * n - 1), 'loss');
  assert.equal(scores.rank, 0);
  assert.equal(scores.negatives.length, n - 1);
  for (const neg of scores.negatives) close(neg.weight, 2 / (2 * n - 1), `weight of image ${neg.image}`);
});

test('hand-built batch: rank, hardest image first by its harder view, weights sum with the positive to 1', () => {
  // Anchor [1, 0]; positive at 60 degrees (cos 0.5); image 1's second view at cos 0.8 (harder than the
  // positive), image 2 orthogonal in both views, image 1's first view opposite.
  const c = Math.cos(Math.acos(0.8));
  const s = Math.sin(Math.acos(0.8));
  const z1 = Float32Array.from([1, 0, -1, 0, 0, 1]);
  const z2 = Float32Array.from([0.5, Math.sqrt(3) / 2, c, s, 0, -2]);
  const t = 0.5;
  const scores = anchorScores(z1, z2, 3, 2, t, 8);
  close(scores.cosine, 0.5, 'positive cosine');
  assert.equal(scores.rank, 1, 'one negative view (image 1, view 2) is closer than the positive');
  assert.deepEqual(
    scores.negatives.map((neg) => [neg.image, neg.view]),
    [
      [1, 1],
      [2, 0],
    ],
  );
  close(scores.negatives[0].cosine, 0.8, 'hardest cosine');
  const e = (x: number): number => Math.exp(x / t);
  const total = e(0.5) + e(-1) + e(0.8) + e(0) + e(0);
  close(scores.negatives[0].weight, (e(-1) + e(0.8)) / total, 'image 1 weight (both views)');
  close(scores.negatives[1].weight, (e(0) + e(0)) / total, 'image 2 weight');
  close(scores.loss, -Math.log(e(0.5) / total), 'loss');
  close(Math.exp(-scores.loss) + scores.negatives[0].weight + scores.negatives[1].weight, 1, 'total weight');
  assert.equal(anchorScores(z1, z2, 3, 2, t, 1).negatives.length, 1, 'keep caps the list');
});

test("the anchor terms of every view average to the library's NT-Xent loss", () => {
  const n = 6;
  const p = 4;
  const random = new Random(3);
  const z1 = Float32Array.from({ length: n * p }, () => random.normal());
  const z2 = Float32Array.from({ length: n * p }, () => random.normal());
  // Anchor i's term: rows rotated so i comes first (the order of the other rows does not change it).
  const rotate = (z: Float32Array, i: number): Float32Array =>
    Float32Array.from({ length: n * p }, (_, k) => z[(((Math.floor(k / p) + i) % n) * p + (k % p)) % (n * p)]);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += anchorScores(rotate(z1, i), rotate(z2, i), n, p, 0.5, 0).loss;
    sum += anchorScores(rotate(z2, i), rotate(z1, i), n, p, 0.5, 0).loss;
  }
  const loss = ntXentLoss(tf.tensor2d(z1, [n, p]), tf.tensor2d(z2, [n, p]), 0.5);
  close(sum / (2 * n), loss.dataSync()[0], 'mean of anchor terms', 1e-4);
  loss.dispose();
});

test('bad input is refused with the reason', () => {
  assert.throws(() => anchorScores(new Float32Array(3), new Float32Array(4), 2, 2, 0.5, 1), /must be \[2, 2\]/);
  assert.throws(() => anchorScores(new Float32Array(4), new Float32Array(4), 2, 2, 0, 1), /temperature/);
});

test('inspectPositivePair: fresh views per seed, a batch of distinct other images, hardest negatives, tensors freed', () => {
  const n = 40;
  const random = new Random(1);
  const dataset: ImageDataset = {
    name: 'noise',
    source: 'test',
    pixels: Uint8Array.from({ length: n * 8 * 8 }, () => random.int(256)),
    shape: [n, 8, 8, 1],
  };
  const model = createSimclrModel({
    encoder: { kind: 'cnn', widths: [8], strides: [2] },
    inputShape: [8, 8, 1],
    headWidths: [8, 8],
    seed: 2,
  });
  const options = { augment: defaultAugmentConfig(8, 1), batchSize: 16, negatives: 5, seed: 7 };
  inspectPositivePair(model, dataset, 0, options); // warms the model's folded-inference cache
  const before = tf.memory().numTensors;
  const first = inspectPositivePair(model, dataset, 3, options);
  assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
  assert.equal(first.index, 3);
  assert.deepEqual(first.shape, [8, 8, 1]);
  assert.equal(first.views.length, 2 * 64);
  assert.equal(first.batchSize, 16);
  assert.equal(first.negatives.indices.length, 5);
  assert.equal(new Set(first.negatives.indices).size, 5, 'distinct images');
  assert.ok(!first.negatives.indices.includes(3), 'never the image itself');
  assert.ok(first.negatives.indices.every((i) => i >= 0 && i < n));
  assert.equal(first.negatives.views.length, 5 * 64);
  for (let k = 1; k < 5; k++) assert.ok(first.negatives.cosines[k - 1] >= first.negatives.cosines[k], 'hardest first');
  assert.ok(first.cosine >= -1 && first.cosine <= 1);
  assert.ok(first.rank >= 0 && first.rank <= 2 * 15);
  assert.ok(Number.isFinite(first.loss) && first.loss > 0);
  assert.notDeepEqual(first.views.subarray(0, 64), first.views.subarray(64), 'two different views');

  const again = inspectPositivePair(model, dataset, 3, options);
  assert.deepEqual(again.views, first.views, 'the same seed draws the same views');
  const fresh = inspectPositivePair(model, dataset, 3, { ...options, seed: 8 });
  assert.notDeepEqual(fresh.views, first.views, 'a new seed draws new views');

  // The model's current weights, not those of the first call: new weights, same seed -> same views, new cosine.
  const perturbed = new Random(5);
  const moved = model.namedWeights().map(({ tensor }) =>
    tf.tidy(() =>
      tensor.add(
        tf.tensor(
          Float32Array.from({ length: tensor.size }, () => 0.3 * perturbed.normal()),
          tensor.shape,
        ),
      ),
    ),
  );
  model.setWeights(moved);
  tf.dispose(moved);
  const retrained = inspectPositivePair(model, dataset, 3, options);
  assert.deepEqual(retrained.views, first.views, 'the same seed, the same views');
  assert.notEqual(retrained.cosine, first.cosine, 'the cosine follows the weights');

  const limited = inspectPositivePair(model, dataset, 2, { ...options, limit: 4, batchSize: 64 });
  assert.equal(limited.batchSize, 4, 'the batch is clamped to the images it may draw from');
  assert.ok(limited.negatives.indices.every((i) => i < 4));
  assert.throws(() => inspectPositivePair(model, dataset, 4, { ...options, limit: 4 }), /outside 0\.\.3/);
  model.dispose();
});
