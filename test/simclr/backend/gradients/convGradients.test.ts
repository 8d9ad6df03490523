/**
 * The project's convolution gradient kernels (conv2dBackpropFilter.ts, conv2dBackpropInput.ts) on
 * wasm and cpu against the cpu backend's stock kernels, on seeded random inputs: strides, paddings,
 * kernel sizes, channel counts and batch sizes; forward and both gradients; tensor count unchanged.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../../src/simclr/tf';
import { registerTrainingKernels, restoreStockKernels } from '../../../../src/simclr/backend/kernelRegistry';
import { conv2dFilterGradient } from '../../../../src/simclr/backend/gradients/conv2dBackpropFilter';
import { conv2dInputGradient } from '../../../../src/simclr/backend/gradients/conv2dBackpropInput';
import { setSimdKernelsEnabled, simdKernelsStatus } from '../../../../src/simclr/backend/wasm/simd/simdKernels';
import { setWinogradEnabled } from '../../../../src/simclr/backend/wasm/winogradConv';
import { relMaxError, runOn, weightedSum } from '../helpers';

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
interface Case {
  x: [number, number, number, number];
  k: number;
  cout: number;
  s: number | [number, number];
  pad: Pad;
}

const cases: Case[] = [
  { x: [2, 8, 8, 3], k: 3, cout: 4, s: 1, pad: 'same' },
  { x: [2, 8, 8, 3], k: 3, cout: 4, s: 2, pad: 'same' },
  { x: [3, 9, 7, 2], k: 3, cout: 5, s: 2, pad: 'same' },
  { x: [1, 9, 9, 4], k: 3, cout: 2, s: 1, pad: 'valid' },
  { x: [2, 11, 10, 3], k: 3, cout: 4, s: 2, pad: 'valid' },
  { x: [4, 8, 8, 8], k: 1, cout: 16, s: 1, pad: 'same' },
  { x: [4, 8, 8, 8], k: 1, cout: 16, s: 2, pad: 'same' },
  { x: [2, 7, 7, 3], k: 1, cout: 3, s: 2, pad: 'valid' },
  { x: [2, 10, 10, 2], k: 5, cout: 3, s: 1, pad: 'same' },
  { x: [2, 12, 11, 3], k: 5, cout: 4, s: 2, pad: 'same' },
  { x: [1, 9, 9, 1], k: 5, cout: 2, s: 2, pad: 'valid' },
  { x: [2, 6, 6, 2], k: 3, cout: 3, s: [1, 2], pad: 'same' },
  {
    x: [2, 6, 7, 2],
    k: 3,
    cout: 3,
    s: 2,
    pad: [
      [0, 0],
      [2, 1],
      [0, 3],
      [0, 0],
    ],
  },
  { x: [16, 14, 14, 32], k: 3, cout: 64, s: 2, pad: 'same' },
  // SIMD filter gradient: 4x8 blocks with an input-channel and an output-channel tail, chunks of 2 rows.
  { x: [3, 30, 30, 6], k: 3, cout: 11, s: 1, pad: 'same' },
  { x: [2, 5, 5, 4], k: 3, cout: 8, s: 2, pad: 'valid' },
  { x: [2, 28, 28, 1], k: 3, cout: 32, s: 1, pad: 'same' },
  // Winograd input gradient (3x3 stride 1, Cout a multiple of 4 and Cin of 8): odd sizes, 'valid'.
  { x: [2, 13, 11, 16], k: 3, cout: 12, s: 1, pad: 'same' },
  { x: [1, 9, 10, 8], k: 3, cout: 8, s: 1, pad: 'valid' },
];
const label = (c: Case) => `x[${c.x}] k${c.k} cout${c.cout} s${c.s} ${typeof c.pad === 'string' ? c.pad : 'explicit'}`;

/** Forward output, dx and dW of one conv2d under the weighted-sum loss. */
function convWithGrads(c: Case): tf.Tensor[] {
  const x = tf.randomUniform(c.x, -1, 1, 'float32', 11);
  const w = tf.randomUniform([c.k, c.k, c.x[3], c.cout], -1, 1, 'float32', 12);
  const f = (a: tf.Tensor, b: tf.Tensor) => weightedSum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad));
  const [dx, dw] = tf.grads(f)([x, w]);
  return [tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.s, c.pad), dx, dw];
}

