/**
 * Batch normalisation in training mode (Ioffe & Szegedy 2015) on tfjs-node as TensorFlow's own fused
 * ops: `FusedBatchNormV3` (is_training) forward and `FusedBatchNormGradV3` backward, one kernel each.
 *
 * tfjs-layers computes the training pass as tf.moments (Mean, Sub, Square, Mean) and tf.batchNorm, and
 * differentiates through every piece: on tfjs-node a batch-norm layer of a training step was ~20 small
 * eager ops, each a dispatch from JavaScript (`npm run bench -- --profile --profile-backend node`:
 * Mean/Sum/Square and the element-wise products were ~35% of the step's kernel time). TensorFlow's
 * fused kernels compute the same function with the batch statistics' own dependence on x included:
 *   forward  y = gamma * (x - mean) / sqrt(var + eps) + beta  (mean, biased var over all axes but the last)
 *   backward dx, dgamma, dbeta from dy, x, gamma and the forward's saved statistics (reserve spaces)
 * The forward's outputs: y, batch mean, batch variance (Bessel-corrected, for TensorFlow's running
 * average), reserve_space_1 (mean), reserve_space_2 (biased variance), reserve_space_3 (the backend's
 * workspace, empty on CPU); the gradient takes the three reserve spaces back.
 * ../kernelRegistry.ts registers the two kernels on 'tensorflow' (option batchNormTraining);
 * models/batchNormalization.ts calls nativeBatchNormTraining when they are there.
 */
import { tf } from '../../tf';
import type { BatchNormTrainingResult } from '../wasm/batchNormTraining';

export const NATIVE_BATCH_NORM_KERNEL = 'LookTwiceNativeBatchNormTraining';
export const NATIVE_BATCH_NORM_GRAD_KERNEL = 'LookTwiceNativeBatchNormTrainingGrad';
const FORWARD = NATIVE_BATCH_NORM_KERNEL;
const GRADIENT = NATIVE_BATCH_NORM_GRAD_KERNEL;

/** The part of tfjs-node's backend this file uses. */
interface TensorflowBackend {
  binding: {
    TF_ATTR_TYPE: number;
    TF_ATTR_FLOAT: number;
    TF_ATTR_STRING: number;
    TF_ATTR_BOOL: number;
    TF_FLOAT: number;
  };
  executeMultipleOutputs(
    name: string,
    attrs: Array<{ name: string; type: number; value: unknown }>,
    inputs: tf.TensorInfo[],
    numOutputs: number,
  ): tf.Tensor[];
}

/** The attributes both ops share (float32 data and statistics, NHWC, training mode). */
function commonAttrs(backend: TensorflowBackend, epsilon: number) {
  const b = backend.binding;
  return [
    { name: 'T', type: b.TF_ATTR_TYPE, value: b.TF_FLOAT },
    { name: 'U', type: b.TF_ATTR_TYPE, value: b.TF_FLOAT },
    { name: 'epsilon', type: b.TF_ATTR_FLOAT, value: epsilon },
    { name: 'data_format', type: b.TF_ATTR_STRING, value: 'NHWC' },
    { name: 'is_training', type: b.TF_ATTR_BOOL, value: true },
  ];
}

const kernels: tf.KernelConfig[] = [
  {
    // x [N, H, W, C], scale, offset [C] -> y, mean [C], biased variance [C], reserve_space_3
    kernelName: FORWARD,
    backendName: 'tensorflow',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, scale, offset } = inputs as Record<string, tf.TensorInfo>;
      const tfBackend = backend as unknown as TensorflowBackend;
      const epsilon = (attrs as { epsilon: number }).epsilon;
      // No running statistics in: with exponential_avg_factor 1 the op ignores them (empty tensors).
      const empty = tf.tensor1d([], 'float32');
      const opAttrs = [
        ...commonAttrs(tfBackend, epsilon),
        { name: 'exponential_avg_factor', type: tfBackend.binding.TF_ATTR_FLOAT, value: 1 },
      ];
      const [y, batchMean, besselVariance, mean, variance, workspace] = tfBackend.executeMultipleOutputs(
        'FusedBatchNormV3',
        opAttrs,
        [x, scale, offset, empty, empty],
        6,
      );
      tf.dispose([empty, batchMean, besselVariance]);
      return [y, mean, variance, workspace];
    },
  },
  {
    // dy, x [N, H, W, C], scale [C], the forward's mean, variance, workspace -> dx, dscale, doffset
    kernelName: GRADIENT,
    backendName: 'tensorflow',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { dy, x, scale, mean, variance, workspace } = inputs as Record<string, tf.TensorInfo>;
      const tfBackend = backend as unknown as TensorflowBackend;
      const epsilon = (attrs as { epsilon: number }).epsilon;
      const [dx, dscale, doffset, unused4, unused5] = tfBackend.executeMultipleOutputs(
        'FusedBatchNormGradV3',
        commonAttrs(tfBackend, epsilon),
        [dy, x, scale, mean, variance, workspace],
        5,
      );
      tf.dispose([unused4, unused5]);
      return [dx, dscale, doffset];
    },
  },
];

/** The two 'tensorflow' kernels this op runs on (kernelRegistry.ts registers them, and removes them again). */
export function nativeBatchNormKernels(): tf.KernelConfig[] {
  return kernels;
}

/** Whether nativeBatchNormTraining can run `x` now: tensorflow active with the kernels, float32, rank >= 2. */
export function nativeBatchNormTrainingAvailable(x: tf.Tensor): boolean {
  const backend = tf.getBackend();
  return (
    backend === 'tensorflow' &&
    kernels.every((k) => tf.getKernel(k.kernelName, backend)) &&
    x.dtype === 'float32' &&
    x.rank >= 2 &&
    x.size > 0
  );
}

/**
 * @param x [..., C] (NHWC activations, or [B, C] features: statistics over every axis but the last)
 * @param gamma, beta [C]
 */
export function nativeBatchNormTraining(
  x: tf.Tensor,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
): BatchNormTrainingResult {
  const c = x.shape[x.rank - 1];
  // FusedBatchNormV3 takes 4-D NHWC; any [..., C] is the same computation as [rows, 1, 1, C].
  const as4d = (t: tf.Tensor) => (t.rank === 4 ? t : tf.reshape(t, [-1, 1, 1, c]));
  let stats: tf.Tensor[] = [];
  // tf.customGrad's typing has the save function among the tensor arguments.
  const op = tf.customGrad(((xIn: tf.Tensor, g: tf.Tensor, bt: tf.Tensor, save: tf.GradSaveFunc) => {
    const x4 = as4d(xIn);
    const [y4, mean, variance, workspace] = tf
      .engine()
      .runKernel(FORWARD, { x: x4, scale: g, offset: bt }, { epsilon }) as unknown as tf.Tensor[];
    stats = [tf.keep(mean), tf.keep(variance)];
    save([x4, g, mean, variance, workspace]);
    return {
      value: tf.reshape(y4, xIn.shape),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const [xs, gm, m, v, w] = saved;
        const [dx, dgamma, dbeta] = tf
          .engine()
          .runKernel(
            GRADIENT,
            { dy: as4d(dy as tf.Tensor), x: xs, scale: gm, mean: m, variance: v, workspace: w },
            { epsilon },
          ) as unknown as tf.Tensor[];
        return [tf.reshape(dx, xIn.shape), dgamma, dbeta];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  const y = op(x, gamma, beta);
  const [mean, variance] = stats as [tf.Tensor1D, tf.Tensor1D];
  return { y, mean, variance };
}
