import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { clipLoss } from '../../../src/simclr/losses/clip';
import { Random } from '../../../src/simclr/random';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import {
  assertFinite,
  assertNear,
  checkAgainstTorch,
  dot,
  loadFixture,
  logSumExp,
  normalizeRows,
  randomMatrix,
  torchLive,
  torchSkip,
  valueAndGradients,
  type Case,
} from './torchReference';

/** CLIP's figure 3 as float64 loops: both cross-entropies over rows and columns of exp(t) a b^T. */
function naiveClip(a: number[][], b: number[][], t: number): number {
  const [an, bn] = [normalizeRows(a), normalizeRows(b)];
  const n = a.length,
    scale = Math.exp(t);
  const logit = (i: number, j: number) => scale * dot(an[i], bn[j]);
  let aToB = 0,
    bToA = 0;
  for (let i = 0; i < n; i++) {
    aToB += logSumExp(Array.from({ length: n }, (_, j) => logit(i, j))) - logit(i, i);
    bToA += logSumExp(Array.from({ length: n }, (_, j) => logit(j, i))) - logit(i, i);
  }
  return (aToB + bToA) / (2 * n);
}

const lossOf = (a: number[][], b: number[][], t: number) =>
  tf.tidy(() => clipLoss(tf.tensor2d(a), tf.tensor2d(b), t).dataSync()[0]);
const torchLoss = (x: tf.Tensor[]) => clipLoss(x[0] as tf.Tensor2D, x[1] as tf.Tensor2D, x[2] as tf.Scalar);
const INPUTS = ['a', 'b', 'logitScale'];

test('clipLoss matches a naive float64 loop', () => {
  const rng = new Random(2102);
  for (const [n, d, t] of [
    [1, 3, 2.6592],
    [4, 8, 2.6592],
    [16, 32, 4.6052],
    [7, 5, 0],
    [32, 16, -2],
    [9, 4, 8],
  ]) {
    const a = randomMatrix(rng, n, d),
      b = randomMatrix(rng, n, d);
    assertNear(lossOf(a, b, t), naiveClip(a, b, t), 2e-5, `n=${n} d=${d} t=${t}`);
  }
});

test('clipLoss analytic values; symmetric in the modalities; depends on the pairing', () => {
  for (const [n, t] of [
    [2, 0],
    [5, 2.6592],
    [8, Math.log(100)],
    [3, -1],
  ]) {
    const onehot = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, k) => (k === i ? 2 : 0)));
    // Matching rows identical and all pairs orthogonal: log(1 + (n - 1) e^{-exp(t)}) each way.
    assertNear(
      lossOf(onehot, onehot, t),
      Math.log1p((n - 1) * Math.exp(-Math.exp(t))),
      1e-5,
      `orthogonal n=${n} t=${t}`,
    );
    // Every row the same direction: chance, log n.
    const same = Array.from({ length: n }, () => [0.3, -1.2, 2]);
    assertNear(
      lossOf(
        same,
        same.map((r) => r.map((x) => 5 * x)),
        t,
      ),
      Math.log(n),
      1e-5,
      `identical n=${n} t=${t}`,
    );
  }
  assert.equal(lossOf([[1, 2]], [[-3, 0.5]], 3), 0, 'one pair: nothing to contrast with');
  const rng = new Random(12);
  const a = randomMatrix(rng, 6, 10),
    b = randomMatrix(rng, 6, 10);
  assertNear(lossOf(a, b, 2.6592), lossOf(b, a, 2.6592), 1e-6, 'symmetric');
  assert.ok(Math.abs(lossOf(a, b, 2.6592) - lossOf(a, [...b.slice(1), b[0]], 2.6592)) > 1e-3, 'pairing matters');
});

