/**
 * The state updates of the methods, checked on hand-computed values: the momentum (EMA) update of a
 * target network, MoCo's queue (overwrite oldest, wrap, fill), InstDisc's memory-bank update, BYOL's
 * momentum schedule, the rotations of RotNet, CPC's patch grid, the stop-gradient, and the float32
 * power behind a bit-identical Adam resume.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { Random } from '../../../src/simclr/random';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import { createSimclrModel } from '../../../src/simclr/models/simclrModel';
import { MomentumTarget } from '../../../src/simclr/methods/momentumTarget';
import { RingQueue } from '../../../src/simclr/methods/ringQueue';
import { overwriteRows } from '../../../src/simclr/methods/overwriteRows';
import { memoryBankUpdate } from '../../../src/simclr/methods/instDisc';
import { byolMomentum } from '../../../src/simclr/methods/byol';
import { quarterTurns } from '../../../src/simclr/methods/rotation';
import { cpcGrid, cutPatches } from '../../../src/simclr/methods/cpc';
import { stopGradient } from '../../../src/simclr/methods/stopGradient';
import { float32Power } from '../../../src/simclr/train/optimizers';

test.before(async () => {
  await initBackend();
});

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-6) =>
  assert.ok(
    a.length === b.length && Array.from(a).every((v, i) => Math.abs(v - b[i]) <= tol),
    `${Array.from(a)} vs ${Array.from(b)}`,
  );

test('momentum target: starts as a copy, then theta_t <- m theta_t + (1 - m) theta_o on trainable weights only', () => {
  const online = createSimclrModel({ encoder: { kind: 'cnn', widths: [8], strides: [2] }, headWidths: [8], seed: 1 });
  const target = new MomentumTarget(online);
  online
    .namedWeights()
    .forEach((w, i) => close(target.network.namedWeights()[i].tensor.dataSync(), w.tensor.dataSync(), 0));
  const before = target.network.trainableVariables().map((v) => Array.from(v.dataSync()));
  const stats = target.network.statisticsVariables().map((v) => Array.from(v.dataSync()));
  // Move the online weights to known values: every trainable weight +1.
  tf.tidy(() => online.trainableVariables().forEach((v) => v.assign(tf.add(v, 1))));
  const count = tf.memory().numTensors;
  target.update(online, 0.9);
  assert.equal(tf.memory().numTensors, count);
  // target = 0.9 t + 0.1 (t + 1) = t + 0.1, as the target started equal to the online weights.
  target.network.trainableVariables().forEach((v, i) =>
    close(
      v.dataSync(),
      before[i].map((x) => x + 0.1),
      1e-5,
    ),
  );
  target.network.statisticsVariables().forEach((v, i) => close(v.dataSync(), stats[i], 0));
  target.update(online, 0.5); // 0.5 (t + 0.1) + 0.5 (t + 1) = t + 0.55
  target.network.trainableVariables().forEach((v, i) =>
    close(
      v.dataSync(),
      before[i].map((x) => x + 0.55),
      1e-5,
    ),
  );
  target.dispose();
  online.dispose();
});

test('MoCo queue: keys overwrite the oldest rows, wrap around the end, and fill counts real keys', () => {
  const queue = new RingQueue('moco-v2', 5, 2, new Random(1));
  const initial = queue.values.arraySync();
  initial.forEach((row) => assert.ok(Math.abs(Math.hypot(...row) - 1) < 1e-5, 'starts as unit vectors'));
  const keys = (start: number, n: number) =>
    tf.tensor2d(Array.from({ length: n }, (_, i) => [start + i, -(start + i)]));
  const k1 = keys(10, 3);
  queue.push(k1);
  assert.deepEqual(queue.values.arraySync().slice(0, 3), [
    [10, -10],
    [11, -11],
    [12, -12],
  ]);
  assert.deepEqual(queue.values.arraySync().slice(3), initial.slice(3));
  assert.equal(queue.fill, 3 / 5);
  assert.equal(queue.next, 3);
  const k2 = keys(20, 3); // rows 3, 4, then wraps to 0
  queue.push(k2);
  assert.deepEqual(queue.values.arraySync(), [
    [22, -22],
    [11, -11],
    [12, -12],
    [20, -20],
    [21, -21],
  ]);
  assert.equal(queue.fill, 1);
  assert.equal(queue.next, 1);
  assert.deepEqual(Array.from(queue.state()[1].tensor.dataSync()), [1, 5]);
  assert.throws(() => queue.push(tf.zeros([6, 2]) as tf.Tensor2D), /keys must be \[n <= 5, 2\]/);
  // Restored from its state: same rows, position and fill.
  const copy = new RingQueue('moco-v2', 5, 2, new Random(2));
  copy.setState(queue.state().map((s) => s.tensor));
  assert.deepEqual(copy.values.arraySync(), queue.values.arraySync());
  assert.equal(copy.next, 1);
  assert.equal(copy.fill, 1);
  assert.throws(
    () => copy.setState([tf.zeros([4, 2]), tf.tensor1d([0, 0], 'int32')]),
    /checkpoint queue must be \[5,2\], got \[4,2\]/,
  );
  tf.dispose([k1, k2]);
  queue.dispose();
  copy.dispose();
});

test('overwriteRows replaces exactly the named rows and checks its input', () => {
  const v = tf.variable(
    tf.tensor2d([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ]),
  );
  const rows = tf.tensor2d([
    [9, 8],
    [7, 6],
  ]);
  overwriteRows(v, [3, 1], rows);
  assert.deepEqual(v.arraySync(), [
    [1, 1],
    [7, 6],
    [3, 3],
    [9, 8],
  ]);
  assert.throws(() => overwriteRows(v, [4, 0], rows), /row 4 is outside \[0, 4\)/);
  assert.throws(() => overwriteRows(v, [0], rows), /values must be \[1, 2\]/);
  tf.dispose([v, rows]);
});

test('InstDisc memory bank: v <- normalise(m v + (1 - m) f)', () => {
  const bank = tf.tensor2d([
    [1, 0],
    [0, 1],
  ]);
  const features = tf.tensor2d([
    [0, 1],
    [0, 1],
  ]);
  const updated = memoryBankUpdate(bank, features, 0.5).arraySync();
  // row 0: (0.5, 0.5) / |.| = (1/sqrt2, 1/sqrt2); row 1: (0, 1) stays
  close(updated[0], [Math.SQRT1_2, Math.SQRT1_2]);
  close(updated[1], [0, 1]);
  const kept = memoryBankUpdate(bank, features, 1).arraySync(); // m = 1 keeps the bank
  close(kept.flat(), [1, 0, 0, 1]);
  tf.dispose([bank, features]);
});

test("BYOL's target momentum goes from tau_base to 1 along a cosine", () => {
  assert.equal(byolMomentum(0.99, 0, 100), 0.99);
  assert.ok(Math.abs(byolMomentum(0.99, 50, 100) - 0.995) < 1e-12);
  assert.ok(Math.abs(byolMomentum(0.996, 100, 100) - 1) < 1e-12);
});

test('quarterTurns: the four rotations of a 2x2 image, rotation-major', () => {
  const image = tf.tensor4d([
    [
      [[1], [2]],
      [[3], [4]],
    ],
    [
      [[5], [6]],
      [[7], [8]],
    ],
  ]); // two images [[1,2],[3,4]], [[5,6],[7,8]]
  const turned = quarterTurns(image).squeeze([3]).arraySync() as number[][][];
  assert.equal(turned.length, 8);
  assert.deepEqual(turned[0], [
    [1, 2],
    [3, 4],
  ]);
  assert.deepEqual(turned[2], [
    [2, 4],
    [1, 3],
  ]); // 90 degrees counter-clockwise
  assert.deepEqual(turned[4], [
    [4, 3],
    [2, 1],
  ]); // 180
  assert.deepEqual(turned[6], [
    [3, 1],
    [4, 2],
  ]); // 270
  assert.deepEqual(turned[3], [
    [6, 8],
    [5, 7],
  ]); // second image, 90 degrees
  image.dispose();
});

test('CPC cuts a 3x3 grid of half-size patches at quarter stride, position-major', () => {
  assert.deepEqual(cpcGrid(28), { patch: 14, stride: 7, rows: 3 });
  assert.deepEqual(cpcGrid(32), { patch: 16, stride: 8, rows: 3 });
  assert.throws(() => cpcGrid(6), /too small/);
  const images = tf.tensor4d(
    Array.from({ length: 2 * 8 * 8 }, (_, i) => i),
    [2, 8, 8, 1],
  );
  const grid = cpcGrid(8);
  const patches = cutPatches(images, grid);
  assert.deepEqual(patches.shape, [18, 4, 4, 1]);
  const values = patches.arraySync() as number[][][][];
  // Block (r, c) = (1, 2) of image 1 starts at row 2, column 4 of image 1: 64 + 2 * 8 + 4 = 84.
  assert.equal(values[(1 * 3 + 2) * 2 + 1][0][0][0], 84);
  assert.equal(values[0][3][3][0], 27); // image 0, patch (0, 0), its last pixel (3, 3)
  tf.dispose([images, patches]);
});

test('stopGradient: identity forward, zero gradient backward', () => {
  const x = tf.tensor1d([1, 2, 3]);
  const [g] = tf.grads((a: tf.Tensor) => tf.sum(tf.add(tf.mul(a, a), stopGradient(tf.mul(a, 5)))))([x]);
  close(g.dataSync(), [2, 4, 6]); // d/da (a^2 + sg(5a)) = 2a
  close(stopGradient(x).dataSync(), [1, 2, 3]);
  tf.dispose([x, g]);
});

test('float32Power multiplies in float32 step by step, as Adam does during a run', () => {
  const direct = tf.tidy(() => {
    let acc = tf.scalar(0.9);
    for (let i = 1; i < 7; i++) acc = tf.mul(acc, 0.9);
    return acc.dataSync()[0];
  });
  assert.equal(float32Power(0.9, 7), direct);
  assert.equal(float32Power(0.999, 1), Math.fround(0.999));
});
