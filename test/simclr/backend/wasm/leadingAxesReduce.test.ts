/**
 * Sum/Mean over leading axes as a matrix product (leadingAxesReduce.ts) on wasm against the cpu
 * backend's stock reductions: leading prefixes (the fast path), inner and mixed axes and int32
 * (the stock fallback), keepDims; tensor count unchanged.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../../src/simclr/tf';
import { registerTrainingKernels, restoreStockKernels } from '../../../../src/simclr/backend/kernelRegistry';
import { setSimdKernelsEnabled, simdKernelsStatus } from '../../../../src/simclr/backend/wasm/simd/simdKernels';
import { relMaxError, runOn } from '../helpers';

interface Case {
  shape: number[];
  axis: number | number[];
  keepDims: boolean;
  dtype?: 'int32';
}
const cases: Case[] = [
  { shape: [6, 5, 5, 8], axis: [0, 1, 2], keepDims: false },
  { shape: [6, 5, 5, 8], axis: [2, 0, 1], keepDims: true },
  { shape: [64, 12], axis: 0, keepDims: false },
  { shape: [4, 3, 7], axis: [0, 1], keepDims: false },
  { shape: [4, 3, 7], axis: [0, 1, 2], keepDims: false },
  { shape: [6, 5, 5, 8], axis: [1, 2], keepDims: false },
  { shape: [6, 5, 5, 8], axis: 3, keepDims: true },
  { shape: [6, 5, 5, 8], axis: [0, 2], keepDims: false },
  { shape: [10, 4], axis: 0, keepDims: false, dtype: 'int32' },
  // SIMD column blocks of 16 and 4 plus a scalar tail, and more rows than one accumulation block.
  { shape: [3, 200, 35], axis: [0, 1], keepDims: false },
  { shape: [700, 2, 2, 5], axis: [0, 1, 2], keepDims: true },
  { shape: [2, 28, 28, 32], axis: [0, 1, 2], keepDims: false },
];

function reductions(c: Case): tf.Tensor[] {
  const x = c.dtype
    ? tf.cast(tf.randomUniform(c.shape, -50, 50, 'float32', 5), 'int32')
    : tf.randomNormal(c.shape, 1, 2, 'float32', 5);
  return [tf.sum(x, c.axis, c.keepDims), tf.mean(x, c.axis, c.keepDims)].map((t) => tf.cast(t, 'float32'));
}

describe('Sum/Mean over leading axes on wasm', () => {
  after(() => {
    restoreStockKernels();
    setSimdKernelsEnabled(true);
  });

  for (const simd of [true, false])
    test(`equal the cpu stock reductions, with the right shapes (${simd ? 'SIMD column sums' : 'XNNPACK product'})`, async () => {
      setSimdKernelsEnabled(simd);
      restoreStockKernels();
      const reference: Float32Array[][] = [];
      for (const c of cases) reference.push(await runOn('cpu', () => reductions(c)));
      registerTrainingKernels('wasm', {
        convFilter: false,
        convInput: false,
        batchNorm: false,
        sharedIdentity: false,
        leanBackprop: false,
        leadingReduce: true,
      });
      for (const [i, c] of cases.entries()) {
        const got = await runOn('wasm', () => reductions(c));
        ['sum', 'mean'].forEach((what, j) => {
          const err = relMaxError(reference[i][j], got[j]);
          assert.ok(err < 1e-5, `[${c.shape}] axis ${JSON.stringify(c.axis)} ${what}: ${err.toExponential(2)}`);
        });
        const shape = tf.tidy(() => reductions(c)[0].shape);
        const expected = await runOn('cpu', () => reductions(c)).then(() => tf.tidy(() => reductions(c)[0].shape));
        assert.deepEqual(shape, expected);
      }
      await runOn('wasm', () => []);
      assert.match(simdKernelsStatus(), simd ? /^on / : /^off /, 'the SIMD kernels are what this case tests');
    });
});
