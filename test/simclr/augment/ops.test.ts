// Properties every augmentation op must have, as a table over ops and channel counts.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { Random } from '../../../src/simclr/random';
import { randomResizedCrop } from '../../../src/simclr/augment/randomResizedCrop';
import { horizontalFlip } from '../../../src/simclr/augment/horizontalFlip';
import { colorJitter } from '../../../src/simclr/augment/colorJitter';
import { randomGrayscale } from '../../../src/simclr/augment/randomGrayscale';
import { gaussianBlur } from '../../../src/simclr/augment/gaussianBlur';
import type { RandomSource } from '../../../src/simclr/augment/common';
import { noiseImages, perImageMaxDiff, range, useBackend } from './helpers';

type Op = (images: tf.Tensor4D, options: { p?: number; sigma?: [number, number] }, random: RandomSource) => tf.Tensor4D;

// `visible`: options under which every applied image visibly changes (SimCLR's blur sigma range
// starts at 0.1, which with a 3-tap kernel leaves an image unchanged to 1e-4).
const ops: {
  name: string;
  op: Op;
  channels: number[];
  noOpChannels?: number[];
  visible?: { sigma: [number, number] };
}[] = [
  { name: 'randomResizedCrop', op: randomResizedCrop, channels: [1, 3] },
  { name: 'horizontalFlip', op: horizontalFlip, channels: [1, 3] },
  { name: 'colorJitter', op: colorJitter, channels: [1, 3] },
  { name: 'randomGrayscale', op: randomGrayscale, channels: [1, 3], noOpChannels: [1] },
  { name: 'gaussianBlur', op: gaussianBlur, channels: [1, 3], visible: { sigma: [0.8, 2] } },
];

const B = 12;
let backend = '';
before(async () => {
  backend = await useBackend();
});

for (const { name, op, channels, noOpChannels = [], visible = {} } of ops) {
  for (const c of channels) {
    const shape: [number, number, number, number] = [B, 20, 20, c];

    test(`${name} [B,20,20,${c}]: shape kept, values in [0, 1], no tensor leaks`, () => {
      const images = noiseImages(shape, 3);
      const before = tf.memory().numTensors;
      for (let seed = 0; seed < 3; seed++) {
        const out = op(images, { p: 0.5 }, seed);
        assert.deepEqual(out.shape, shape);
        const [min, max] = range(out);
        assert.ok(min >= 0 && max <= 1, `range ${min}..${max} on ${backend}`);
        out.dispose();
      }
      assert.equal(tf.memory().numTensors, before);
      images.dispose();
    });

    test(`${name} [B,20,20,${c}]: deterministic for a seed (number or Random), different across seeds`, () => {
      const images = noiseImages(shape, 4);
      const a = op(images, { p: 1 }, 42),
        b = op(images, { p: 1 }, new Random(42)),
        other = op(images, { p: 0.5 }, 7);
      const again = op(images, { p: 0.5 }, 8);
      assert.deepEqual(a.dataSync(), b.dataSync());
      if (!noOpChannels.includes(c)) assert.notDeepEqual(other.dataSync(), again.dataSync());
      tf.dispose([images, a, b, other, again]);
    });

    test(`${name} [B,20,20,${c}]: p = 0 is the identity, p = 1 changes every image`, () => {
      const images = noiseImages(shape, 5);
      const identity = op(images, { p: 0 }, 1);
      assert.deepEqual(identity.dataSync(), images.dataSync());
      assert.notEqual(identity, images, 'a new tensor the caller may dispose');
      const applied = op(images, { ...visible, p: 1 }, 1);
      const diffs = perImageMaxDiff(applied, images);
      if (noOpChannels.includes(c))
        assert.ok(
          diffs.every((d) => d === 0),
          `${c}-channel ${name} must be a no-op`,
        );
      else
        assert.ok(
          diffs.every((d) => d > 1e-3),
          `unchanged images: ${diffs.map((d) => d.toFixed(4))}`,
        );
      tf.dispose([images, identity, applied]);
    });

    if (!noOpChannels.includes(c)) {
      test(`${name} [B,20,20,${c}]: p = 0.5 changes some images and leaves the others exactly as they were`, () => {
        const images = noiseImages([32, 20, 20, c], 6);
        const out = op(images, { ...visible, p: 0.5 }, 11);
        const diffs = perImageMaxDiff(out, images);
        const unchanged = diffs.filter((d) => d === 0).length;
        assert.ok(unchanged > 4 && unchanged < 28, `unchanged ${unchanged} of 32`);
        assert.ok(
          diffs.every((d) => d === 0 || d > 1e-3),
          `${diffs}`,
        );
        tf.dispose([images, out]);
      });
    }
  }
}

