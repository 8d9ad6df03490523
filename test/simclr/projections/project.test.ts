import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeRows, project, type ProjectOptions } from '../../../src/simclr/projections/project';
import { gaussianBlobs, knnPurity } from './blobs';

const blobs = gaussianBlobs(3, 40, 16, 3, 4);
const { vectors, n, dim } = blobs;

const cases: ProjectOptions[] = [
  { method: 'pca', dims: 2 },
  { method: 'pca', dims: 3 },
  { method: 'tsne', dims: 2, perplexity: 10 },
  { method: 'umap', dims: 2 },
  { method: 'umap', dims: 3, metric: 'cosine' },
];
for (const options of cases) {
  test(`project ${options.method} to ${options.dims}-D${options.metric ? ` (${options.metric})` : ''}: [n, dims], finite, clusters apart, progress to 1`, async () => {
    const fractions: number[] = [];
    const points = await project(vectors, n, dim, {
      ...options,
      seed: 5,
      onProgress: (p) => fractions.push(p.fraction),
    });
    assert.equal(points.length, n * (options.dims ?? 2));
    assert.ok(points.every(Number.isFinite));
    assert.ok(knnPurity(points, n, options.dims ?? 2, blobs.labels) > 0.95);
    assert.equal(fractions.at(-1), 1);
  });
}

const invalid: Array<[string, () => Promise<unknown>, RegExp]> = [
  ['3-D t-SNE', () => project(vectors, n, dim, { method: 'tsne', dims: 3 }), /t-SNE is 2-D only/],
  ['an unknown method', () => project(vectors, n, dim, { method: 'mds' as 'pca' }), /unknown method mds/],
  ['dims 4', () => project(vectors, n, dim, { method: 'pca', dims: 4 as 3 }), /dims must be 2 or 3/],
  [
    'n * dim mismatch',
    () => project(vectors, n + 1, dim, { method: 'pca' }),
    /project: vectors has 1920 values but n \* dim = 121 \* 16/,
  ],
  [
    'Infinity',
    () => project(Float32Array.from([1, 2, Infinity, 4]), 2, 2, { method: 'pca' }),
    /vectors\[1, 0\] is Infinity/,
  ],
  [
    'a number array',
    () => project([1, 2] as unknown as Float32Array, 1, 2, { method: 'pca' }),
    /must be a Float32Array/,
  ],
  ['PCA to 3-D of 2-D data', () => project(new Float32Array(8), 4, 2, { method: 'pca', dims: 3 }), /needs dim >= 3/],
];
for (const [name, call, message] of invalid) {
  test(`project rejects ${name}`, async () => {
    await assert.rejects(call(), message);
  });
}

test('normalizeRows gives unit rows and leaves zero rows at zero', () => {
  const out = normalizeRows(Float32Array.from([3, 4, 0, 0]), 2, 2);
  assert.deepEqual(Array.from(out), Array.from(Float32Array.from([0.6, 0.8, 0, 0])));
});
