import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ImageDataset } from '../../../src/simclr/data/dataset';
import { splitDataset, subset } from '../../../src/simclr/data/subset';

/** 10 images of 1x2x1 whose pixels are [i, 100 + i], label i % 3. */
const dataset: ImageDataset = {
  name: 'toy',
  source: 'memory',
  pixels: Uint8Array.from({ length: 20 }, (_, j) => (j % 2) * 100 + Math.floor(j / 2)),
  shape: [10, 1, 2, 1],
  labels: Int32Array.from({ length: 10 }, (_, i) => i % 3),
  classNames: ['a', 'b', 'c'],
};

test('subset copies the chosen images and labels in order', () => {
  const picked = subset(dataset, [7, 2, 7]);
  assert.deepEqual(picked.shape, [3, 1, 2, 1]);
  assert.deepEqual([...picked.pixels], [7, 107, 2, 102, 7, 107]);
  assert.deepEqual([...(picked.labels ?? [])], [1, 2, 1]);
  picked.pixels[0] = 99;
  assert.equal(dataset.pixels[14], 7, 'no shared memory');
  assert.throws(() => subset(dataset, [10]), /index 10 is outside toy \(0..9\)/);
});

for (const fraction of [0, 0.3, 0.5, 1]) {
  test(`splitDataset(${fraction}) gives disjoint parts covering the dataset, seeded`, () => {
    const { first, second } = splitDataset(dataset, { fraction, seed: 5 });
    assert.equal(first.shape[0], Math.round(fraction * 10));
    assert.equal(first.shape[0] + second.shape[0], 10);
    const ids = (d: ImageDataset) => Array.from({ length: d.shape[0] }, (_, i) => d.pixels[2 * i]);
    assert.deepEqual(
      [...ids(first), ...ids(second)].sort((a, b) => a - b),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    assert.deepEqual(splitDataset(dataset, { fraction, seed: 5 }).first.pixels, first.pixels);
  });
}

test('splitDataset: different seeds shuffle differently; fraction is checked', () => {
  const a = splitDataset(dataset, { fraction: 0.5, seed: 1 }).first.pixels;
  const b = splitDataset(dataset, { fraction: 0.5, seed: 2 }).first.pixels;
  assert.notDeepEqual(a, b);
  assert.throws(() => splitDataset(dataset, { fraction: 1.5 }), /fraction must be in \[0, 1\]/);
});
