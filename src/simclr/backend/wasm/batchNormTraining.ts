/**
 * Batch normalisation in training mode (Ioffe & Szegedy 2015) as one differentiable op over the
 * channel-last axis, on the project's SIMD kernels (simd/assembly/channelOps.ts) on wasm.
 *
 * tfjs-layers computes it as tf.moments (Mean, Sub, Square, Mean) then tf.batchNorm, and its
 * gradient flows back through every one of those ops: about six full-size passes forward and fifteen
 * backward per layer. Here the forward is three passes (mean, centred squares, y = x*a + c) and the
 * backward two (the sums S1 = sum dy and S2 = sum dy*(x - mean), then dx = dy*A + x*B + C):
 *   rs = 1/sqrt(var + eps), xhat = (x - mean) * rs, y = gamma * xhat + beta
 *   dbeta = S1, dgamma = rs * S2
 *   dx = gamma * rs * (dy - S1/N - xhat * rs * S2/N)
 * with the batch statistics' own dependence on x included, as in tfjs's composed gradient.
 */
import { tf } from '../../tf';
import { pointerOf, simdPool, type WasmBackendLike } from './simd/simdKernels';
import { splitRange, type SimdPool } from './simd/simdThreads';

const MOMENTS = 'LookTwiceChannelMoments';
const GRADIENT_SUMS = 'LookTwiceChannelGradientSums';
const AFFINE = 'LookTwiceChannelAffine';

/** [rows, C] view of a channel-last tensor. */
const rowsOf = (t: tf.TensorInfo) => t.shape.slice(0, -1).reduce((a, b) => a * b, 1);

function poolOf(backend: unknown): { b: WasmBackendLike; pool: SimdPool } {
  const b = backend as WasmBackendLike;
  const pool = simdPool(b);
  if (!pool) throw new Error('batch-norm kernels need the SIMD kernels (see simdKernelsStatus())');
  return { b, pool };
}

function need(inputs: tf.NamedTensorInfoMap, name: string, kernel: string): tf.TensorInfo {
  const t = inputs[name];
  if (!t) throw new Error(`${kernel}: missing input '${name}'`);
  return t;
}

/** Rows [0, n) over the pool's threads, at least ~16k rows a share. */
const rowShares = (pool: SimdPool, n: number) => splitRange(n, Math.min(pool.threads, Math.floor(n / 16384)));

const kernels: tf.KernelConfig[] = [
  {
    // x [..., C] -> mean [C], variance [C] (biased, over all leading axes)
    kernelName: MOMENTS,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const { b, pool } = poolOf(backend);
      const x = need(inputs, 'x', MOMENTS),
        c = x.shape[x.shape.length - 1],
        n = rowsOf(x);
      const mean = b.makeOutput([c], 'float32'),
        variance = b.makeOutput([c], 'float32'),
        scratch = b.makeOutput([c], 'float32');
      try {
        pool.run('columnSums', [[pointerOf(b, x), n, c, pointerOf(b, mean), 1 / n]]);
        pool.run('columnCenteredSquares', [
          [pointerOf(b, x), n, c, pointerOf(b, mean), pointerOf(b, variance), 1 / n, pointerOf(b, scratch)],
        ]);
      } finally {
        b.disposeData(scratch.dataId);
      }
      return [mean, variance];
    },
  },
  {
    // dy, x [..., C], mean [C] -> S1 = sum dy, S2 = sum dy * (x - mean), both [C]
    kernelName: GRADIENT_SUMS,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const { b, pool } = poolOf(backend);
      const [dy, x, mean] = ['dy', 'x', 'mean'].map((k) => need(inputs, k, GRADIENT_SUMS));
      const c = x.shape[x.shape.length - 1],
        n = rowsOf(x);
      const s1 = b.makeOutput([c], 'float32'),
        s2 = b.makeOutput([c], 'float32'),
        scratch = b.makeOutput([2 * c], 'float32');
      try {
        pool.run('columnGradientSums', [
          [
            pointerOf(b, dy),
            pointerOf(b, x),
            n,
            c,
            pointerOf(b, mean),
            pointerOf(b, s1),
            pointerOf(b, s2),
            pointerOf(b, scratch),
          ],
        ]);
      } finally {
        b.disposeData(scratch.dataId);
      }
      return [s1, s2];
    },
  },
  {
    // x [..., C], a, c [C] (and z [..., C], b [C]) -> x*a + c (+ z*b), shape of x
    kernelName: AFFINE,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend }) => {
      const { b, pool } = poolOf(backend);
      const [x, a, c] = ['x', 'a', 'c'].map((k) => need(inputs, k, AFFINE));
      const { z, b: bz } = inputs;
      const cols = x.shape[x.shape.length - 1],
        n = rowsOf(x);
      const y = b.makeOutput([...x.shape], 'float32');
      const common = [
        pointerOf(b, x),
        z ? pointerOf(b, z) : 0,
        cols,
        pointerOf(b, a),
        bz ? pointerOf(b, bz) : 0,
        pointerOf(b, c),
        pointerOf(b, y),
      ];
      pool.run(
        'channelAffine',
        rowShares(pool, n).map(([r0, r1]) => [...common, r0, r1]),
      );
      return y;
    },
  },
];

