import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import {
  barlowTwinsLoss,
  BARLOW_TWINS_VARIANCE_EPSILON,
  type BarlowTwinsOptions,
} from '../../../src/simclr/losses/barlowTwins';
import { Random } from '../../../src/simclr/random';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import {
  assertFinite,
  assertNear,
  checkAgainstTorch,
  loadFixture,
  randomMatrix,
  torchLive,
  torchSkip,
  valueAndGradients,
  type Case,
} from './torchReference';

/** Eq. 1 in float64 with the documented normalisation (biased or unbiased variance + 1e-5, C / N). */
function naiveBarlow(z1: number[][], z2: number[][], lambda = 5e-3, unbiased = false): number {
  const n = z1.length,
    d = z1[0].length;
  const standardise = (z: number[][]) => {
    const out = z.map((r) => [...r]);
    for (let j = 0; j < d; j++) {
      const mean = z.reduce((s, r) => s + r[j], 0) / n;
      const variance = z.reduce((s, r) => s + (r[j] - mean) ** 2, 0) / (unbiased ? n - 1 : n);
      for (let i = 0; i < n; i++) out[i][j] = (z[i][j] - mean) / Math.sqrt(variance + BARLOW_TWINS_VARIANCE_EPSILON);
    }
    return out;
  };
  const [a, b] = [standardise(z1), standardise(z2)];
  let loss = 0;
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const c = a.reduce((s, row, k) => s + row[i] * b[k][j], 0) / n;
      loss += i === j ? (1 - c) ** 2 : lambda * c * c;
    }
  }
  return loss;
}

const lossOf = (z1: number[][], z2: number[][], options?: BarlowTwinsOptions) =>
  tf.tidy(() => barlowTwinsLoss(tf.tensor2d(z1), tf.tensor2d(z2), options).dataSync()[0]);
const torchLoss = (x: tf.Tensor[], c: Case) =>
  barlowTwinsLoss(x[0] as tf.Tensor2D, x[1] as tf.Tensor2D, {
    lambda: c.lambda as number,
    unbiasedStd: c.unbiasedStd as boolean,
  });

test('barlowTwinsLoss matches a naive float64 loop (both normalisations)', () => {
  const rng = new Random(2103);
  for (const [n, d, lambda] of [
    [2, 3, 5e-3],
    [8, 4, 5e-3],
    [32, 16, 0.0051],
    [64, 8, 1],
    [5, 20, 0.1],
  ]) {
    const z1 = randomMatrix(rng, n, d),
      z2 = randomMatrix(rng, n, d).map((r, i) => r.map((x, j) => x + z1[i][j]));
    for (const unbiasedStd of [false, true]) {
      assertNear(
        lossOf(z1, z2, { lambda, unbiasedStd }),
        naiveBarlow(z1, z2, lambda, unbiasedStd),
        2e-5,
        `n=${n} d=${d} lambda=${lambda} unbiased=${unbiasedStd}`,
      );
    }
  }
});

test('barlowTwinsLoss analytic values', () => {
  // Zero-mean, unit-variance, uncorrelated columns: C = I / (1 + eps) for identical views, -I for opposite.
  const z = [
    [1, 1],
    [-1, 1],
    [1, -1],
    [-1, -1],
  ];
  const shrink = 1 / (1 + BARLOW_TWINS_VARIANCE_EPSILON);
  assertNear(lossOf(z, z), 2 * (1 - shrink) ** 2, 1e-6, 'identical, decorrelated: ~0');
  assert.ok(lossOf(z, z) < 1e-9);
  assertNear(
    lossOf(
      z,
      z.map((r) => r.map((x) => -x)),
    ),
    2 * (1 + shrink) ** 2,
    1e-5,
    'opposite: 4 per dimension',
  );
  // The paper's algorithm 1 (unbiased std, C / N) puts (N - 1) / N on the diagonal even for identical views.
  const unbiasedDiagonal = 1 / (4 / 3 + BARLOW_TWINS_VARIANCE_EPSILON);
  assertNear(lossOf(z, z, { unbiasedStd: true }), 2 * (1 - unbiasedDiagonal) ** 2, 1e-6, 'algorithm 1: 2 (1/4)^2');
  // Two identical (redundant) columns: C = all ones, so only the off-diagonal term counts.
  const redundant = [
    [1, 1],
    [-1, -1],
    [2, 2],
    [-2, -2],
  ];
  for (const lambda of [5e-3, 0.5, 2])
    assertNear(lossOf(redundant, redundant, { lambda }), 2 * lambda, 1e-5, `redundant lambda=${lambda}`);
  // Collapse: a constant batch standardises to 0, so C = 0 and the loss is D (finite, not NaN).
  assertNear(
    lossOf(
      [
        [3, 1, 2],
        [3, 1, 2],
        [3, 1, 2],
      ],
      z.slice(0, 3).map((r) => [...r, 0.5]),
      {},
    ),
    3,
    1e-6,
    'collapsed view',
  );
});

