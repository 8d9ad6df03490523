/**
 * The direct SIMD Conv2D/FusedConv2D on wasm (simdConv2d.ts, simd/assembly/conv2d.ts) against the
 * cpu backend's stock kernels on seeded random inputs: interior blocks and padded borders, output
 * channel tails, strides, 'valid'/'same'/explicit padding, bias and ReLU, batch-1 calls with fewer
 * rows than threads, and the cases it must leave to XNNPACK (other activations, PReLU).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../../src/simclr/tf';
import { registerTrainingKernels, restoreStockKernels } from '../../../../src/simclr/backend/kernelRegistry';
import { setSimdKernelsEnabled, simdKernelsStatus } from '../../../../src/simclr/backend/wasm/simd/simdKernels';
import { setWinogradEnabled } from '../../../../src/simclr/backend/wasm/winogradConv';
import { relMaxError, runOn } from '../helpers';

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
interface Case {
  x: [number, number, number, number];
  k: [number, number];
  cout: number;
  s: number | [number, number];
  pad: Pad;
  bias?: boolean;
  act?: 'relu' | 'linear' | 'elu' | 'prelu';
}

const cases: Case[] = [
  { x: [2, 28, 28, 1], k: [3, 3], cout: 32, s: 1, pad: 'same', act: 'relu', bias: true },
  { x: [3, 12, 13, 8], k: [3, 3], cout: 16, s: 1, pad: 'same' },
  { x: [2, 9, 11, 6], k: [3, 3], cout: 11, s: 1, pad: 'same', bias: true, act: 'linear' },
  { x: [2, 14, 14, 12], k: [3, 3], cout: 8, s: 2, pad: 'same', bias: true, act: 'relu' },
  { x: [2, 7, 7, 5], k: [1, 1], cout: 12, s: 2, pad: 'same' },
  { x: [1, 10, 9, 4], k: [3, 2], cout: 9, s: [2, 1], pad: 'valid', bias: true, act: 'relu' },
  {
    x: [2, 6, 7, 3],
    k: [3, 3],
    cout: 4,
    s: 2,
    pad: [
      [0, 0],
      [2, 1],
      [0, 3],
      [0, 0],
    ],
  },
  { x: [1, 5, 5, 16], k: [5, 5], cout: 24, s: 1, pad: 'same', bias: true },
  { x: [1, 3, 3, 8], k: [3, 3], cout: 8, s: 1, pad: 'valid' },
  // Winograd F(2x2, 3x3): partial last tiles, tile groups of 1-4, 'valid' and explicit padding.
  { x: [2, 7, 7, 16], k: [3, 3], cout: 16, s: 1, pad: 'same', bias: true, act: 'relu' },
  { x: [1, 11, 9, 8], k: [3, 3], cout: 24, s: 1, pad: 'valid', bias: true, act: 'linear' },
  {
    x: [2, 14, 14, 32],
    k: [3, 3],
    cout: 32,
    s: 1,
    pad: [
      [0, 0],
      [2, 0],
      [0, 1],
      [0, 0],
    ],
  },
  { x: [3, 28, 28, 12], k: [3, 3], cout: 8, s: 1, pad: 'same' },
  { x: [2, 8, 8, 8], k: [3, 3], cout: 8, s: 1, pad: 'same', bias: true, act: 'elu' },
  { x: [2, 8, 8, 8], k: [3, 3], cout: 8, s: 1, pad: 'same', act: 'prelu' },
];
const label = (c: Case) =>
  `x[${c.x}] k${c.k} cout${c.cout} s${c.s} ${typeof c.pad === 'string' ? c.pad : 'explicit'} ${c.act ?? 'plain'}${c.bias ? '+bias' : ''}`;

function conv(c: Case): tf.Tensor[] {
  const x = tf.randomUniform(c.x, -1, 1, 'float32', 21) as tf.Tensor4D;
  const w = tf.randomUniform([...c.k, c.x[3], c.cout], -1, 1, 'float32', 22) as tf.Tensor4D;
  const bias = c.bias ? tf.randomUniform([c.cout], -1, 1, 'float32', 23) : undefined;
  if (!c.act) return [tf.conv2d(x, w, c.s, c.pad)];
  const prelu = c.act === 'prelu' ? tf.fill([c.cout], 0.1) : undefined;
  return [
    tf.fused.conv2d({ x, filter: w, strides: c.s, pad: c.pad, bias, activation: c.act, preluActivationWeights: prelu }),
  ];
}

describe('direct SIMD convolution on wasm vs cpu stock', () => {
  const reference: Float32Array[][] = [];
  before(async () => {
    restoreStockKernels();
    for (const c of cases) reference.push(await runOn('cpu', () => conv(c)));
  });
  after(() => {
    restoreStockKernels();
    setSimdKernelsEnabled(true);
    setWinogradEnabled(true);
  });

  for (const winograd of [true, false])
    test(`every case matches, with the kernel on (${winograd ? 'Winograd for 3x3 stride 1' : 'direct only'})`, async () => {
      setSimdKernelsEnabled(true);
      setWinogradEnabled(winograd);
      registerTrainingKernels('wasm', { directConv: true });
      for (const [i, c] of cases.entries()) {
        const [got] = await runOn('wasm', () => conv(c));
        const err = relMaxError(reference[i][0], got);
        assert.ok(err < 1e-5, `${label(c)}: relative error ${err.toExponential(2)}`);
      }
      assert.match(simdKernelsStatus(), /^on /);
    });

  test('gradients through the fused conv (bias, ReLU) match', async () => {
    const c = cases[3];
    const f = () => {
      const x = tf.randomUniform(c.x, -1, 1, 'float32', 31) as tf.Tensor4D;
      const w = tf.randomUniform([...c.k, c.x[3], c.cout], -1, 1, 'float32', 32) as tf.Tensor4D;
      const b = tf.randomUniform([c.cout], -1, 1, 'float32', 33);
      const loss = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
        tf.sum(
          tf.square(
            tf.fused.conv2d({
              x: xx as tf.Tensor4D,
              filter: ww as tf.Tensor4D,
              bias: bb,
              strides: c.s,
              pad: c.pad,
              activation: 'relu',
            }),
          ),
        );
      return tf.grads(loss)([x, w, b]);
    };
    restoreStockKernels();
    const ref = await runOn('cpu', f);
    registerTrainingKernels('wasm');
    const got = await runOn('wasm', f);
    ['dx', 'dW', 'dbias'].forEach((what, j) =>
      assert.ok(relMaxError(ref[j], got[j]) < 1e-5, `${what}: ${relMaxError(ref[j], got[j]).toExponential(2)}`),
    );
  });
});
