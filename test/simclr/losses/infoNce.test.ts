import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { infoNceLoss } from '../../../src/simclr/losses/infoNce';
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

/** MoCo's eq. 1 as a float64 loop over queries. */
function naiveInfoNce(query: number[][], key: number[][], negatives: number[][], t: number): number {
  const [q, k, neg] = [normalizeRows(query), normalizeRows(key), normalizeRows(negatives)];
  let total = 0;
  q.forEach((qi, i) => {
    const positive = dot(qi, k[i]) / t;
    total += logSumExp([positive, ...neg.map((nj) => dot(qi, nj) / t)]) - positive;
  });
  return total / q.length;
}

const lossOf = (q: number[][], k: number[][], neg: number[][], t: number) =>
  tf.tidy(() => infoNceLoss(tf.tensor2d(q), tf.tensor2d(k), tf.tensor2d(neg), t).dataSync()[0]);

const torchLoss = (x: tf.Tensor[], c: Case) =>
  infoNceLoss(x[0] as tf.Tensor2D, x[1] as tf.Tensor2D, x[2] as tf.Tensor2D, c.temperature as number);
const INPUTS = ['query', 'positiveKey', 'negatives'];

test('infoNceLoss matches a naive float64 loop', () => {
  const rng = new Random(17);
  for (const [n, k, d, t] of [
    [1, 1, 2, 0.2],
    [4, 16, 8, 0.2],
    [8, 64, 16, 0.07],
    [3, 5, 4, 1.5],
    [16, 128, 32, 0.02],
  ]) {
    const q = randomMatrix(rng, n, d),
      key = randomMatrix(rng, n, d),
      neg = randomMatrix(rng, k, d);
    assertNear(lossOf(q, key, neg, t), naiveInfoNce(q, key, neg, t), 1e-5, `n=${n} k=${k} d=${d} T=${t}`);
  }
});

test('infoNceLoss analytic values', () => {
  for (const [k, t] of [
    [1, 0.2],
    [7, 0.07],
    [100, 1],
    [31, 0.5],
  ]) {
    // Query = key, every negative orthogonal to it: log(1 + k e^{-1/T}).
    const q = [
        [2, 0, 0],
        [0, -3, 0],
      ],
      negatives = Array.from({ length: k }, (_, j) => [0, 0, j % 2 ? 1 : -0.5]);
    assertNear(lossOf(q, q, negatives, t), Math.log1p(k * Math.exp(-1 / t)), 1e-5, `orthogonal k=${k} T=${t}`);
    // Everything the same direction: the positive is one of 1 + k equal logits.
    const v = [[0.3, -1.2, 2]];
    assertNear(
      lossOf(
        v,
        [[0.6, -2.4, 4]],
        Array.from({ length: k }, () => [3, -12, 20]),
        t,
      ),
      Math.log(1 + k),
      1e-5,
      `identical k=${k} T=${t}`,
    );
    // One query, every negative opposite it: log(1 + k e^{-2/T}).
    assertNear(
      lossOf(
        [[1, 2]],
        [[1, 2]],
        Array.from({ length: k }, () => [-1, -2]),
        t,
      ),
      Math.log1p(k * Math.exp(-2 / t)),
      1e-5,
      `opposite k=${k} T=${t}`,
    );
  }
  const q = [
    [1, 0],
    [0, 1],
  ];
  assertNear(
    lossOf(
      q,
      q,
      [
        [-1, 0],
        [0, -1],
      ].slice(0, 1),
      0.5,
    ),
    (Math.log1p(Math.exp(-4)) + Math.log1p(Math.exp(-2))) / 2,
    1e-6,
    'one opposite, one orthogonal',
  );
});

