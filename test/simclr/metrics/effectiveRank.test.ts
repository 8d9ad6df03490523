import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { effectiveRank } from '../../../src/simclr/metrics/effectiveRank';
import { singularValues } from '../../../src/simclr/metrics/singularValues';
import { Random } from '../../../src/simclr/random';
import {
  assertNear,
  bothForms,
  featureArray,
  loadMetricFixture,
  randomMatrix,
  torchMetrics,
  torchSkip,
} from './metricReference';

/** Roy & Vetterli's definition from a given spectrum, in float64. */
function erankOf(spectrum: number[]): number {
  const total = spectrum.reduce((s, v) => s + v, 0);
  return Math.exp(-spectrum.filter((s) => s > 0).reduce((h, s) => h + (s / total) * Math.log(s / total), 0));
}

test('singularValues and effectiveRank match PyTorch (torch.linalg.svdvals of the centred batch), also for n < d', () => {
  const cases = loadMetricFixture();
  assert.ok(
    cases.some((c) => c.z1.length < c.z1[0].length),
    'a wide case',
  );
  for (const c of cases) {
    const what = `n=${c.z1.length} d=${c.z1[0].length}`;
    const spectrum = Array.from(bothForms(c.z1, (z) => singularValues(z)));
    assert.equal(spectrum.length, Math.min(c.z1.length, c.z1[0].length), what);
    const scale = c.singularValues[0];
    spectrum.forEach((s, k) =>
      assert.ok(Math.abs(s - c.singularValues[k]) <= 1e-9 * scale, `${what} s[${k}]: ${s} vs ${c.singularValues[k]}`),
    );
    assertNear(bothForms(c.z1, effectiveRank), c.effectiveRank, 1e-6, what);
  }
});

test('effectiveRank analytic values', () => {
  // Centred columns orthogonal with equal norms: k equal singular values, erank k.
  const cross = [
    [1, 0],
    [-1, 0],
    [0, 1],
    [0, -1],
  ];
  assertNear(bothForms(cross, effectiveRank), 2, 1e-9, 'two equal directions');
  assertNear(
    bothForms(
      cross.map(([a, b]) => [a, 2 * b]),
      effectiveRank,
    ),
    erankOf([2 * Math.SQRT2, Math.SQRT2]),
    1e-9,
    'spectrum 2:1',
  );
  for (const d of [3, 8, 32]) {
    // The d + 1 one-hot vectors of R^(d+1), centred, are a regular simplex spanning d dimensions equally.
    const simplex = Array.from({ length: d + 1 }, (_, i) => Array.from({ length: d + 1 }, (_, k) => (k === i ? 1 : 0)));
    assertNear(bothForms(simplex, effectiveRank), d, 1e-9, `regular simplex: rank d=${d}`);
  }
  // Points on a line (not through the origin): rank 1 after centring.
  assertNear(
    bothForms(
      [
        [1, 2, 3],
        [2, 3, 4],
        [5, 6, 7],
        [-1, 0, 1],
      ],
      effectiveRank,
    ),
    1,
    1e-6,
    'line',
  );
  // Collapse: every row the same vector. No spectrum: 0, even with rounding in the mean (0.1 is not exact).
  assert.equal(
    bothForms(
      Array.from({ length: 7 }, () => [0.1, 0.2, 0.7]),
      effectiveRank,
    ),
    0,
  );
  assert.equal(
    bothForms(
      [
        [0, 0],
        [0, 0],
      ],
      effectiveRank,
    ),
    0,
  );
  // Without centring the constant batch has rank 1.
  assertNear(
    bothForms(
      [
        [0.1, 0.2],
        [0.1, 0.2],
      ],
      (z) => effectiveRank(z, { center: false }),
    ),
    1,
    1e-9,
    'uncentred',
  );
  // A spread-out Gaussian batch uses nearly all directions.
  const spread = bothForms(randomMatrix(new Random(49), 2000, 16), effectiveRank);
  assert.ok(spread > 15 && spread <= 16, `Gaussian 2000 x 16: ${spread}`);
});

test('effectiveRank falls as the batch collapses dimension by dimension', () => {
  const z = randomMatrix(new Random(50), 256, 16);
  let previous = Infinity;
  for (const kept of [16, 8, 4, 2, 1]) {
    const squeezed = z.map((r) => r.map((v, k) => (k < kept ? v : 0)));
    const erank = bothForms(squeezed, effectiveRank);
    assert.ok(erank < previous && erank <= kept + 1e-9 && erank > 0.8 * kept, `${kept} live dimensions: ${erank}`);
    previous = erank;
  }
});

test('effectiveRank and singularValues reject bad input with a clear error', () => {
  const flat = tf.zeros([3]);
  assert.throws(() => effectiveRank(flat as tf.Tensor2D), /effectiveRank: z must be 2-D/);
  flat.dispose();
  assert.throws(
    () =>
      effectiveRank(
        featureArray([
          [1, Number.NaN],
          [0, 1],
        ]),
      ),
    /effectiveRank: z\[0, 1\] is NaN/,
  );
  assert.throws(
    () => singularValues({ vectors: new Float32Array(0), n: 0, dim: 3 }),
    /singularValues: z needs at least 1 rows/,
  );
});

test('effectiveRank matches PyTorch live', { skip: torchSkip }, () => {
  const rng = new Random(51);
  const cases = [
    [3, 4],
    [50, 20],
    [20, 50],
  ].map(([n, d]) => ({ z1: randomMatrix(rng, n, d), z2: randomMatrix(rng, n, d), alpha: 2, t: 2 }));
  for (const c of torchMetrics(cases))
    assertNear(bothForms(c.z1, effectiveRank), c.effectiveRank, 1e-6, `n=${c.z1.length} d=${c.z1[0].length}`);
});
