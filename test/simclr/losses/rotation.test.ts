import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { rotationLoss } from '../../../src/simclr/losses/rotation';
import { Random } from '../../../src/simclr/random';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import {
  assertFinite,
  assertNear,
  checkAgainstTorch,
  loadFixture,
  logSumExp,
  randomMatrix,
  torchLive,
  torchSkip,
  valueAndGradients,
  type Case,
} from './torchReference';

function naiveRotation(logits: number[][], rotations: number[]): number {
  return logits.reduce((s, row, i) => s + logSumExp(row) - row[rotations[i]], 0) / logits.length;
}

const lossOf = (logits: number[][], rotations: ArrayLike<number>) =>
  tf.tidy(() => rotationLoss(tf.tensor2d(logits), rotations).dataSync()[0]);
const torchLoss = (x: tf.Tensor[], c: Case) => rotationLoss(x[0] as tf.Tensor2D, c.rotations as number[]);

test('rotationLoss matches a naive float64 loop, with labels as numbers or an int32 tensor', () => {
  const rng = new Random(1803);
  for (const n of [1, 4, 32, 100]) {
    const logits = randomMatrix(rng, n, 4, 3),
      rotations = Array.from({ length: n }, () => rng.int(4));
    const expected = naiveRotation(logits, rotations);
    assertNear(lossOf(logits, rotations), expected, 1e-5, `n=${n}`);
    assertNear(lossOf(logits, Int32Array.from(rotations)), expected, 1e-5, `n=${n} Int32Array`);
    const fromTensor = tf.tidy(() => rotationLoss(tf.tensor2d(logits), tf.tensor1d(rotations, 'int32')).dataSync()[0]);
    assertNear(fromTensor, expected, 1e-5, `n=${n} tensor`);
  }
});

test('rotationLoss analytic values', () => {
  assertNear(
    lossOf(
      [
        [0, 0, 0, 0],
        [5, 5, 5, 5],
      ],
      [0, 3],
    ),
    Math.log(4),
    1e-6,
    'uniform scores: log 4',
  );
  // A margin m on the right class: log(1 + 3 e^{-m}); large margins do not lose the loss to log(0).
  for (const m of [1, 10, 50])
    assertNear(lossOf([[0, m, 0, 0]], [1]), Math.log1p(3 * Math.exp(-m)), 1e-6, `margin ${m}`);
  assertNear(lossOf([[0, 1000, 0, 0]], [0]), 1000, 1e-6, 'confidently wrong: the margin');
});

test('rotationLoss has finite gradients for extreme logits and keeps the tensor count', () => {
  for (const logits of [
    [[0, 0, 0, 0]],
    [[1e4, -1e4, 0, 3]],
    [
      [-80, 90, 1, 2],
      [3, 3, 3, 3],
    ],
  ]) {
    const { value, grads } = valueAndGradients([logits], (x) =>
      rotationLoss(
        x[0] as tf.Tensor2D,
        logits.map((_, i) => i % 4),
      ),
    );
    assertFinite([value, ...grads], JSON.stringify(logits));
    // d L / d logits = (softmax - onehot) / n: rows sum to 0
    for (let i = 0; i < logits.length; i++)
      assert.ok(Math.abs(grads.slice(4 * i, 4 * i + 4).reduce((s, g) => s + g, 0)) < 1e-6);
  }
});

test('rotationLoss rejects bad input with a clear error', () => {
  const before = tf.memory().numTensors;
  const logits = tf.zeros([3, 4]) as tf.Tensor2D,
    wide = tf.zeros([3, 5]) as tf.Tensor2D,
    floats = tf.tensor1d([0, 1, 2]),
    r2 = tf.zeros([3, 1], 'int32');
  assert.throws(() => rotationLoss(wide, [0, 1, 2]), /rotationLoss: logits must be \[n, 4\]/);
  assert.throws(() => rotationLoss(logits, [0, 1]), /rotationLoss: 2 rotations for 3 rows/);
  assert.throws(() => rotationLoss(logits, [0, 4, 1]), /rotation 1 is 4 \(expected an integer in 0..3\)/);
  assert.throws(() => rotationLoss(logits, [0, 1.5, 1]), /rotation 1 is 1.5/);
  assert.throws(() => rotationLoss(logits, [0, -1, 1]), /rotation 1 is -1/);
  assert.throws(() => rotationLoss(logits, floats as tf.Tensor1D), /rotations must be a 1-D int32 tensor/);
  assert.throws(() => rotationLoss(logits, r2 as unknown as tf.Tensor1D), /rotations must be a 1-D int32 tensor/);
  tf.dispose([logits, wide, floats, r2]);
  assert.equal(tf.memory().numTensors, before);
});

test('rotationLoss matches PyTorch on the committed fixture', () => {
  checkAgainstTorch(loadFixture('rotation'), ['logits'], torchLoss);
});

test('rotationLoss matches PyTorch live on fresh random inputs', { skip: torchSkip }, () => {
  const rng = new Random(16);
  const cases = [2, 9, 40].map((n) => ({
    logits: randomMatrix(rng, n, 4, 5),
    rotations: Array.from({ length: n }, () => rng.int(4)),
  }));
  checkAgainstTorch(torchLive('rotation', cases), ['logits'], torchLoss);
});

// Last: switches the process to wasm, where training runs.
test('rotationLoss on wasm matches PyTorch', async () => {
  await initBackend({ backend: 'wasm' });
  assert.equal(tf.getBackend(), 'wasm');
  checkAgainstTorch(loadFixture('rotation'), ['logits'], torchLoss);
});
