import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { Random } from '../../../src/simclr/random';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import { loadFashionMnist } from '../../../src/simclr/data/fashionMnist';
import { imageBatch } from '../../../src/simclr/data/dataset';
import { createSimclrModel, type SimclrModelOptions } from '../../../src/simclr/models/simclrModel';
import { defaultAugmentConfig } from '../../../src/simclr/augment/augmentConfig';
import { simclrAugment } from '../../../src/simclr/augment/simclrAugment';
import { cachedStepGradients } from '../../../src/simclr/train/gradientCache';
import { disposeStepGradients, stepGradients, type StepGradients } from '../../../src/simclr/train/trainStep';
import { pretrain } from '../../../src/simclr/train/pretrain';

test.before(async () => {
  await initBackend();
});

const data = loadFashionMnist({ split: 'train', limit: 64 });
const config = defaultAugmentConfig(28, 1);
const augment = (x: tf.Tensor4D, rng: Random) => simclrAugment(x, config, rng);
const small = (batchNorm: boolean): SimclrModelOptions => ({
  encoder: { kind: 'resnet', stemWidth: 8, widths: [8, 16] },
  headWidths: [16, 8],
  batchNorm,
  seed: 4,
});

function read(step: StepGradients) {
  const out = { loss: step.loss.dataSync()[0], grads: Object.values(step.grads).map((g) => Array.from(g.dataSync())) };
  disposeStepGradients(step);
  return out;
}

function assertGradsClose(a: number[][], b: number[][], what: string) {
  assert.equal(a.length, b.length);
  a.forEach((g, i) => {
    const scale = Math.max(1e-6, ...b[i].map(Math.abs));
    const diff = Math.max(...g.map((v, k) => Math.abs(v - b[i][k])));
    assert.ok(diff / scale < 2e-3, `${what}: gradient ${i} differs by ${diff} (scale ${scale})`);
  });
}

test('without batch norm, gradient caching gives the whole-batch loss and gradients for any chunking', () => {
  const model = createSimclrModel(small(false));
  const images = imageBatch(
    data,
    Array.from({ length: 10 }, (_, i) => i),
  );
  const whole = read(stepGradients(model, images, augment, new Random(1), 0.5));
  for (const micro of [1, 3, 4, 10]) {
    const before = tf.memory().numTensors;
    const cached = read(cachedStepGradients(model, images, augment, new Random(1), 0.5, micro));
    assert.equal(tf.memory().numTensors, before, `microBatch ${micro}: leaked tensors`);
    assert.ok(Math.abs(cached.loss - whole.loss) < 1e-5, `microBatch ${micro}: loss ${cached.loss} vs ${whole.loss}`);
    assertGradsClose(cached.grads, whole.grads, `microBatch ${micro}`);
  }
  images.dispose();
  model.dispose();
});

test('with batch norm and one chunk it equals the plain step, moving statistics included', () => {
  const a = createSimclrModel(small(true)),
    b = createSimclrModel(small(true));
  const images = imageBatch(
    data,
    Array.from({ length: 8 }, (_, i) => i),
  );
  const plain = read(stepGradients(a, images, augment, new Random(2), 0.5));
  const cached = read(cachedStepGradients(b, images, augment, new Random(2), 0.5, 8));
  assert.ok(Math.abs(cached.loss - plain.loss) < 1e-5);
  assertGradsClose(cached.grads, plain.grads, 'one chunk');
  const stats = (m: typeof a) => m.statisticsVariables().map((v) => Array.from(v.dataSync()));
  assertGradsClose(stats(b), stats(a), 'moving statistics');
  // several chunks: per-chunk statistics, still a finite loss near the plain one
  const chunked = read(cachedStepGradients(b, images, augment, new Random(2), 0.5, 2));
  assert.ok(Number.isFinite(chunked.loss) && Math.abs(chunked.loss - plain.loss) < 0.5);
  images.dispose();
  [a, b].forEach((m) => m.dispose());
});

test('pretrain with microBatch trains with a constant tensor count', async () => {
  const model = createSimclrModel(small(true));
  const counts: number[] = [];
  const result = await pretrain(model, data, {
    batchSize: 32,
    microBatch: 8,
    steps: 3,
    onStep: () => {
      counts.push(tf.memory().numTensors);
    },
  });
  assert.equal(result.steps, 3);
  assert.equal(new Set(counts).size, 1, `tensor counts ${counts}`);
  await assert.rejects(
    pretrain(model, data, { batchSize: 32, microBatch: 0, steps: 1 }),
    /microBatch must be a positive integer/,
  );
  model.dispose();
});
