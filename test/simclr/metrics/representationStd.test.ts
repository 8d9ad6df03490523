import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { representationStd, isCollapsing } from '../../../src/simclr/metrics/representationStd';
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

/** Unbiased std per column of the normalised rows, averaged over columns, in float64. */
function naiveStd(z: number[][]): number {
  const x = normalizeRows(z),
    n = x.length,
    d = x[0].length;
  let total = 0;
  for (let j = 0; j < d; j++) {
    const mean = x.reduce((s, r) => s + r[j], 0) / n;
    total += Math.sqrt(x.reduce((s, r) => s + (r[j] - mean) ** 2, 0) / (n - 1));
  }
  return total / d;
}

test('representationStd matches a float64 loop and PyTorch (committed fixture), for tensors and FeatureArrays', () => {
  const rng = new Random(41);
  for (const [n, d] of [
    [2, 3],
    [16, 8],
    [200, 32],
    [5, 100],
  ]) {
    const z = randomMatrix(rng, n, d);
    assertNear(bothForms(z, representationStd), naiveStd(z), 1e-5, `n=${n} d=${d}`);
  }
  for (const c of loadMetricFixture())
    assertNear(bothForms(c.z1, representationStd), c.representationStd, 1e-5, `torch n=${c.z1.length}`);
});

test('representationStd: 0 under collapse, 1/sqrt(d) for the basis vectors and for a spread-out batch', () => {
  assert.ok(
    bothForms(
      [
        [1, 2, 3],
        [2, 4, 6],
        [0.5, 1, 1.5],
      ],
      representationStd,
    ) < 1e-6,
    'rows on one ray: collapsed',
  );
  for (const d of [2, 8, 64]) {
    const basis = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, k) => (k === i ? 3 : 0)));
    assertNear(bothForms(basis, representationStd), 1 / Math.sqrt(d), 1e-6, `basis d=${d}`);
    const gaussian = randomMatrix(new Random(d), 4000, d);
    const std = bothForms(gaussian, representationStd);
    assert.ok(Math.abs(std * Math.sqrt(d) - 1) < 0.05, `Gaussian d=${d}: ${std} vs ${1 / Math.sqrt(d)}`);
  }
});

test('isCollapsing flags a collapsed or nearly collapsed batch, not a spread-out or low-rank one', () => {
  const rng = new Random(53);
  const d = 32;
  const spread = randomMatrix(rng, 256, d);
  const direction = randomMatrix(rng, 1, d)[0];
  const cases: [string, number[][], boolean][] = [
    ['spread out', spread, false],
    // outputs on 2 of 32 directions: dimensional collapse, visible in effectiveRank, not complete collapse
    ['two directions', spread.map((r) => r.map((v, k) => (k < 2 ? v : 0))), false],
    ['one vector', spread.map(() => direction), true],
    ['one vector plus 1% noise', spread.map((r) => direction.map((v, k) => v + 0.01 * r[k])), true],
  ];
  for (const [what, z, collapsing] of cases) {
    const std = bothForms(z, representationStd);
    assert.equal(isCollapsing(std, d), collapsing, `${what}: std ${std}, std * sqrt(d) = ${std * Math.sqrt(d)}`);
  }
  assert.throws(() => isCollapsing(0.1, 0), /isCollapsing: dim must be a positive integer/);
});

test('representationStd rejects bad input with a clear error', () => {
  const before = tf.memory().numTensors;
  const one = tf.zeros([1, 4]),
    flat = tf.zeros([4]);
  assert.throws(() => representationStd(one as tf.Tensor2D), /representationStd: z needs at least 2 rows/);
  assert.throws(() => representationStd(flat as tf.Tensor2D), /representationStd: z must be 2-D/);
  assert.throws(
    () => representationStd({ vectors: new Float32Array(5), n: 2, dim: 3 }),
    /representationStd: features.vectors must be a Float32Array of n \* dim/,
  );
  tf.dispose([one, flat]);
  assert.equal(tf.memory().numTensors, before);
});

test('representationStd matches PyTorch live', { skip: torchSkip }, () => {
  const rng = new Random(42);
  const cases = [
    [3, 4],
    [50, 20],
  ].map(([n, d]) => ({ z1: randomMatrix(rng, n, d), z2: randomMatrix(rng, n, d), alpha: 2, t: 2 }));
  for (const c of torchMetrics(cases))
    assertNear(bothForms(c.z1, representationStd), c.representationStd, 1e-5, `n=${c.z1.length}`);
});
