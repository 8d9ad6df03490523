// What each op computes, checked against direct definitions (not just "something changed").
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { Random } from '../../../src/simclr/random';
import { randomResizedCrop, sampleCropBox } from '../../../src/simclr/augment/randomResizedCrop';
import { horizontalFlip } from '../../../src/simclr/augment/horizontalFlip';
import { colorJitter } from '../../../src/simclr/augment/colorJitter';
import { randomGrayscale } from '../../../src/simclr/augment/randomGrayscale';
import { defaultBlurKernelSize, gaussianBlur, gaussianKernel } from '../../../src/simclr/augment/gaussianBlur';
import { noiseImages, useBackend } from './helpers';

before(useBackend);

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tolerance: number, what: string) => {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  assert.ok(worst <= tolerance, `${what}: max difference ${worst} > ${tolerance}`);
};

/** BT.601 luma per pixel of [.., 3] data. */
const lumaOf = (data: ArrayLike<number>) =>
  Float32Array.from(
    { length: data.length / 3 },
    (_, i) => 0.299 * data[3 * i] + 0.587 * data[3 * i + 1] + 0.114 * data[3 * i + 2],
  );

const cropCases: { h: number; w: number; scale: [number, number]; ratio: [number, number] }[] = [
  { h: 28, w: 28, scale: [0.08, 1], ratio: [3 / 4, 4 / 3] },
  { h: 32, w: 20, scale: [0.2, 0.5], ratio: [0.5, 2] },
  { h: 10, w: 40, scale: [0.9, 1], ratio: [1, 1] }, // often impossible: falls back to a centre crop
];

for (const { h, w, scale, ratio } of cropCases) {
  test(`sampleCropBox ${h}x${w} scale ${scale} ratio ${ratio}: boxes inside, area and ratio in range or the centre fallback`, () => {
    const random = new Random(3);
    for (let i = 0; i < 500; i++) {
      const box = sampleCropBox(random, h, w, scale, ratio);
      const eps = 1e-9;
      assert.ok(
        box.top >= -eps && box.left >= -eps && box.top + box.height <= h + eps && box.left + box.width <= w + eps,
        JSON.stringify(box),
      );
      const area = (box.height * box.width) / (h * w),
        aspect = box.width / box.height;
      const inRange =
        area >= scale[0] - eps && area <= scale[1] + eps && aspect >= ratio[0] - eps && aspect <= ratio[1] + eps;
      const centred = Math.abs(box.top - (h - box.height) / 2) < eps && Math.abs(box.left - (w - box.width) / 2) < eps;
      assert.ok(inRange || centred, JSON.stringify(box));
    }
  });
}

test('randomResizedCrop with scale 1 and ratio 1 keeps square images; size resizes', () => {
  const x = noiseImages([4, 16, 16, 3], 2);
  const same = randomResizedCrop(x, { scale: [1, 1], ratio: [1, 1], p: 1 }, 5);
  close(same.dataSync(), x.dataSync(), 1e-5, 'whole-image crop');
  const small = randomResizedCrop(x, { size: [8, 12] }, 5);
  assert.deepEqual(small.shape, [4, 8, 12, 3]);
  // p = 0 with a new size is a plain resize of the whole image: a constant image stays constant.
  const flat = tf.fill([2, 16, 16, 1], 0.25) as tf.Tensor4D;
  const resized = randomResizedCrop(flat, { p: 0, size: 10 }, 1);
  close(resized.dataSync(), new Float32Array(200).fill(0.25), 1e-6, 'resize');
  tf.dispose([x, same, small, flat, resized]);
});

test('randomResizedCrop: a crop zooms in (a small-scale crop of a left-to-right ramp spans a smaller range)', () => {
  const ramp = tf.tile(tf.reshape(tf.linspace(0, 1, 32), [1, 1, 32, 1]), [6, 32, 1, 1]) as tf.Tensor4D;
  const crop = randomResizedCrop(ramp, { scale: [0.1, 0.1], ratio: [1, 1] }, 9);
  const data = crop.dataSync();
  for (let i = 0; i < 6; i++) {
    const row = data.subarray(i * 1024, i * 1024 + 32);
    // The crop is sqrt(0.1) * 32 px wide; its first and last pixel centres are (width - 1) / 31 apart.
    const span = row[31] - row[0];
    assert.ok(Math.abs(span - (Math.sqrt(0.1) * 32 - 1) / 31) < 1e-4, `image ${i}: span ${span}`);
  }
  tf.dispose([ramp, crop]);
});

test('horizontalFlip p=1 is tf.reverse along the width', () => {
  const x = noiseImages([3, 5, 7, 3], 8);
  const flipped = horizontalFlip(x, { p: 1 }, 1),
    expected = tf.reverse(x, 2);
  assert.deepEqual(flipped.dataSync(), expected.dataSync());
  tf.dispose([x, flipped, expected]);
});

test('randomGrayscale p=1 puts the BT.601 luma in all three channels', () => {
  const x = noiseImages([2, 4, 4, 3], 9);
  const gray = randomGrayscale(x, { p: 1 }, 1).dataSync();
  const luma = lumaOf(x.dataSync());
  close(
    gray.filter((_, i) => i % 3 === 0),
    luma,
    1e-6,
    'R = luma',
  );
  close(
    gray.filter((_, i) => i % 3 === 1),
    luma,
    1e-6,
    'G = luma',
  );
  close(
    gray.filter((_, i) => i % 3 === 2),
    luma,
    1e-6,
    'B = luma',
  );
  x.dispose();
});

