/**
 * The broadcasting FusedBatchNorm gradient (batchNormGradient.ts) against tfjs-core's stock
 * gradient on cpu, for batch statistics from tf.moments (as layers' BN in training) and for fixed
 * statistics, rank 2 and rank 4; also on wasm. (Without scale, tfjs-core cannot differentiate
 * batchNorm at all: the engine fails saving the missing 'scale' input, stock gradient or ours.)
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../../src/simclr/tf';
import { registerBatchNormGradient } from '../../../../src/simclr/backend/gradients/batchNormGradient';
import { restoreStockKernels } from '../../../../src/simclr/backend/kernelRegistry';
import { registerTrainingKernels } from '../../../../src/simclr/backend/kernelRegistry';
import { relMaxError, runOn, weightedSum } from '../helpers';

interface Case {
  shape: number[];
  batchStats: boolean;
}
const cases: Case[] = [
  { shape: [4, 5, 5, 3], batchStats: true },
  { shape: [8, 7, 7, 16], batchStats: true },
  { shape: [3, 4, 6, 2], batchStats: false },
  { shape: [16, 12], batchStats: true },
];

/** Gradients w.r.t. x, gamma, beta of a weighted sum of batchNorm(x). */
function bnGrads(c: Case): tf.Tensor[] {
  const channels = c.shape[c.shape.length - 1];
  const x = tf.randomNormal(c.shape, 0.5, 2, 'float32', 7);
  const gamma = tf.randomNormal([channels], 1, 0.3, 'float32', 8);
  const beta = tf.randomNormal([channels], 0, 0.3, 'float32', 9);
  const axes = c.shape.slice(0, -1).map((_, i) => i);
  const f = (xv: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
    const { mean, variance } = c.batchStats
      ? tf.moments(xv, axes)
      : { mean: tf.linspace(-1, 1, channels), variance: tf.linspace(0.5, 2, channels) };
    return weightedSum(tf.batchNorm(xv, mean, variance, b, g, 1e-3));
  };
  return tf.grads(f)([x, gamma, beta]);
}

describe('broadcasting batch-norm gradient vs tfjs-core stock', () => {
  after(() => restoreStockKernels());

  test('cpu and wasm: dx, dgamma, dbeta equal the stock gradient on cpu', async () => {
    restoreStockKernels();
    const reference: Float32Array[][] = [];
    for (const c of cases) reference.push(await runOn('cpu', () => bnGrads(c)));
    registerBatchNormGradient();
    registerTrainingKernels('wasm', { convFilter: false, convInput: false, batchNorm: true });
    for (const backend of ['cpu', 'wasm']) {
      for (const [i, c] of cases.entries()) {
        const got = await runOn(backend, () => bnGrads(c));
        ['dx', 'dgamma', 'dbeta'].forEach((what, j) => {
          const err = relMaxError(reference[i][j], got[j]);
          assert.ok(err < 2e-5, `${backend} [${c.shape}] stats=${c.batchStats} ${what}: ${err.toExponential(2)}`);
        });
      }
    }
  });

  test('the stock gradient tiles to the full shape and ours does not (why it exists)', async () => {
    await tf.setBackend('cpu');
    const tiles = async () => {
      const x = tf.randomNormal([8, 6, 6, 4], 0, 1, 'float32', 1);
      const profile = await tf.profile(() =>
        tf.tidy(() =>
          tf.grads((v: tf.Tensor) => {
            const { mean, variance } = tf.moments(v, [0, 1, 2]);
            return weightedSum(tf.batchNorm(v, mean, variance, tf.zeros([4]), tf.ones([4]), 1e-3));
          })([x]),
        ),
      );
      x.dispose();
      return profile.kernelNames.filter((k) => k === 'Tile').length;
    };
    restoreStockKernels();
    assert.ok((await tiles()) > 0, 'stock gradient uses Tile');
    registerBatchNormGradient();
    assert.equal(await tiles(), 0);
    restoreStockKernels();
  });
});
