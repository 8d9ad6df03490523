import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { retrievalPrecision } from '../../../src/simclr/eval/retrievalPrecision';
import { clusteredFeatures } from './synthetic';

/** Precision@k from its definition: sort the gallery by cosine similarity, count same-label items in the first k. */
function naivePrecision(
  gallery: Float32Array,
  galleryLabels: Int32Array,
  queries: Float32Array,
  queryLabels: Int32Array,
  dim: number,
  k: number,
): number {
  const unit = (v: Float32Array, i: number) => {
    const row = Array.from(v.subarray(i * dim, (i + 1) * dim));
    const n = Math.hypot(...row);
    return row.map((x) => x / n);
  };
  const bank = Array.from(galleryLabels, (_, i) => unit(gallery, i));
  let total = 0;
  for (let q = 0; q < queryLabels.length; q++) {
    const u = unit(queries, q);
    const ranked = bank.map((row, i) => [row.reduce((s, x, d) => s + x * u[d], 0), i]).sort((a, b) => b[0] - a[0]);
    total += ranked.slice(0, k).filter(([, i]) => galleryLabels[i] === queryLabels[q]).length / k;
  }
  return total / queryLabels.length;
}

const all = clusteredFeatures(350, 8, 5, 0.4, 5);
const galleryX = all.vectors.slice(0, 300 * 8),
  galleryY = all.labels.slice(0, 300);
const queryX = all.vectors.slice(300 * 8),
  queryY = all.labels.slice(300);

test('retrievalPrecision matches the definition at several k, chunked or not, with no leaked tensors', async () => {
  const expected = Object.fromEntries(
    [1, 5, 30].map((k) => [k, naivePrecision(galleryX, galleryY, queryX, queryY, 8, k)]),
  );
  assert.ok(expected[1] > 0.3 && expected[30] < 1, `an informative case: ${JSON.stringify(expected)}`);
  const before = tf.memory().numTensors;
  for (const maxChunkElements of [undefined, 300 * 7]) {
    const got = await retrievalPrecision(
      { vectors: galleryX, n: 300, dim: 8 },
      galleryY,
      { vectors: queryX, n: 50, dim: 8 },
      queryY,
      [1, 5, 30],
      { maxChunkElements },
    );
    for (const k of [1, 5, 30]) assert.ok(Math.abs(got[k] - expected[k]) < 1e-9, `k=${k}: ${got[k]} vs ${expected[k]}`);
  }
  assert.equal(tf.memory().numTensors, before);
});

test('retrievalPrecision: 1 for a gallery of one label, the class share for the whole gallery', async () => {
  const gallery = tf.tensor2d(galleryX, [300, 8]),
    queries = tf.tensor2d(queryX, [50, 8]);
  const same = await retrievalPrecision(gallery, new Int32Array(300), queries, new Int32Array(50), [1, 300]);
  assert.deepEqual(same, { 1: 1, 300: 1 });
  // With k = the gallery size every item is retrieved: precision is the query class's share (5 balanced classes).
  assert.ok(Math.abs((await retrievalPrecision(gallery, galleryY, queries, queryY, [300]))[300] - 0.2) < 1e-9);
  tf.dispose([gallery, queries]);
});

test('retrievalPrecision: bad input is refused with a clear error', async () => {
  const gallery = { vectors: galleryX, n: 300, dim: 8 },
    queries = { vectors: queryX, n: 50, dim: 8 };
  const cases: [Parameters<typeof retrievalPrecision>, RegExp][] = [
    [[gallery, galleryY, queries, queryY, [0]], /k must be an integer in 1\.\.300/],
    [[gallery, galleryY, queries, queryY, [301]], /k must be an integer in 1\.\.300/],
    [[gallery, galleryY, { vectors: queryX.slice(0, 100), n: 50, dim: 2 }, queryY], /8 dims but queries 2/],
    [[gallery, galleryY, queries, queryY.slice(1)], /49 labels for 50 feature rows/],
  ];
  for (const [args, message] of cases) await assert.rejects(retrievalPrecision(...args), message);
});
