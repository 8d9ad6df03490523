import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tsne } from '../../../src/simclr/projections/tsne/tsne';
import { gaussianBlobs, knnPurity } from './blobs';

const blobs = gaussianBlobs(3, 60, 50, 3, 1);
const run = (seed: number) => tsne(blobs.vectors, blobs.n, blobs.dim, { seed, perplexity: 20, iterations: 500 });

test('t-SNE keeps 3 well-separated 50-D blobs apart (10-NN purity in 2-D > 0.95)', async () => {
  const points = await run(1);
  assert.equal(points.length, blobs.n * 2);
  assert.ok(points.every(Number.isFinite));
  const purity = knnPurity(points, blobs.n, 2, blobs.labels);
  assert.ok(purity > 0.95, `purity ${purity}`);
});

test('t-SNE is seeded: same seed same layout, another seed another layout', async () => {
  const [a, b, c] = await Promise.all([run(7), run(7), run(8)]);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('t-SNE reports progress and stops on an AbortSignal', async () => {
  const controller = new AbortController();
  const seen: string[] = [];
  const neighbourFractions: number[] = [];
  const promise = tsne(blobs.vectors, blobs.n, blobs.dim, {
    perplexity: 20,
    iterations: 100000,
    onProgress: (p) => {
      if (seen.at(-1) !== p.phase) seen.push(p.phase);
      if (p.phase === 'neighbours') neighbourFractions.push(p.fraction);
      if (p.phase === 'optimise' && p.iteration >= 50) controller.abort(new Error('stop please'));
    },
    signal: controller.signal,
  });
  await assert.rejects(promise, /stop please/);
  assert.deepEqual(seen, ['neighbours', 'affinities', 'optimise']);
  assert.deepEqual([neighbourFractions[0], neighbourFractions.at(-1)], [0, 1]);
});

const invalid: Array<[string, () => Promise<unknown>, RegExp]> = [
  [
    'perplexity too large for n',
    () => tsne(new Float32Array(20 * 3), 20, 3, { perplexity: 30 }),
    /perplexity 30 is too large for 20 points/,
  ],
  ['perplexity below 1', () => tsne(new Float32Array(20 * 3), 20, 3, { perplexity: 0.2 }), /perplexity must be >= 1/],
  [
    'zero iterations',
    () => tsne(new Float32Array(20 * 3), 20, 3, { perplexity: 2, iterations: 0 }),
    /iterations must be a positive integer/,
  ],
  ['n * dim mismatch', () => tsne(new Float32Array(10), 4, 3), /10 values but n \* dim = 4 \* 3 = 12/],
  [
    'NaN',
    () =>
      tsne(
        Float32Array.from({ length: 300 }, (_, i) => (i === 17 ? NaN : i)),
        100,
        3,
      ),
    /vectors\[5, 2\] is NaN/,
  ],
];
for (const [name, call, message] of invalid) {
  test(`t-SNE rejects ${name} with a clear error`, async () => {
    await assert.rejects(call(), message);
  });
}