test('colorJitter brightness only: each image is scaled by one factor within [1 - b, 1 + b]', () => {
  const x = noiseImages([8, 6, 6, 3], 10, 0.2, 0.5); // 0.5 * 1.8 < 1: no clipping
  const out = colorJitter(x, { p: 1, brightness: 0.8, contrast: 0, saturation: 0, hue: 0 }, 3);
  const a = x.dataSync(),
    b = out.dataSync();
  for (let i = 0; i < 8; i++) {
    const ratios = Array.from({ length: 108 }, (_, j) => b[i * 108 + j] / a[i * 108 + j]);
    assert.ok(ratios[0] >= 0.2 - 1e-6 && ratios[0] <= 1.8 + 1e-6, `factor ${ratios[0]}`);
    for (const r of ratios) assert.ok(Math.abs(r - ratios[0]) < 1e-5);
  }
  tf.dispose([x, out]);
});

const lumaPreserving: { name: string; options: Record<string, number> }[] = [
  { name: 'hue', options: { brightness: 0, contrast: 0, saturation: 0, hue: 0.5 } },
  { name: 'saturation', options: { brightness: 0, contrast: 0, saturation: 0.8, hue: 0 } },
];
for (const { name, options } of lumaPreserving) {
  test(`colorJitter ${name} changes colours but keeps each pixel's luma (no clipping)`, () => {
    const x = noiseImages([6, 5, 5, 3], 11, 0.4, 0.6);
    const out = colorJitter(x, { p: 1, ...options }, 4);
    close(lumaOf(out.dataSync()), lumaOf(x.dataSync()), 2e-3, `${name} luma`);
    const changed = Math.max(...out.dataSync().map((v, i) => Math.abs(v - x.dataSync()[i])));
    assert.ok(changed > 0.01, `${name} changed colours by ${changed}`);
    tf.dispose([x, out]);
  });
}

test("colorJitter contrast keeps each image's mean; gray images ignore saturation and hue", () => {
  const x = noiseImages([6, 5, 5, 1], 12, 0.4, 0.6);
  const out = colorJitter(x, { p: 1, brightness: 0, contrast: 0.5, saturation: 0, hue: 0 }, 5);
  const means = (t: tf.Tensor) => tf.tidy(() => tf.mean(t, [1, 2, 3]).dataSync());
  close(means(out), means(x), 1e-5, 'mean');
  const colourOnly = colorJitter(x, { p: 1, brightness: 0, contrast: 0, saturation: 0.8, hue: 0.3 }, 5);
  assert.deepEqual(colourOnly.dataSync(), x.dataSync());
  tf.dispose([x, out, colourOnly]);
});

test('gaussianBlur: kernels are normalised and symmetric, kernel size is ~10% of the side', () => {
  for (const [side, k] of [
    [28, 3],
    [32, 3],
    [64, 7],
    [96, 11],
    [224, 23],
  ])
    assert.equal(defaultBlurKernelSize(side), k, `side ${side}`);
  const kernel = gaussianKernel(7, 1.3);
  close([kernel.reduce((s, v) => s + v, 0)], [1], 1e-6, 'sum');
  close(kernel, [...kernel].reverse(), 0, 'symmetry');
});

test('gaussianBlur keeps a constant image constant (reflect padding) and smooths noise', () => {
  const flat = tf.fill([3, 12, 12, 3], 0.7) as tf.Tensor4D;
  const blurredFlat = gaussianBlur(flat, { p: 1, kernelSize: 5 }, 1);
  close(blurredFlat.dataSync(), flat.dataSync(), 1e-6, 'constant image');
  const noise = noiseImages([3, 12, 12, 1], 13);
  const blurred = gaussianBlur(noise, { p: 1, kernelSize: 5, sigma: [1.5, 2] }, 1);
  const variance = (t: tf.Tensor) => tf.tidy(() => tf.moments(t).variance.dataSync()[0]);
  assert.ok(variance(blurred) < variance(noise) / 3, `variance ${variance(blurred)} vs ${variance(noise)}`);
  // The blurred image is the separable convolution of the reflect-padded image with the kernel.
  tf.tidy(() => {
    const [b0] = tf.split<tf.Tensor4D>(noise, 3, 0);
    const sigma = new Random(1);
    sigma.next(); // the coin of image 0
    const kernel = gaussianKernel(5, sigma.uniform(1.5, 2));
    const padded = tf.mirrorPad(
      b0,
      [
        [0, 0],
        [2, 2],
        [2, 2],
        [0, 0],
      ],
      'reflect',
    );
    const expected = tf.conv2d(
      tf.conv2d(padded as tf.Tensor4D, tf.tensor4d(kernel, [5, 1, 1, 1]), 1, 'valid'),
      tf.tensor4d(kernel, [1, 5, 1, 1]),
      1,
      'valid',
    );
    close(tf.slice(blurred, 0, 1).dataSync(), expected.dataSync(), 1e-5, 'reference convolution');
  });
  tf.dispose([flat, blurredFlat, noise, blurred]);
});