const badOptions: { name: string; run: (x: tf.Tensor4D) => unknown; error: RegExp }[] = [
  {
    name: 'p above 1',
    run: (x) => horizontalFlip(x, { p: 1.5 }),
    error: /horizontalFlip: p must be a probability in \[0, 1\], got 1.5/,
  },
  {
    name: 'negative p',
    run: (x) => randomGrayscale(x, { p: -0.1 }),
    error: /randomGrayscale: p must be a probability/,
  },
  { name: 'NaN p', run: (x) => colorJitter(x, { p: NaN }), error: /colorJitter: p must be a probability/ },
  {
    name: 'crop scale reversed',
    run: (x) => randomResizedCrop(x, { scale: [0.9, 0.1] }),
    error: /randomResizedCrop: scale must be \[low, high\]/,
  },
  {
    name: 'crop scale above 1',
    run: (x) => randomResizedCrop(x, { scale: [0.5, 2] }),
    error: /randomResizedCrop: scale must be/,
  },
  {
    name: 'crop ratio zero',
    run: (x) => randomResizedCrop(x, { ratio: [0, 1] }),
    error: /randomResizedCrop: ratio must be/,
  },
  {
    name: 'crop size',
    run: (x) => randomResizedCrop(x, { size: 0 }),
    error: /randomResizedCrop: size must be a positive integer/,
  },
  {
    name: 'negative brightness',
    run: (x) => colorJitter(x, { brightness: -1 }),
    error: /colorJitter: brightness must be a number/,
  },
  {
    name: 'hue above 0.5',
    run: (x) => colorJitter(x, { hue: 0.7 }),
    error: /colorJitter: hue must be a number in \[0, 0.5\]/,
  },
  {
    name: 'even kernel',
    run: (x) => gaussianBlur(x, { kernelSize: 4 }),
    error: /gaussianBlur: kernelSize must be a positive odd integer, got 4/,
  },
  {
    name: 'kernel too large',
    run: (x) => gaussianBlur(x, { kernelSize: 41 }),
    error: /kernelSize 41 is too large for 20x20/,
  },
  { name: 'sigma zero', run: (x) => gaussianBlur(x, { sigma: [0, 1] }), error: /gaussianBlur: sigma must be/ },
  { name: 'bad seed', run: (x) => horizontalFlip(x, {}, NaN), error: /seed must be a finite number or a Random/ },
  {
    name: 'rank 3',
    run: (x) => horizontalFlip(tf.squeeze(x, [0]) as unknown as tf.Tensor4D),
    error: /horizontalFlip: images must be \[B, H, W, C\], got shape \[20, 20, 3\]/,
  },
  {
    name: 'int32 images',
    run: (x) => gaussianBlur(tf.cast(x, 'int32') as tf.Tensor4D),
    error: /gaussianBlur: images must be float32/,
  },
  {
    name: '4 channels',
    run: () => colorJitter(tf.zeros([1, 4, 4, 4])),
    error: /colorJitter: images must have 1 or 3 channels, got 4/,
  },
];

for (const c of badOptions) {
  test(`bad input is rejected with a clear error: ${c.name}`, () => {
    const x = noiseImages([1, 20, 20, 3]);
    tf.tidy(() => assert.throws(() => c.run(x), c.error));
    x.dispose();
  });
}