describe('convolution gradient kernels vs cpu stock', () => {
  const reference: Float32Array[][] = [];
  before(async () => {
    restoreStockKernels();
    for (const c of cases) reference.push(await runOn('cpu', () => convWithGrads(c)));
  });
  after(() => {
    restoreStockKernels();
    setSimdKernelsEnabled(true);
    setWinogradEnabled(true);
  });

  const variants = [
    ['wasm', true, true],
    ['wasm', true, false],
    ['wasm', false, false],
    ['cpu', false, false],
  ] as const;
  for (const [backend, simd, winograd] of variants) {
    const what =
      backend === 'wasm' ? (simd ? ` (SIMD kernels${winograd ? ', Winograd' : ', direct only'})` : ' (tfjs ops)') : '';
    test(`${backend}${what}: forward, dx and dW match on every case`, async () => {
      setSimdKernelsEnabled(simd);
      setWinogradEnabled(winograd);
      registerTrainingKernels(backend, { convFilter: true, convInput: true, batchNorm: false });
      for (const [i, c] of cases.entries()) {
        const got = await runOn(backend, () => convWithGrads(c));
        ['forward', 'dx', 'dW'].forEach((what, j) => {
          const err = relMaxError(reference[i][j], got[j]);
          assert.ok(err < 1e-5, `${backend} ${label(c)} ${what}: relative error ${err.toExponential(2)}`);
        });
      }
      restoreStockKernels();
      if (backend === 'wasm') assert.match(simdKernelsStatus(), simd ? /^on / : /^off /);
    });
  }

  test('the exported functions, called directly on wasm, equal the stock gradients for a given dy', async () => {
    const c = cases[9];
    const filterShape: [number, number, number, number] = [c.k, c.k, c.x[3], c.cout];
    const inputs = () => ({
      x: tf.randomUniform(c.x, -1, 1, 'float32', 3) as tf.Tensor4D,
      w: tf.randomUniform(filterShape, -1, 1, 'float32', 5) as tf.Tensor4D,
      dy: tf.randomUniform([c.x[0], 6, 6, c.cout], -1, 1, 'float32', 4) as tf.Tensor4D,
    });
    restoreStockKernels();
    const ref = await runOn('cpu', () => {
      const { x, w, dy } = inputs();
      return tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, 'same'))(
        [x, w],
        dy,
      );
    });
    const got = await runOn('wasm', () => {
      const { x, w, dy } = inputs();
      return [conv2dInputGradient(dy, w, c.x, c.s, 'same'), conv2dFilterGradient(x, dy, filterShape, c.s, 'same')];
    });
    assert.ok(relMaxError(ref[0], got[0]) < 1e-5, 'input gradient');
    assert.ok(relMaxError(ref[1], got[1]) < 1e-5, 'filter gradient');
  });

  test('a dy of the wrong shape is rejected by both gradients with the one check (convGradGeometry)', async () => {
    await tf.setBackend('cpu');
    tf.tidy(() => {
      // Forward: [1, 8, 8, 2] * [3, 3, 2, 3], stride 2, 'same' -> [1, 4, 4, 3]; dy is [1, 5, 5, 3].
      const x = tf.zeros([1, 8, 8, 2]) as tf.Tensor4D,
        w = tf.zeros([3, 3, 2, 3]) as tf.Tensor4D,
        dy = tf.zeros([1, 5, 5, 3]) as tf.Tensor4D;
      const rejected: Array<[string, () => unknown]> = [
        ['conv2dFilterGradient', () => conv2dFilterGradient(x, dy, [3, 3, 2, 3], 2, 'same')],
        ['conv2dInputGradient', () => conv2dInputGradient(dy, w, [1, 8, 8, 2], 2, 'same')],
      ];
      for (const [op, call] of rejected) {
        assert.throws(
          call,
          new RegExp(`^Error: ${op}: dy shape \\[1, 5, 5, 3\\] does not match the forward output \\[1, 4, 4, 3\\]$`),
          op,
        );
      }
    });
  });
});
