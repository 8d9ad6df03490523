import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { alignment } from '../../../src/simclr/metrics/alignment';
import { Random } from '../../../src/simclr/random';
import {
  assertNear,
  bothFormsPair,
  loadMetricFixture,
  normalizeRows,
  randomMatrix,
  torchMetrics,
  torchSkip,
} from './metricReference';

function naiveAlignment(z1: number[][], z2: number[][], alpha: number): number {
  const [x, y] = [normalizeRows(z1), normalizeRows(z2)];
  return x.reduce((s, r, i) => s + Math.sqrt(r.reduce((t, v, k) => t + (v - y[i][k]) ** 2, 0)) ** alpha, 0) / x.length;
}

test("alignment matches a float64 loop and PyTorch (Wang & Isola's code), for tensors and FeatureArrays", () => {
  const rng = new Random(43);
  for (const [n, d, alpha] of [
    [1, 3, 2],
    [16, 8, 2],
    [64, 32, 1],
    [10, 5, 0.5],
    [7, 4, 3],
  ]) {
    const z1 = randomMatrix(rng, n, d),
      z2 = randomMatrix(rng, n, d);
    assertNear(
      bothFormsPair(z1, z2, (a, b) => alignment(a, b, { alpha })),
      naiveAlignment(z1, z2, alpha),
      1e-5,
      `n=${n} d=${d} alpha=${alpha}`,
    );
  }
  for (const c of loadMetricFixture()) {
    assertNear(
      bothFormsPair(c.z1, c.z2, (a, b) => alignment(a, b, { alpha: c.alpha })),
      c.alignment,
      1e-5,
      `torch n=${c.z1.length} alpha=${c.alpha}`,
    );
  }
});

test('alignment analytic values: identical 0, orthogonal sqrt(2)^alpha, opposite 2^alpha; symmetric; scale-free', () => {
  const z = [
    [1, 2, 3],
    [-1, 0, 4],
  ];
  for (const alpha of [2, 1, 0.5]) {
    // float32 normalisation leaves squared distances ~1e-14 between identical rows; the power alpha/2 < 1 magnifies them.
    const identical = bothFormsPair(
      z,
      z.map((r) => r.map((x) => 5 * x)),
      (a, b) => alignment(a, b, { alpha }),
    );
    assert.ok(identical < 1e-12 ** (alpha / 2), `identical alpha=${alpha}: ${identical}`);
    assertNear(
      bothFormsPair(
        [
          [1, 0],
          [0, 3],
        ],
        [
          [0, 2],
          [-1, 0],
        ],
        (a, b) => alignment(a, b, { alpha }),
      ),
      Math.SQRT2 ** alpha,
      1e-6,
      `orthogonal alpha=${alpha}`,
    );
    assertNear(
      bothFormsPair(
        z,
        z.map((r) => r.map((x) => -x)),
        (a, b) => alignment(a, b, { alpha }),
      ),
      2 ** alpha,
      1e-6,
      `opposite alpha=${alpha}`,
    );
  }
  const rng = new Random(44);
  const a = randomMatrix(rng, 6, 5),
    b = randomMatrix(rng, 6, 5);
  assertNear(bothFormsPair(a, b, alignment), bothFormsPair(b, a, alignment), 1e-6, 'symmetric');
  assert.equal(
    bothFormsPair(a, b, alignment),
    bothFormsPair(a, b, (x, y) => alignment(x, y, { alpha: 2 })),
    'alpha defaults to 2',
  );
});

test('alignment rejects bad input with a clear error', () => {
  const before = tf.memory().numTensors;
  const a = tf.zeros([4, 3]),
    b = tf.zeros([4, 2]);
  assert.throws(() => alignment(a as tf.Tensor2D, b as tf.Tensor2D), /alignment: z1 and z2 must have the same shape/);
  assert.throws(
    () => alignment(a as tf.Tensor2D, a as tf.Tensor2D, { alpha: 0 }),
    /alignment: alpha must be a positive finite number/,
  );
  tf.dispose([a, b]);
  assert.equal(tf.memory().numTensors, before);
});

test('alignment matches PyTorch live', { skip: torchSkip }, () => {
  const rng = new Random(45);
  const cases = [
    [3, 4, 2],
    [50, 20, 1.5],
  ].map(([n, d, alpha]) => ({ z1: randomMatrix(rng, n, d), z2: randomMatrix(rng, n, d), alpha, t: 2 }));
  for (const c of torchMetrics(cases))
    assertNear(
      bothFormsPair(c.z1, c.z2, (a, b) => alignment(a, b, { alpha: c.alpha })),
      c.alignment,
      1e-5,
      `n=${c.z1.length}`,
    );
});