test('clipLoss takes the logit scale as a number, a scalar tensor or a learned variable, with the same value and a gradient', () => {
  const rng = new Random(13);
  const a = randomMatrix(rng, 6, 8),
    b = randomMatrix(rng, 6, 8);
  const before = tf.memory().numTensors;
  const fromNumber = lossOf(a, b, 1.5);
  const fromTensor = tf.tidy(() => clipLoss(tf.tensor2d(a), tf.tensor2d(b), tf.scalar(1.5)).dataSync()[0]);
  assert.equal(fromTensor, fromNumber);
  const initial = tf.scalar(1.5),
    scale = tf.variable(initial);
  const [at, bt] = [tf.tensor2d(a), tf.tensor2d(b)];
  const { value, grads } = tf.variableGrads(() => clipLoss(at, bt, scale), [scale]);
  assertNear(value.dataSync()[0], fromNumber, 1e-6, 'variable');
  // d L / d t by central differences of the float64 reference
  const h = 1e-4,
    numeric = (naiveClip(a, b, 1.5 + h) - naiveClip(a, b, 1.5 - h)) / (2 * h);
  assertNear(grads[scale.name].dataSync()[0], numeric, 1e-3, 'dL/dt');
  tf.dispose([value, grads[scale.name], at, bt, scale, initial]);
  assert.equal(tf.memory().numTensors, before);
});

test('clipLoss has finite values and gradients at large logit scales and for zero rows', () => {
  const rng = new Random(14);
  const a = randomMatrix(rng, 8, 16),
    b = randomMatrix(rng, 8, 16);
  for (const t of [2.6592, Math.log(100), 8, 12]) {
    const { value, grads } = valueAndGradients([a, b, t], torchLoss);
    assertNear(value, naiveClip(a, b, t), 2e-5, `t=${t}`);
    assertFinite([value, ...grads], `t=${t}`);
    const zero = valueAndGradients(
      [
        [
          [0, 0, 0],
          [1, 2, 3],
        ],
        [
          [0, 0, 0],
          [0, 0, 1],
        ],
        t,
      ],
      torchLoss,
    );
    assertFinite([zero.value, ...zero.grads], `zero rows t=${t}`);
  }
});

test('clipLoss rejects bad input with a clear error', () => {
  const before = tf.memory().numTensors;
  const a = tf.zeros([4, 3]) as tf.Tensor2D,
    b = tf.zeros([5, 3]) as tf.Tensor2D,
    v = tf.zeros([2]);
  assert.throws(() => clipLoss(a, b, 1), /clipLoss: a and b must have the same shape/);
  assert.throws(
    () => clipLoss(a, a, v as tf.Scalar),
    /clipLoss: logitScale must be a number or a scalar tensor, got shape \[2\]/,
  );
  assert.throws(() => clipLoss(a, a, Number.POSITIVE_INFINITY), /logitScale must be a finite number/);
  assert.throws(() => clipLoss(a, a, Number.NaN), /logitScale/);
  tf.dispose([a, b, v]);
  assert.equal(tf.memory().numTensors, before);
});

test('clipLoss matches PyTorch on the committed fixture (values and gradients, including d/d logitScale)', () => {
  checkAgainstTorch(loadFixture('clip'), INPUTS, torchLoss);
});

test('clipLoss matches PyTorch live on fresh random inputs', { skip: torchSkip }, () => {
  const rng = new Random(15);
  const cases = [
    [3, 5, 2.6592],
    [20, 12, 4.6052],
    [7, 9, -0.5],
  ].map(([n, d, t]) => ({ a: randomMatrix(rng, n, d), b: randomMatrix(rng, n, d), logitScale: t }));
  checkAgainstTorch(torchLive('clip', cases), INPUTS, torchLoss);
});

// Last: switches the process to wasm, where training runs.
test('clipLoss on wasm matches PyTorch', async () => {
  await initBackend({ backend: 'wasm' });
  assert.equal(tf.getBackend(), 'wasm');
  checkAgainstTorch(loadFixture('clip') as Case[], INPUTS, torchLoss);
});
