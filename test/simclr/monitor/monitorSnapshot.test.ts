import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import { monitorSnapshot, type SnapshotInput } from '../../../src/simclr/monitor/monitorSnapshot';

test.before(async () => {
  await initBackend();
});

// Four health images, 1x1x1 "views" whose pixel value names the image (i / 10) so thumbnails can be traced.
// Pair 0 and 1 match exactly; pair 2's first view looks like image 3's second view; pair 3 is orthogonal.
const z1 = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
  [1, 1, 0],
];
const z2 = [
  [1, 0, 0],
  [0, 1, 0],
  [1, 1, 1e-3],
  [0, 0, 1],
];
// Slice of 6 images: bank 0..3 (labels 0, 0, 1, 1), queries 4..5 (labels 0 and 1).
const slice = [
  [1, 0],
  [0.9, 0.1],
  [0, 1],
  [0.1, 0.9],
  [0.05, 1],
  [0, 1.2],
];
const labels = Int32Array.from([0, 0, 1, 1, 0, 1]);

function input(overrides: Partial<SnapshotInput> = {}): SnapshotInput {
  return {
    slice: tf.tensor2d(slice),
    slicePixels: Uint8Array.from([10, 11, 12, 13, 14, 15]),
    labels,
    classNames: ['a', 'b'],
    bankSize: 4,
    predictions: Int32Array.from([1, 1]), // query 4 (label 0) is wrong, query 5 right
    z1: tf.tensor2d(z1),
    z2: tf.tensor2d(z2),
    view1: Float32Array.from([0, 0.1, 0.2, 0.3]),
    view2: Float32Array.from([0.5, 0.6, 0.7, 0.8]),
    imageShape: [1, 1, 1],
    ...overrides,
  };
}

function dispose(i: SnapshotInput): void {
  tf.dispose([i.slice, i.z1, i.z2]);
}

test('pairs: cosine, rank among the cross-view negatives, hardest negative, hardest first, thumbnails of both views', () => {
  const before = tf.memory().numTensors;
  const i = input();
  const s = monitorSnapshot(i, { pairs: 1 });
  dispose(i);
  assert.equal(tf.memory().numTensors, before, 'no tensor left');
  assert.equal(s.pairs.length, 2, 'the hardest and the easiest');
  const [hardest, easiest] = s.pairs;
  // Pair 3: cos(z1_3, z2_3) = 0; z2_0, z2_1, z2_2 are all closer to z1_3 = (1, 1, 0)/sqrt(2).
  assert.equal(hardest.index, 3);
  assert.equal(hardest.rank, 3);
  assert.ok(Math.abs(hardest.cosine) < 1e-6);
  assert.equal(hardest.hardestNegative, 2);
  assert.ok(Math.abs(hardest.hardestNegativeCosine - 1) < 1e-3, `${hardest.hardestNegativeCosine}`);
  assert.equal(easiest.rank, 0);
  assert.ok(Math.abs(easiest.cosine - 1) < 1e-6);
  const pixel = (t: number) => s.thumbnails[t];
  assert.deepEqual(
    hardest.thumbnails.map(pixel),
    [0.3, 0.8, 0.7].map((v) => Math.round(Math.fround(v) * 255)),
    'view 1, view 2, the negative',
  );
  assert.deepEqual(
    s.cosines.positive.reduce((a, b) => a + b, 0),
    4,
  );
  assert.deepEqual(
    s.cosines.negative.reduce((a, b) => a + b, 0),
    12,
  );
  assert.equal(s.spectrum.length, 3);
});

test('kNN errors: the misclassified query with its nearest bank images by cosine, their labels and pixels', () => {
  const i = input();
  const s = monitorSnapshot(i, { neighbours: 2 });
  dispose(i);
  assert.equal(s.knnErrorCount, 1);
  const [error] = s.knnErrors;
  assert.equal(error.index, 4);
  assert.equal(error.label, 0);
  assert.equal(error.predicted, 1);
  assert.deepEqual(
    error.neighbours.map((n) => n.index),
    [2, 3],
    'nearest by cosine: (0, 1) then (0.1, 0.9)',
  );
  assert.deepEqual(
    error.neighbours.map((n) => n.label),
    [1, 1],
  );
  assert.ok(error.neighbours[0].similarity > error.neighbours[1].similarity);
  assert.equal(s.thumbnails[error.thumbnail], 14);
  assert.deepEqual(
    error.neighbours.map((n) => s.thumbnails[n.thumbnail]),
    [12, 13],
  );
  assert.deepEqual(s.thumbnailShape, [1, 1, 1]);
});

test('kNN errors also list the nearest bank images in raw pixels, where this query would have been right', () => {
  // Two-pixel images: the bank's class 0 is bright on the left, class 1 on the right; query 4 (class 0) too,
  // yet the representation (above) put it among class 1.
  const pixels = Uint8Array.from([255, 0, 250, 10, 0, 255, 10, 250, 200, 20, 0, 200]);
  const views = Float32Array.from({ length: 8 }, (_, k) => k / 8);
  const i = input({ slicePixels: pixels, imageShape: [1, 2, 1], view1: views, view2: views });
  const s = monitorSnapshot(i, { neighbours: 2 });
  dispose(i);
  const [error] = s.knnErrors;
  assert.deepEqual(
    error.neighbours.map((n) => n.label),
    [1, 1],
  );
  // cos([200, 20], [250, 10]) = 0.9982 > cos([200, 20], [255, 0]) = 0.9950.
  assert.deepEqual(
    error.pixelNeighbours.map((n) => n.index),
    [1, 0],
  );
  assert.deepEqual(
    error.pixelNeighbours.map((n) => n.label),
    [0, 0],
  );
  assert.ok(Math.abs(error.pixelNeighbours[0].similarity - 50200 / Math.hypot(200, 20) / Math.hypot(250, 10)) < 1e-5);
  const tile = (t: number) => Array.from(s.thumbnails.subarray(2 * t, 2 * t + 2));
  assert.deepEqual(tile(error.pixelNeighbours[0].thumbnail), [250, 10]);
  assert.deepEqual(tile(error.thumbnail), [200, 20]);
});

test('points: PCA of the slice in 2-D, turned onto the previous snapshot when one is given', () => {
  const i = input();
  const first = monitorSnapshot(i);
  const mirrored = Float32Array.from(first.points, (v, k) => (k % 2 === 0 ? -v : v));
  const again = monitorSnapshot(i).points;
  assert.deepEqual(Array.from(again), Array.from(first.points), 'deterministic');
  const turned = monitorSnapshot({ ...i, previousPoints: mirrored }).points;
  dispose(i);
  turned.forEach((v, k) => assert.ok(Math.abs(v - mirrored[k]) < 1e-5, `point ${k}: ${v} vs ${mirrored[k]}`));
  assert.equal(first.points.length, 12);
});

test('without labels or predictions: no kNN errors, the rest as usual', () => {
  const i = input({ labels: undefined, predictions: undefined, bankSize: undefined });
  const s = monitorSnapshot(i);
  dispose(i);
  assert.deepEqual(s.knnErrors, []);
  assert.equal(s.labels, undefined);
  assert.equal(s.pairs.length, 4, 'four pairs: all of them');
});