test('infoNceLoss is invariant to positive row scaling and depends on which key is the positive', () => {
  const rng = new Random(5);
  const q = randomMatrix(rng, 6, 10),
    k = randomMatrix(rng, 6, 10),
    neg = randomMatrix(rng, 20, 10);
  const base = lossOf(q, k, neg, 0.2);
  assertNear(
    lossOf(
      q.map((r, i) => r.map((x) => x * (i + 0.5))),
      k.map((r) => r.map((x) => 7 * x)),
      neg.map((r) => r.map((x) => 0.01 * x)),
      0.2,
    ),
    base,
    1e-5,
    'scaled rows',
  );
  assert.ok(Math.abs(lossOf(q, [...k.slice(1), k[0]], neg, 0.2) - base) > 1e-3, 'shuffled keys change the loss');
  // The order of the negatives does not matter.
  assertNear(lossOf(q, k, [...neg].reverse(), 0.2), base, 1e-6, 'negatives reversed');
});

test('infoNceLoss has finite values and gradients at small temperatures and for zero rows', () => {
  const rng = new Random(3);
  const q = randomMatrix(rng, 8, 16),
    k = randomMatrix(rng, 8, 16),
    neg = randomMatrix(rng, 32, 16);
  for (const t of [0.5, 0.05, 1e-3, 1e-4]) {
    const { value, grads } = valueAndGradients([q, k, neg], (x) =>
      infoNceLoss(x[0] as tf.Tensor2D, x[1] as tf.Tensor2D, x[2] as tf.Tensor2D, t),
    );
    assertNear(value, naiveInfoNce(q, k, neg, t), 2e-5, `T=${t}`);
    assertFinite([value, ...grads], `T=${t}`);
    const zero = valueAndGradients(
      [
        [
          [0, 0, 0],
          [1, 2, 3],
        ],
        [
          [1, 0, 0],
          [0, 0, 0],
        ],
        [
          [0, 0, 0],
          [3, 2, 1],
        ],
      ],
      (x) => infoNceLoss(x[0] as tf.Tensor2D, x[1] as tf.Tensor2D, x[2] as tf.Tensor2D, t),
    );
    assertFinite([zero.value, ...zero.grads], `zero rows T=${t}`);
  }
});

test('infoNceLoss rejects bad input with a clear error and keeps the tensor count', () => {
  const before = tf.memory().numTensors;
  const a = tf.zeros([4, 3]) as tf.Tensor2D,
    b = tf.zeros([5, 3]) as tf.Tensor2D,
    c = tf.zeros([6, 2]) as tf.Tensor2D,
    v = tf.zeros([3]);
  const empty = tf.zeros([0, 3]) as tf.Tensor2D;
  assert.throws(() => infoNceLoss(a, b, a), /infoNceLoss: query and positiveKey must have the same shape/);
  assert.throws(() => infoNceLoss(a, a, c), /infoNceLoss: negatives must be \[k, 3\]/);
  assert.throws(() => infoNceLoss(a, a, v as tf.Tensor2D), /infoNceLoss: negatives must be a 2-D tensor/);
  assert.throws(() => infoNceLoss(a, a, empty), /negatives needs at least 1 row/);
  assert.throws(() => infoNceLoss(a, a, a, 0), /temperature must be a positive finite number/);
  assert.throws(() => infoNceLoss(a, a, a, Number.NaN), /temperature/);
  tf.dispose([a, b, c, v, empty]);
  assert.equal(tf.memory().numTensors, before);
});

test('infoNceLoss matches PyTorch (MoCo algorithm 1) on the committed fixture', () => {
  checkAgainstTorch(loadFixture('infonce'), INPUTS, torchLoss);
});

test('infoNceLoss matches PyTorch live on fresh random inputs', { skip: torchSkip }, () => {
  const rng = new Random(2024);
  const cases = [
    [3, 7, 5, 0.2],
    [10, 40, 12, 0.07],
    [7, 2, 9, 0.02],
  ].map(([n, k, d, t]) => ({
    query: randomMatrix(rng, n, d),
    positiveKey: randomMatrix(rng, n, d),
    negatives: randomMatrix(rng, k, d),
    temperature: t,
  }));
  checkAgainstTorch(torchLive('infonce', cases), INPUTS, torchLoss);
});

// Last: switches the process to wasm, where training runs.
test('infoNceLoss on wasm matches PyTorch', async () => {
  await initBackend({ backend: 'wasm' });
  assert.equal(tf.getBackend(), 'wasm');
  checkAgainstTorch(loadFixture('infonce'), INPUTS, torchLoss);
});
