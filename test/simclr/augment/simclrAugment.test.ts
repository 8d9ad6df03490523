// The composed pipeline: determinism, independence of views, equality across backends, defaults.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { Random } from '../../../src/simclr/random';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import { simclrAugment, simclrViewPair } from '../../../src/simclr/augment/simclrAugment';
import {
  defaultAugmentConfig,
  describeAugmentConfig,
  type AugmentConfig,
} from '../../../src/simclr/augment/augmentConfig';
import { imageBatch } from '../../../src/simclr/data/dataset';
import { loadFashionMnist } from '../../../src/simclr/data/fashionMnist';
import { noiseImages, perImageMaxDiff, range, useBackend } from './helpers';

before(useBackend);

/** Every op on, blur included, for testing all of the pipeline. */
const everything = (size: number, channels: 1 | 3): AugmentConfig => {
  const config = defaultAugmentConfig(size, channels);
  return { ...config, blur: { ...config.blur, p: 0.5, sigma: [0.5, 2] } };
};

for (const channels of [1, 3] as const) {
  test(`simclrAugment [16,24,24,${channels}]: shape, range, same seed same views, new draws new views, no leaks`, () => {
    const x = noiseImages([16, 24, 24, channels], 21);
    const config = everything(24, channels);
    const before = tf.memory().numTensors;
    const a = simclrAugment(x, config, 5),
      b = simclrAugment(x, config, 5);
    assert.deepEqual(a.shape, [16, 24, 24, channels]);
    const [min, max] = range(a);
    assert.ok(min >= 0 && max <= 1);
    assert.deepEqual(a.dataSync(), b.dataSync());
    const random = new Random(5);
    const first = simclrAugment(x, config, random),
      second = simclrAugment(x, config, random);
    assert.deepEqual(first.dataSync(), a.dataSync(), 'a Random seeded 5 gives what the seed 5 gives');
    assert.ok(
      perImageMaxDiff(first, second).every((d) => d > 1e-3),
      'a Random advances: the next views differ',
    );
    const [v1, v2] = simclrViewPair(x, config, 5);
    assert.ok(
      perImageMaxDiff(v1, v2).every((d) => d > 1e-3),
      'the two views of every image differ',
    );
    tf.dispose([a, b, first, second, v1, v2]);
    assert.equal(tf.memory().numTensors, before);
    x.dispose();
  });
}

test('simclrAugment with every p = 0 and the whole-image crop returns the input', () => {
  const x = noiseImages([4, 10, 10, 3], 22);
  const config = defaultAugmentConfig(10, 3);
  const off: AugmentConfig = {
    crop: { ...config.crop, p: 0 },
    flip: { p: 0 },
    colorJitter: { ...config.colorJitter, p: 0 },
    grayscale: { p: 0 },
    blur: { ...config.blur, p: 0 },
  };
  const out = simclrAugment(x, off, 1);
  assert.deepEqual(out.dataSync(), x.dataSync());
  tf.dispose([x, out]);
});

test('simclrAugment gives the same views on cpu and wasm for the same seed', async () => {
  const x = noiseImages([8, 20, 20, 3], 23);
  const config = { ...everything(20, 3), crop: { ...everything(20, 3).crop, size: 16 } };
  const views: Float32Array[] = [];
  for (const backend of ['cpu', 'wasm'] as const) {
    await initBackend({ backend });
    assert.equal(tf.getBackend(), backend);
    const input = tf.tensor4d(x.dataSync(), x.shape);
    const view = simclrAugment(input, config, 77);
    views.push(view.dataSync() as Float32Array);
    tf.dispose([input, view]);
  }
  await useBackend();
  let worst = 0;
  for (let i = 0; i < views[0].length; i++) worst = Math.max(worst, Math.abs(views[0][i] - views[1][i]));
  assert.ok(worst < 1e-4, `cpu and wasm views differ by ${worst}`);
  x.dispose();
});

test('simclrAugment on real Fashion-MNIST images with the 28 px grayscale defaults', () => {
  const dataset = loadFashionMnist({ split: 'test', limit: 64, prefer: 'embedded' });
  const x = imageBatch(
    dataset,
    Array.from({ length: 64 }, (_, i) => i),
  );
  const [v1, v2] = simclrViewPair(x, defaultAugmentConfig(28, 1), 3);
  assert.deepEqual(v1.shape, [64, 28, 28, 1]);
  // Views keep most of the garment: their mean brightness stays near the originals' (jitter s = 0.5).
  const mean = (t: tf.Tensor) => tf.tidy(() => tf.mean(t).dataSync()[0]);
  assert.ok(Math.abs(mean(v1) - mean(x)) < 0.15, `${mean(v1)} vs ${mean(x)}`);
  assert.ok(perImageMaxDiff(v1, v2).every((d) => d > 0.05));
  tf.dispose([x, v1, v2]);
});

const describeCases: { size: number; channels: 1 | 3; text: string }[] = [
  {
    size: 28,
    channels: 1,
    text: 'crop scale 0.2-1 ratio 0.75-1.33 | flip 50% | jitter 80% (b 0.4, c 0.4) | gray off | blur off',
  },
  {
    size: 32,
    channels: 3,
    text: 'crop scale 0.08-1 ratio 0.75-1.33 | flip 50% | jitter 80% (b 0.4, c 0.4, s 0.4, h 0.1) | gray 20% | blur off',
  },
  {
    size: 224,
    channels: 3,
    text: 'crop scale 0.08-1 ratio 0.75-1.33 | flip 50% | jitter 80% (b 0.8, c 0.8, s 0.8, h 0.2) | gray 20% | blur 50% (kernel 23, sigma 0.1-2)',
  },
];

for (const { size, channels, text } of describeCases) {
  test(`defaultAugmentConfig(${size}, ${channels}) and its one-line description`, () => {
    const config = defaultAugmentConfig(size, channels);
    assert.equal(describeAugmentConfig(config), text);
  });
}

test('describeAugmentConfig shows a crop size and partial crop; defaults are fresh objects', () => {
  const config = defaultAugmentConfig(32, 3);
  config.crop.scale[0] = 0.5;
  assert.deepEqual(
    defaultAugmentConfig(32, 3).crop.scale,
    [0.08, 1],
    'mutating one config does not change the defaults',
  );
  const text = describeAugmentConfig({ ...config, crop: { ...config.crop, p: 0.5, size: [20, 24] }, flip: { p: 0 } });
  assert.match(text, /^crop 50% scale 0.5-1 ratio 0.75-1.33 to 20x24px \| flip off \|/);
  assert.throws(() => defaultAugmentConfig(0, 1), /imageSize must be a positive integer/);
  assert.throws(() => defaultAugmentConfig(28, 2 as 1), /channels must be 1 or 3/);
});
