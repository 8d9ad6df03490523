import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { uniformity } from '../../../src/simclr/metrics/uniformity';
import { Random } from '../../../src/simclr/random';
import {
  assertNear,
  bothForms,
  loadMetricFixture,
  normalizeRows,
  randomMatrix,
  torchMetrics,
  torchSkip,
} from './metricReference';

/** The paper's definition over pairs i < j, in float64 (log of a mean: fine for the t used here). */
function naiveUniformity(z: number[][], t: number): number {
  const x = normalizeRows(z);
  let sum = 0,
    pairs = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      sum += Math.exp(-t * x[i].reduce((s, v, k) => s + (v - x[j][k]) ** 2, 0));
      pairs++;
    }
  }
  return Math.log(sum / pairs);
}

test('uniformity matches a float64 loop over pairs and PyTorch (torch.pdist, as Wang & Isola), for tensors and FeatureArrays', () => {
  const rng = new Random(46);
  for (const [n, d, t] of [
    [2, 3, 2],
    [16, 8, 2],
    [64, 32, 1],
    [10, 5, 5],
  ]) {
    const z = randomMatrix(rng, n, d);
    assertNear(
      bothForms(z, (x) => uniformity(x, { t })),
      naiveUniformity(z, t),
      1e-5,
      `n=${n} d=${d} t=${t}`,
    );
  }
  for (const c of loadMetricFixture()) {
    assertNear(
      bothForms(c.z1, (x) => uniformity(x, { t: c.t })),
      c.uniformity as number,
      1e-5,
      `torch n=${c.z1.length} t=${c.t}`,
    );
  }
});

test('uniformity analytic values: collapse 0, antipodes -4t, a regular simplex -t (2 + 2/(n-1)), finite for large t', () => {
  for (const t of [1, 2, 10]) {
    assert.ok(
      Math.abs(
        bothForms(
          [
            [1, 2],
            [2, 4],
            [3, 6],
          ],
          (x) => uniformity(x, { t }),
        ),
      ) < 1e-6,
      `collapsed t=${t}`,
    );
    assertNear(
      bothForms(
        [
          [0, 3],
          [0, -1],
        ],
        (x) => uniformity(x, { t }),
      ),
      -4 * t,
      1e-6,
      `antipodes t=${t}`,
    );
  }
  // The n one-hot vectors, centred, are a regular simplex: every pair at squared distance 2 + 2/(n-1).
  for (const n of [3, 5, 10]) {
    const simplex = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, k) => (k === i ? 1 : 0) - 1 / n));
    assertNear(
      bothForms(simplex, (x) => uniformity(x, { t: 2 })),
      -2 * (2 + 2 / (n - 1)),
      1e-5,
      `simplex n=${n}`,
    );
  }
  // exp(-400) underflows float32; log-sum-exp keeps the exact -2t of an orthonormal basis.
  const basis = Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, k) => (k === i ? 1 : 0)));
  assertNear(
    bothForms(basis, (x) => uniformity(x, { t: 200 })),
    -400,
    1e-6,
    'basis at t = 200',
  );
  const z = randomMatrix(new Random(47), 8, 4);
  assert.equal(
    bothForms(z, uniformity),
    bothForms(z, (x) => uniformity(x, { t: 2 })),
    't defaults to 2',
  );
});

test('uniformity rejects bad input with a clear error', () => {
  const before = tf.memory().numTensors;
  const one = tf.zeros([1, 3]),
    a = tf.zeros([3, 3]);
  assert.throws(() => uniformity(one as tf.Tensor2D), /uniformity: z needs at least 2 rows/);
  assert.throws(() => uniformity(a as tf.Tensor2D, { t: -1 }), /uniformity: t must be a positive finite number/);
  tf.dispose([one, a]);
  assert.equal(tf.memory().numTensors, before);
});

test('uniformity matches PyTorch live', { skip: torchSkip }, () => {
  const rng = new Random(48);
  const cases = [
    [3, 4, 2],
    [50, 20, 3],
  ].map(([n, d, t]) => ({ z1: randomMatrix(rng, n, d), z2: randomMatrix(rng, n, d), alpha: 2, t }));
  for (const c of torchMetrics(cases))
    assertNear(
      bothForms(c.z1, (x) => uniformity(x, { t: c.t })),
      c.uniformity as number,
      1e-5,
      `n=${c.z1.length}`,
    );
});