test('barlowTwinsLoss is symmetric and invariant to per-column affine maps of each view', () => {
  const rng = new Random(9);
  const z1 = randomMatrix(rng, 16, 6),
    z2 = randomMatrix(rng, 16, 6);
  const base = lossOf(z1, z2);
  assertNear(lossOf(z2, z1), base, 1e-5, 'symmetric');
  const affine = z1.map((r) => r.map((x, j) => (j + 1) * 3 * x - 5 * j));
  assertNear(lossOf(affine, z2), base, 1e-4, 'affine columns');
  assert.ok(Math.abs(lossOf(z1, [...z2.slice(1), z2[0]]) - base) > 1e-3, 'pairing matters');
  assert.ok(lossOf(z1, z2, { lambda: 1 }) > lossOf(z1, z2, { lambda: 0 }), 'lambda weights the off-diagonal');
});

test('barlowTwinsLoss has finite gradients, also for a collapsed batch, and keeps the tensor count', () => {
  const rng = new Random(10);
  for (const [what, z1, z2] of [
    ['random', randomMatrix(rng, 8, 16), randomMatrix(rng, 8, 16)],
    [
      'identical',
      [
        [1, 2],
        [3, 4],
        [5, 7],
      ],
      [
        [1, 2],
        [3, 4],
        [5, 7],
      ],
    ],
    [
      'constant',
      [
        [1, 2],
        [1, 2],
      ],
      [
        [0, 0],
        [0, 0],
      ],
    ],
  ] as [string, number[][], number[][]][]) {
    for (const unbiasedStd of [false, true]) {
      const { value, grads } = valueAndGradients([z1, z2], (x) =>
        barlowTwinsLoss(x[0] as tf.Tensor2D, x[1] as tf.Tensor2D, { unbiasedStd }),
      );
      assertFinite([value, ...grads], `${what} unbiased=${unbiasedStd}`);
    }
  }
});

test('barlowTwinsLoss rejects bad input with a clear error', () => {
  const before = tf.memory().numTensors;
  const a = tf.zeros([4, 3]) as tf.Tensor2D,
    b = tf.zeros([4, 2]) as tf.Tensor2D,
    one = tf.zeros([1, 3]) as tf.Tensor2D;
  assert.throws(() => barlowTwinsLoss(a, b), /barlowTwinsLoss: z1 and z2 must have the same shape/);
  assert.throws(() => barlowTwinsLoss(one, one), /barlowTwinsLoss: z1 needs at least 2 row/);
  assert.throws(() => barlowTwinsLoss(a, a, { lambda: -1 }), /lambda must be a finite number >= 0/);
  assert.throws(() => barlowTwinsLoss(a, a, { lambda: Number.NaN }), /lambda/);
  tf.dispose([a, b, one]);
  assert.equal(tf.memory().numTensors, before);
});

const fixture = loadFixture('barlow');
// Algorithm 1 has no epsilon: the unbiased cases agree to ~eps / variance.
const official = fixture.filter((c) => !c.unbiasedStd),
  algorithm1 = fixture.filter((c) => c.unbiasedStd);

test("barlowTwinsLoss matches PyTorch: the reference code (BatchNorm1d) and the paper's algorithm 1", () => {
  assert.ok(official.length >= 4 && algorithm1.length >= 2);
  checkAgainstTorch(official, ['z1', 'z2'], torchLoss);
  checkAgainstTorch(algorithm1, ['z1', 'z2'], torchLoss, { loss: 1e-4, grad: 1e-3 });
});

test('barlowTwinsLoss matches PyTorch live on fresh random inputs', { skip: torchSkip }, () => {
  const rng = new Random(31);
  const cases = [
    [3, 5, 5e-3, false],
    [24, 12, 0.0051, false],
    [10, 4, 0.3, true],
  ].map(([n, d, lambda, unbiasedStd]) => {
    const z1 = randomMatrix(rng, n as number, d as number);
    return { z1, z2: z1.map((r) => r.map((x) => Math.fround(x + rng.normal()))), lambda, unbiasedStd };
  });
  const results = torchLive('barlow', cases);
  checkAgainstTorch(results.slice(0, 2), ['z1', 'z2'], torchLoss);
  checkAgainstTorch(results.slice(2), ['z1', 'z2'], torchLoss, { loss: 1e-4, grad: 1e-3 });
});

// Last: switches the process to wasm, where training runs.
test('barlowTwinsLoss on wasm matches PyTorch', async () => {
  await initBackend({ backend: 'wasm' });
  assert.equal(tf.getBackend(), 'wasm');
  checkAgainstTorch(official, ['z1', 'z2'], torchLoss);
});
