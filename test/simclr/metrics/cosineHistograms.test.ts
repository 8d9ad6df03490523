import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { cosineHistograms } from '../../../src/simclr/metrics/cosineHistograms';
import { Random } from '../../../src/simclr/random';
import { assertNear, bothFormsPair, dot, normalizeRows, randomMatrix } from './metricReference';

const sum = (a: Uint32Array) => a.reduce((s, v) => s + v, 0);

test('cosineHistograms: counts n positives and n (n - 1) negatives, means match a float64 loop', () => {
  const rng = new Random(52);
  for (const [n, d, bins] of [
    [1, 3, 4],
    [8, 4, 10],
    [64, 16, 40],
  ]) {
    const z1 = randomMatrix(rng, n, d),
      z2 = randomMatrix(rng, n, d);
    const h = bothFormsPair(z1, z2, (a, b) => cosineHistograms(a, b, { bins }));
    assert.equal(h.edges.length, bins + 1);
    assert.equal(h.edges[0], -1);
    assert.equal(h.edges[bins], 1);
    assert.equal(sum(h.positive), n);
    assert.equal(sum(h.negative), n * (n - 1));
    const [x, y] = [normalizeRows(z1), normalizeRows(z2)];
    assertNear(h.positiveMean, x.reduce((s, r, i) => s + dot(r, y[i]), 0) / n, 1e-5, 'positive mean');
    if (n > 1) {
      let negatives = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) negatives += dot(x[i], y[j]);
      assertNear(h.negativeMean, negatives / (n * (n - 1)), 1e-5, 'negative mean');
    } else {
      assert.ok(Number.isNaN(h.negativeMean));
    }
  }
});

test('cosineHistograms puts identical pairs in the last bin, opposite ones in the first, orthogonal negatives in the middle', () => {
  const basis = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, k) => (k === i ? 2 : 0)));
  const same = bothFormsPair(basis, basis, (a, b) => cosineHistograms(a, b, { bins: 4 }));
  assert.deepEqual(Array.from(same.positive), [0, 0, 0, 5]);
  assert.deepEqual(Array.from(same.negative), [0, 0, 20, 0]);
  const opposite = bothFormsPair(
    basis,
    basis.map((r) => r.map((v) => -v)),
    (a, b) => cosineHistograms(a, b, { bins: 4 }),
  );
  assert.deepEqual(Array.from(opposite.positive), [5, 0, 0, 0]);
});

test('cosineHistograms rejects bad input with a clear error', () => {
  const before = tf.memory().numTensors;
  const a = tf.zeros([3, 2]),
    b = tf.zeros([2, 2]);
  assert.throws(
    () => cosineHistograms(a as tf.Tensor2D, b as tf.Tensor2D),
    /cosineHistograms: z1 and z2 must have the same shape/,
  );
  assert.throws(
    () => cosineHistograms(a as tf.Tensor2D, a as tf.Tensor2D, { bins: 0 }),
    /bins must be a positive integer/,
  );
  tf.dispose([a, b]);
  assert.equal(tf.memory().numTensors, before);
  const bad = { vectors: Float32Array.from([1, Number.NaN, 0, 1]), n: 2, dim: 2 };
  assert.throws(() => cosineHistograms(bad, bad), /cosineHistograms: the cosine of z1\[0\] and z2\[0\] is NaN/);
});