/** The three wasm kernels this op runs on (kernelRegistry.ts registers them, and removes them again). */
export function batchNormTrainingKernels(): tf.KernelConfig[] {
  return kernels;
}

/**
 * Whether batchNormTraining can run `x` on the active backend: its kernels registered (wasm), the
 * SIMD kernels on, a float32 tensor of rank >= 2 whose channel count is a multiple of 4.
 */
export function batchNormTrainingAvailable(x: tf.Tensor): boolean {
  const backend = tf.getBackend();
  if (!kernels.every((k) => tf.getKernel(k.kernelName, backend)) || x.dtype !== 'float32' || x.rank < 2) return false;
  const c = x.shape[x.rank - 1];
  return c % 4 === 0 && x.size > 0 && simdPool(tf.backend() as unknown as WasmBackendLike) !== undefined;
}

export interface BatchNormTrainingResult {
  /** gamma * (x - mean) / sqrt(variance + epsilon) + beta, shape of x; differentiable in x, gamma, beta. */
  y: tf.Tensor;
  /** Batch mean [C] (a constant, for the moving averages). Not tracked by tf.tidy: the caller disposes it. */
  mean: tf.Tensor1D;
  /** Biased batch variance [C], as tf.moments gives it. The caller disposes it. */
  variance: tf.Tensor1D;
}

/**
 * @param x [..., C] (NHWC activations: statistics over every axis but the last)
 * @param gamma, beta [C]
 */
export function batchNormTraining(
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
): BatchNormTrainingResult {
  let stats: tf.Tensor[] = [];
  // tf.customGrad's typing has the save function among the tensor arguments.
  const op = tf.customGrad(((xIn: tf.Tensor, g: tf.Tensor, bt: tf.Tensor, save: tf.GradSaveFunc) => {
    const [mean, variance] = tf.engine().runKernel(MOMENTS, { x: xIn }) as unknown as tf.Tensor[];
    const rs = tf.rsqrt(tf.add(variance, epsilon));
    const a = tf.mul(g, rs);
    const y = tf.engine().runKernel(AFFINE, { x: xIn, a, c: tf.sub(bt, tf.mul(mean, a)) }) as tf.Tensor;
    stats = [tf.keep(mean), tf.keep(variance)];
    save([xIn, mean, rs, g]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [xs, m, r, gm] = saved;
        const grad = dy as tf.Tensor;
        const n = xs.size / xs.shape[xs.rank - 1];
        const [s1, s2] = tf.engine().runKernel(GRADIENT_SUMS, { dy: grad, x: xs, mean: m }) as unknown as tf.Tensor[];
        const scale = tf.mul(gm, r); // gamma * rs
        const bCoef = tf.mul(tf.mul(tf.mul(scale, tf.square(r)), s2), -1 / n); // -gamma rs^3 S2 / N
        const cCoef = tf.sub(tf.mul(tf.mul(scale, s1), -1 / n), tf.mul(m, bCoef));
        const dx = tf.engine().runKernel(AFFINE, { x: grad, z: xs, a: scale, b: bCoef, c: cCoef }) as tf.Tensor;
        return [dx, tf.mul(s2, r), s1];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  const y = op(x, gamma, beta);
  const [mean, variance] = stats as [tf.Tensor1D, tf.Tensor1D];
  return { y, mean, variance };
}
