/**
 * Numerics unchanged by the fast kernels: the library's SimCLR model (a small ResNet config),
 * seeded, trained 6 Adam steps with NT-Xent on wasm with every project kernel and on cpu with the
 * stock kernels, gives the same loss curve to float tolerance; the tensor count stays flat.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import '@tensorflow/tfjs-backend-wasm';
import { tf } from '../../../src/simclr/tf';
import { createSimclrModel } from '../../../src/simclr/models/simclrModel';
import { ntXentLoss } from '../../../src/simclr/losses/ntXent';
import { registerTrainingKernels, restoreStockKernels } from '../../../src/simclr/backend/kernelRegistry';

async function lossCurve(backend: string): Promise<number[]> {
  await tf.setBackend(backend);
  const model = createSimclrModel({
    encoder: { kind: 'resnet', stemWidth: 8, widths: [8, 16], strides: [1, 2] },
    inputShape: [12, 12, 1],
    headWidths: [16, 8],
    seed: 3,
  });
  const optimizer = tf.train.adam(0.01);
  const views = tf.randomUniform([8, 12, 12, 1], 0, 1, 'float32', 9) as tf.Tensor4D;
  const losses: number[] = [],
    counts: number[] = [];
  for (let s = 0; s < 6; s++) {
    const cost = optimizer.minimize(() => {
      const [z1, z2] = tf.split(model.projectForTraining(views), 2, 0) as [tf.Tensor2D, tf.Tensor2D];
      return ntXentLoss(z1, z2, 0.5);
    }, true)!;
    losses.push(cost.dataSync()[0]);
    cost.dispose();
    counts.push(tf.memory().numTensors);
  }
  assert.ok(
    counts.every((c) => c === counts[0]),
    `${backend}: tensor counts ${counts}`,
  );
  views.dispose();
  optimizer.dispose();
  model.dispose();
  return losses;
}

after(() => restoreStockKernels());

test('same loss curve on wasm (project kernels) as on cpu (stock kernels)', async () => {
  restoreStockKernels();
  const reference = await lossCurve('cpu');
  registerTrainingKernels('wasm');
  const fast = await lossCurve('wasm');
  assert.ok(reference[5] < reference[0], `the loss decreases: ${reference}`);
  fast.forEach((l, i) =>
    assert.ok(Math.abs(l - reference[i]) <= 2e-3 * Math.abs(reference[i]), `step ${i}: ${l} vs ${reference[i]}`),
  );
});
