/**
 * The lean backward pass (leanBackprop.ts): gradients identical to tfjs's own engine.gradients
 * (same arithmetic, same order), lower peak memory, nothing leaked, a caller's dy left alone, and
 * higher-order gradients still working through the stock path.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../../src/simclr/tf';
import { installLeanBackprop, uninstallLeanBackprop } from '../../../../src/simclr/backend/gradients/leanBackprop';
import { weightedSum } from '../helpers';

/** A small conv net with batch norm, a residual add (an input with two consumers) and a dense layer. */
function lossOf(x: tf.Tensor4D, w1: tf.Tensor4D, w2: tf.Tensor4D, dense: tf.Tensor2D): tf.Scalar {
  const bn = (t: tf.Tensor4D) => {
    const { mean, variance } = tf.moments(t, [0, 1, 2]);
    return tf.batchNorm(t, mean, variance, tf.zeros([t.shape[3]]), tf.ones([t.shape[3]]), 1e-3) as tf.Tensor4D;
  };
  const a = tf.relu(bn(tf.conv2d(x, w1, 1, 'same')));
  const b = tf.add(bn(tf.conv2d(a, w2, 1, 'same')), a);
  const pooled = tf.mean(tf.relu(b), [1, 2]) as tf.Tensor2D;
  return weightedSum(tf.matMul(pooled, dense, false, true));
}

async function gradsAndPeak(): Promise<{ values: Float32Array[]; peak: number }> {
  await tf.setBackend('cpu');
  const x = tf.randomNormal([4, 10, 10, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
  const vars = [
    tf.randomNormal([3, 3, 3, 8], 0, 0.3, 'float32', 2),
    tf.randomNormal([3, 3, 8, 8], 0, 0.3, 'float32', 3),
    tf.randomNormal([5, 8], 0, 0.3, 'float32', 4),
  ];
  const before = tf.memory().numTensors;
  let grads: tf.Tensor[] = [];
  const info = await tf.profile(() => {
    grads = tf.grads((w1: tf.Tensor, w2: tf.Tensor, d: tf.Tensor) =>
      lossOf(x, w1 as tf.Tensor4D, w2 as tf.Tensor4D, d as tf.Tensor2D),
    )(vars);
  });
  const values = grads.map((g) => g.dataSync() as Float32Array);
  tf.dispose(grads);
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  tf.dispose([x, ...vars]);
  return { values, peak: info.peakBytes };
}

describe('lean backprop', () => {
  after(() => uninstallLeanBackprop());

  test('bitwise-identical gradients to the stock engine, with a lower peak', async () => {
    uninstallLeanBackprop();
    const stock = await gradsAndPeak();
    assert.ok(installLeanBackprop());
    const lean = await gradsAndPeak();
    stock.values.forEach((v, i) => assert.deepEqual(lean.values[i], v, `gradient ${i}`));
    assert.ok(lean.peak < 0.8 * stock.peak, `peak ${lean.peak} vs stock ${stock.peak}`);
  });

  test("a caller's dy is neither disposed nor changed", async () => {
    installLeanBackprop();
    await tf.setBackend('cpu');
    const x = tf.tensor1d([1, 2, 3]);
    const dy = tf.tensor1d([1, -1, 2]);
    const [dx] = tf.grads((v: tf.Tensor) => tf.mul(tf.clone(v), 2))([x], dy);
    assert.deepEqual(Array.from(dx.dataSync()), [2, -2, 4]);
    assert.equal(dy.isDisposed, false);
    assert.deepEqual(Array.from(dy.dataSync()), [1, -1, 2]);
    tf.dispose([x, dy, dx]);
  });

  test('second-order gradients (stock path inside) still work', async () => {
    installLeanBackprop();
    await tf.setBackend('cpu');
    const x = tf.scalar(3);
    const d2 = tf.grad((v: tf.Tensor) => tf.grad((u: tf.Tensor) => tf.pow(u, 3))(v))(x); // 6x
    assert.equal(d2.dataSync()[0], 18);
    tf.dispose([x, d2]);
  });

  test('optimizer.minimize through a layers model keeps the tensor count flat', async () => {
    installLeanBackprop();
    await tf.setBackend('cpu');
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({
          inputShape: [8, 8, 1],
          filters: 4,
          kernelSize: 3,
          padding: 'same',
          kernelInitializer: tf.initializers.heNormal({ seed: 1 }),
        }),
        tf.layers.batchNormalization(),
        tf.layers.reLU(),
        tf.layers.flatten(),
        tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      ],
    });
    const opt = tf.train.adam(0.01);
    const x = tf.randomUniform([6, 8, 8, 1], 0, 1, 'float32', 3);
    const counts: number[] = [];
    const losses: number[] = [];
    for (let s = 0; s < 4; s++) {
      const cost = opt.minimize(
        () => tf.mean(tf.square(model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar,
        true,
      )!;
      losses.push(cost.dataSync()[0]);
      cost.dispose();
      counts.push(tf.memory().numTensors);
    }
    assert.ok(
      counts.every((c) => c === counts[0]),
      `tensor counts ${counts}`,
    );
    assert.ok(losses[3] < losses[0], `loss decreases: ${losses}`);
    tf.dispose([x]);
    opt.dispose();
    model.dispose();
  });
});
