/**
 * The one-pass ReLU gradient (reluGradient.ts + simdReluGrad.ts) on wasm against tfjs-core's
 * dy * step(x) on the cpu backend: odd sizes (SIMD tail), a size split over threads, exact zeros.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../../src/simclr/tf';
import { registerTrainingKernels, restoreStockKernels } from '../../../../src/simclr/backend/kernelRegistry';
import { RELU_GRAD_KERNEL } from '../../../../src/simclr/backend/gradients/reluGradient';
import { runOn } from '../helpers';

const shapes = [[7], [3, 5, 5, 3], [4, 28, 28, 32]];
/** Values with -0 read as 0 (tfjs's product gives -0 where dy < 0 and x <= 0; the select gives 0). */
const plain = (a: Float32Array) => Array.from(a, (v) => v + 0);

function reluGrads(shape: number[]): tf.Tensor[] {
  // Rounded to steps of 0.25 so that some inputs are exactly 0 (gradient 0, as tfjs's step).
  const x = tf.div(tf.round(tf.mul(tf.randomUniform(shape, -1, 1, 'float32', 41), 4)), 4);
  const dy = tf.randomNormal(shape, 0, 1, 'float32', 42);
  return [tf.grad((t: tf.Tensor) => tf.relu(t))(x, dy)];
}

describe('ReLU gradient in one pass', () => {
  after(() => restoreStockKernels());

  test('equals dy * step(x) on every shape, and runs the wasm kernel', async () => {
    restoreStockKernels();
    const reference = [];
    for (const s of shapes) reference.push((await runOn('cpu', () => reluGrads(s)))[0]);
    registerTrainingKernels('wasm', { reluGrad: true });
    assert.ok(tf.getKernel(RELU_GRAD_KERNEL, 'wasm'), 'the wasm kernel is registered');
    for (const [i, s] of shapes.entries()) {
      const [got] = await runOn('wasm', () => reluGrads(s));
      assert.deepEqual(plain(got), plain(reference[i]), `shape [${s}]`);
    }
    restoreStockKernels();
    assert.equal(tf.getKernel(RELU_GRAD_KERNEL, 'wasm'), undefined, 'restoring removes it again');
    const [stock] = await runOn('wasm', () => reluGrads(shapes[1]));
    assert.deepEqual(plain(stock), plain(reference[1]), "without the kernel the gradient is tfjs-core's formula");
  });
});
