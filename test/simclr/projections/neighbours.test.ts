import { test } from 'node:test';
import assert from 'node:assert/strict';
import '@tensorflow/tfjs-backend-wasm';
import { tf } from '../../../src/simclr/tf';
import { exactKnn } from '../../../src/simclr/projections/neighbours';
import { gaussianBlobs, naiveKnn } from './blobs';

for (const backend of ['cpu', 'wasm']) {
  test(`exactKnn matches a naive kNN on ${backend} (no leaked tensors)`, async () => {
    await tf.setBackend(backend);
    const { vectors, n, dim } = gaussianBlobs(3, 40, 7, 2, 5);
    const k = 9;
    const before = tf.memory().numTensors;
    const graph = await exactKnn(vectors, n, dim, k);
    assert.equal(tf.memory().numTensors, before);
    const ref = naiveKnn(vectors, n, dim, k);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        assert.ok(
          Math.abs(graph.distances[i * k + j] - ref.distances[i][j]) < 1e-3 * (1 + ref.distances[i][j]),
          `row ${i} #${j}: ${graph.distances[i * k + j]} vs ${ref.distances[i][j]}`,
        );
      }
      assert.ok(!Array.from(graph.indices.subarray(i * k, (i + 1) * k)).includes(i), `row ${i} lists itself`);
    }
    // Indices may swap only between (near-)equal distances; with random data they agree.
    const agree = ref.indices.flat().filter((v, t) => v === graph.indices[t]).length;
    assert.ok(agree / (n * k) > 0.99, `index agreement ${agree / (n * k)}`);
  });
}

test('exactKnn rejects k outside 1..n-1', async () => {
  const vectors = new Float32Array(5 * 2);
  for (const k of [0, 5, 1.5]) await assert.rejects(exactKnn(vectors, 5, 2, k), /k must be in 1\.\.4/);
});

test('exactKnn reports the rows done after each block, up to n, and stops on an AbortSignal', async () => {
  await tf.setBackend('wasm');
  // Blocks hold floor(4e6 / n) rows: 1,600 of 2,500 here, so two reports.
  const { vectors, n, dim } = gaussianBlobs(5, 500, 4, 2, 7);
  const rows: number[] = [];
  await exactKnn(vectors, n, dim, 5, undefined, (done) => rows.push(done));
  assert.deepEqual(rows, [1600, 2500]);
  const controller = new AbortController();
  await assert.rejects(
    exactKnn(vectors, n, dim, 5, controller.signal, () => controller.abort(new Error('enough'))),
    /enough/,
  );
});
