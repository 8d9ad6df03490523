import { test } from 'node:test';
import assert from 'node:assert/strict';
import { umap } from '../../../src/simclr/projections/umap';
import { gaussianBlobs, knnPurity } from './blobs';

const blobs = gaussianBlobs(3, 60, 50, 3, 2);

for (const dims of [2, 3] as const) {
  test(`UMAP to ${dims}-D keeps 3 well-separated 50-D blobs apart (10-NN purity > 0.95)`, async () => {
    const points = await umap(blobs.vectors, blobs.n, blobs.dim, { dims, seed: 1, nEpochs: 200 });
    assert.equal(points.length, blobs.n * dims);
    assert.ok(points.every(Number.isFinite));
    const purity = knnPurity(points, blobs.n, dims, blobs.labels);
    assert.ok(purity > 0.95, `purity ${purity}`);
  });
}

test('UMAP is seeded: same seed same layout, another seed another layout', async () => {
  const run = (seed: number) => umap(blobs.vectors, blobs.n, blobs.dim, { seed, nEpochs: 50 });
  const a = await run(3),
    b = await run(3),
    c = await run(4);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('UMAP reports every epoch and stops on an AbortSignal', async () => {
  const controller = new AbortController();
  const epochs: number[] = [];
  const promise = umap(blobs.vectors, blobs.n, blobs.dim, {
    nEpochs: 100000,
    signal: controller.signal,
    onProgress: (p) => {
      if (p.phase !== 'optimise') return;
      epochs.push(p.epoch);
      if (p.epoch === 20) controller.abort();
    },
  });
  await assert.rejects(promise, /abort/i);
  assert.deepEqual(epochs.slice(0, 3), [1, 2, 3]);
});

test('UMAP rejects too few points for its neighbourhood and 4-D', async () => {
  await assert.rejects(umap(new Float32Array(10 * 2), 10, 2), /nNeighbors 15 needs more than 15 points/);
  await assert.rejects(umap(blobs.vectors, blobs.n, blobs.dim, { dims: 4 as 2 }), /dims must be 2 or 3/);
});
