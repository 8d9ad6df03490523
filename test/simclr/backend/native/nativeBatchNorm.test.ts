/**
 * Batch norm's training pass on TensorFlow's FusedBatchNormV3 / FusedBatchNormGradV3
 * (backend/native/nativeBatchNorm.ts, used by models/batchNormalization.ts) against the stock
 * tfjs-layers layer: output, moving statistics and gradients on NHWC and [B, D] inputs against the cpu
 * backend; a seeded SimCLR model's loss after 3 Adam steps against the same model on tensorflow with
 * the stock layer (today's path); the fused kernels really run; tensors and tensor bytes flat over 200
 * training steps. Skipped without a native build (see nativeBackend.test.ts).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../../src/simclr/tf';
import { loadNativeBackend } from '../../../../src/simclr/backend/native/nativeBackend';
import { readCurrentBuild, nativeCacheDir } from '../../../../src/simclr/backend/native/nativeBuild';
import {
  NATIVE_BATCH_NORM_GRAD_KERNEL,
  NATIVE_BATCH_NORM_KERNEL,
  nativeBatchNormTrainingAvailable,
} from '../../../../src/simclr/backend/native/nativeBatchNorm';
import { registerTrainingKernels, restoreStockKernels } from '../../../../src/simclr/backend/kernelRegistry';
import { batchNormalization } from '../../../../src/simclr/models/batchNormalization';
import { createSimclrModel } from '../../../../src/simclr/models/simclrModel';
import { ntXentLoss } from '../../../../src/simclr/losses/ntXent';
import { relMaxError, runOn } from '../helpers';
import { resolve } from 'node:path';

const build = readCurrentBuild(nativeCacheDir(resolve(__dirname, '../../../..')));
const required = process.env.LOOK_TWICE_REQUIRE_NATIVE === '1';
const skip = build.found || required ? false : `no native build (${build.found ? '' : build.reason})`;

const shapes = [
  [6, 5, 7, 8],
  [3, 28, 28, 32],
  [40, 12],
];

/** A layer with non-trivial gamma/beta/moving stats: y, loss, dx, dgamma, dbeta, moving mean/var after the steps. */
function layerStep(shape: number[], stock: boolean): tf.Tensor[] {
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

/** The library's SimCLR model (small ResNet config, batch norm everywhere), seeded, trained with Adam. */
function smallTraining(steps: number, onStep: (loss: number) => void): void {
  const model = createSimclrModel({
    encoder: { kind: 'resnet', stemWidth: 8, widths: [8, 16], strides: [1, 2] },
    inputShape: [12, 12, 1],
    headWidths: [16, 8],
    seed: 3,
  });
  const optimizer = tf.train.adam(0.01);
  const views = tf.randomUniform([8, 12, 12, 1], 0, 1, 'float32', 9) as tf.Tensor4D;
  try {
    for (let s = 0; s < steps; s++) {
      const cost = optimizer.minimize(() => {
        const [z1, z2] = tf.split(model.projectForTraining(views), 2, 0) as [tf.Tensor2D, tf.Tensor2D];
        return ntXentLoss(z1, z2, 0.5);
      }, true)!;
      onStep(cost.dataSync()[0]);
      cost.dispose();
    }
  } finally {
    tf.dispose([views]);
    optimizer.dispose();
    model.dispose();
  }
}

async function lossesOn(backend: string, steps: number): Promise<number[]> {
  await tf.setBackend(backend);
  const losses: number[] = [];
  smallTraining(steps, (l) => losses.push(l));
  return losses;
}

describe('batch norm training pass on TensorFlow FusedBatchNormV3', { skip }, () => {
  after(() => restoreStockKernels());

  test('output, moving statistics and gradients match the stock layer on cpu', async () => {
    assert.ok(loadNativeBackend().ok);
    restoreStockKernels();
    const reference: Float32Array[][] = [];
    for (const s of shapes) reference.push(await runOn('cpu', () => layerStep(s, true)));
    assert.ok(
      registerTrainingKernels('tensorflow').includes('batch norm training pass (TensorFlow FusedBatchNormV3)'),
      'the registry installs it on tensorflow by default',
    );
    for (const [i, s] of shapes.entries()) {
      await tf.setBackend('tensorflow');
      const probe = tf.zeros(s);
      assert.ok(nativeBatchNormTrainingAvailable(probe), `fast path available for [${s}]`);
      probe.dispose();
      const got = await runOn('tensorflow', () => layerStep(s, false));
      // Measured: at most 7e-7 of the largest value (float32 sums against tfjs-cpu's float64 ones).
      ['y', 'loss', 'dx', 'dgamma', 'dbeta', 'moving mean', 'moving variance'].forEach((what, j) => {
        const err = relMaxError(reference[i][j], got[j]);
        assert.ok(err < 1e-5, `[${s}] ${what}: relative error ${err.toExponential(2)}`);
      });
    }
  });

  test("a seeded model's loss after 3 steps equals the stock layer's on tensorflow; the fused kernels run", async () => {
    assert.ok(loadNativeBackend().ok);
    restoreStockKernels();
    registerTrainingKernels('tensorflow', { batchNormTraining: false });
    const stock = await lossesOn('tensorflow', 3);
    registerTrainingKernels('tensorflow', { batchNormTraining: true });
    const fused = await lossesOn('tensorflow', 3);
    assert.ok(stock[2] < stock[0], `the loss decreases: ${stock}`);
    fused.forEach((l, i) =>
      assert.ok(Math.abs(l - stock[i]) <= 1e-5 * Math.abs(stock[i]), `step ${i}: ${l} vs ${stock[i]}`),
    );
    const profile = await tf.profile(() => smallTraining(1, () => {}));
    const names = new Set(profile.kernels.map((k) => k.name));
    assert.ok(names.has(NATIVE_BATCH_NORM_KERNEL) && names.has(NATIVE_BATCH_NORM_GRAD_KERNEL), [...names].join(' '));
    assert.ok(!names.has('FusedBatchNorm'), 'the stock composed batch norm is not used');
  });

  test('tensors and tensor bytes stay flat over 200 training steps', async () => {
    assert.ok(loadNativeBackend().ok);
    registerTrainingKernels('tensorflow');
    await tf.setBackend('tensorflow');
    const before = tf.memory();
    const counts: number[] = [],
      bytes: number[] = [];
    smallTraining(200, () => {
      counts.push(tf.memory().numTensors);
      bytes.push(tf.memory().numBytes);
    });
    assert.equal(new Set(counts.slice(1)).size, 1, `tensor counts vary: ${[...new Set(counts)]}`);
    assert.equal(new Set(bytes.slice(1)).size, 1, `tensor bytes vary: ${[...new Set(bytes)]}`);
    assert.equal(tf.memory().numTensors, before.numTensors, 'everything freed after training');
    assert.equal(tf.memory().numBytes, before.numBytes);
  });
});
