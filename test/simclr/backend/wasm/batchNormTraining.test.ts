/**
 * Batch norm's training pass as one SIMD op (backend/wasm/batchNormTraining.ts, used by
 * models/batchNormalization.ts) on wasm against the stock tfjs-layers layer on the cpu backend:
 * output, moving statistics and gradients (x, gamma, beta) on NHWC and [B, D] inputs, through a
 * layer followed by ReLU as in the models; the tensor count stays flat.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../../src/simclr/tf';
import { registerTrainingKernels, restoreStockKernels } from '../../../../src/simclr/backend/kernelRegistry';
import { batchNormTrainingAvailable } from '../../../../src/simclr/backend/wasm/batchNormTraining';
import { batchNormalization } from '../../../../src/simclr/models/batchNormalization';
import { relMaxError, runOn } from '../helpers';

const shapes = [
  [6, 5, 7, 8],
  [3, 28, 28, 32],
  [40, 12],
];

/** A layer with non-trivial gamma/beta/moving stats: y, moving mean/var after one step, dx, dgamma, dbeta. */
function trainStep(shape: number[], stock: boolean): tf.Tensor[] {
  const c = shape[shape.length - 1];
  const layer = stock
    ? tf.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-5 })
    : batchNormalization({ momentum: 0.9, epsilon: 1e-5 });
  layer.build(shape);
  layer.setWeights([
    tf.randomUniform([c], 0.5, 1.5, 'float32', 1),
    tf.randomUniform([c], -0.5, 0.5, 'float32', 2),
    tf.randomUniform([c], -0.1, 0.1, 'float32', 3),
    tf.randomUniform([c], 0.9, 1.1, 'float32', 4),
  ]);
  const x = tf.add(tf.mul(tf.randomNormal(shape, 0, 1, 'float32', 5), 3), 2); // off-centre, as activations are
  const w = tf.randomNormal(shape, 0, 1, 'float32', 6);
  const [gamma, beta] = layer.trainableWeights.map((v) => v.read() as tf.Variable);
  const loss = (xx: tf.Tensor): tf.Scalar =>
    tf.sum(tf.mul(tf.relu(layer.apply(xx, { training: true }) as tf.Tensor), w));
  const { value, grads } = tf.variableGrads(() => loss(x), [gamma, beta]);
  const dx = tf.grad(loss)(x);
  const y = layer.apply(x, { training: true }) as tf.Tensor;
  const weights = layer.getWeights().map((t) => t.clone());
  const out = [y, value, dx, grads[gamma.name], grads[beta.name], weights[2], weights[3]];
  for (const v of layer.weights) v.dispose();
  return out;
}

describe('batch norm training pass on SIMD kernels', () => {
  after(() => restoreStockKernels());

  test('output, moving statistics and gradients match the stock layer on cpu', async () => {
    restoreStockKernels();
    const reference: Float32Array[][] = [];
    for (const s of shapes) reference.push(await runOn('cpu', () => trainStep(s, true)));
    registerTrainingKernels('wasm', { batchNormTraining: true });
    for (const [i, s] of shapes.entries()) {
      await tf.setBackend('wasm');
      assert.ok(batchNormTrainingAvailable(tf.zeros(s)), `fast path available for [${s}]`);
      const got = await runOn('wasm', () => trainStep(s, false));
      ['y', 'loss', 'dx', 'dgamma', 'dbeta', 'moving mean', 'moving variance'].forEach((what, j) => {
        const err = relMaxError(reference[i][j], got[j]);
        assert.ok(err < 2e-5, `[${s}] ${what}: relative error ${err.toExponential(2)}`);
      });
    }
  });

  test('without its kernels the layer is the stock one', async () => {
    restoreStockKernels();
    await tf.setBackend('wasm');
    assert.equal(batchNormTrainingAvailable(tf.zeros([2, 4])), false);
    const ref = await runOn('cpu', () => trainStep([4, 6, 6, 8], true));
    const got = await runOn('wasm', () => trainStep([4, 6, 6, 8], false));
    ref.forEach((r, j) => assert.ok(relMaxError(r, got[j]) < 2e-5, `output ${j}`));
  });
});
