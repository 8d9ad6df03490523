import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conditionalP, symmetrize } from '../../../src/simclr/projections/tsne/affinities';
import { exactKnn } from '../../../src/simclr/projections/neighbours';
import { gaussianBlobs } from './blobs';

const { vectors, n, dim } = gaussianBlobs(3, 30, 5, 2, 8);

for (const perplexity of [3, 10, 25]) {
  test(`conditional P rows sum to 1 with entropy log(${perplexity})`, async () => {
    const k = Math.floor(3 * perplexity);
    const graph = await exactKnn(vectors, n, dim, k);
    const p = conditionalP(graph, n, perplexity);
    for (let i = 0; i < n; i++) {
      const row = p.subarray(i * k, (i + 1) * k);
      const sum = row.reduce((s, v) => s + v, 0);
      const entropy = -row.reduce((s, v) => s + (v > 0 ? v * Math.log(v) : 0), 0);
      assert.ok(Math.abs(sum - 1) < 1e-9, `row ${i} sums to ${sum}`);
      assert.ok(Math.abs(entropy - Math.log(perplexity)) < 1e-4, `row ${i}: entropy ${entropy}`);
      for (let j = 1; j < k; j++) assert.ok(row[j] <= row[j - 1] + 1e-12, 'nearer neighbours weigh more');
    }
  });
}

test('symmetrize equals (P + P^T) / 2n computed densely, rows sorted, total 1', async () => {
  const k = 12;
  const graph = await exactKnn(vectors, n, dim, k);
  const pCond = conditionalP(graph, n, 4);
  const dense = Array.from({ length: n }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < k; t++) {
      const j = graph.indices[i * k + t];
      dense[i][j] += pCond[i * k + t] / (2 * n);
      dense[j][i] += pCond[i * k + t] / (2 * n);
    }
  }
  const p = symmetrize(graph, n, pCond);
  let total = 0,
    nonZero = 0;
  for (let i = 0; i < n; i++) {
    for (let e = p.rowStart[i]; e < p.rowStart[i + 1]; e++) {
      if (e > p.rowStart[i]) assert.ok(p.cols[e] > p.cols[e - 1], `row ${i} is sorted without duplicates`);
      assert.ok(Math.abs(p.values[e] - dense[i][p.cols[e]]) < 1e-15);
      total += p.values[e];
    }
    nonZero += dense[i].filter((v) => v > 0).length;
  }
  assert.equal(p.rowStart[n], nonZero);
  assert.ok(Math.abs(total - 1) < 1e-12, `total ${total}`);
});
