import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { nearestNeighbours } from '../../../src/simclr/eval/nearestNeighbours';
import { clusteredFeatures } from './synthetic';

const { vectors, n, dim } = clusteredFeatures(200, 10, 3, 1, 3);

function naive(index: number, k: number) {
  const cos = (a: number, b: number) => {
    let dot = 0,
      na = 0,
      nb = 0;
    for (let d = 0; d < dim; d++) {
      dot += vectors[a * dim + d] * vectors[b * dim + d];
      na += vectors[a * dim + d] ** 2;
      nb += vectors[b * dim + d] ** 2;
    }
    return dot / Math.sqrt(na * nb);
  };
  return Array.from({ length: n }, (_, i) => i)
    .filter((i) => i !== index)
    .map((i) => [cos(index, i), i])
    .sort((a, b) => b[0] - a[0])
    .slice(0, k);
}

for (const [index, k] of [
  [0, 5],
  [57, 1],
  [199, 30],
  [3, 500],
]) {
  test(`nearestNeighbours(${index}, k=${k}) matches a naive cosine ranking, for arrays and tensors`, () => {
    const ref = naive(index, k);
    const tensor = tf.tensor2d(vectors, [n, dim]);
    for (const input of [{ vectors, n, dim }, tensor]) {
      const { indices, similarities } = nearestNeighbours(input, index, k);
      assert.equal(indices.length, Math.min(k, n - 1));
      assert.deepEqual(
        Array.from(indices),
        ref.map((r) => r[1]),
      );
      similarities.forEach((s, t) => assert.ok(Math.abs(s - ref[t][0]) < 1e-5));
    }
    tensor.dispose();
  });
}

test('nearestNeighbours rejects a bad index or k', () => {
  assert.throws(() => nearestNeighbours({ vectors, n, dim }, 200, 5), /index 200 is outside 0\.\.199/);
  assert.throws(() => nearestNeighbours({ vectors, n, dim }, 0, 0), /k must be a positive integer/);
  assert.throws(() => nearestNeighbours({ vectors, n: n + 1, dim }, 0, 1), /2000 values for n \* dim = 201 \* 10/);
});
