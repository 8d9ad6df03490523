/**
 * A broadcasting gradient for FusedBatchNorm (Ioffe & Szegedy 2015), replacing tfjs-core's, which
 * tiles 1/sqrt(var) to the full activation shape (tf.tile: ~19% of a wasm training step) and
 * computes several full-size products per parameter. Same mathematics, fewer full-size passes:
 *   y = (x - mean) * rs * scale + offset,  rs = 1/sqrt(variance + eps)
 *   dx = dy * rs * scale                      (1 full-size multiply, broadcast over channels)
 *   S1 = sum(dy),  S2 = sum(dy * (x - mean))  (per channel; shared by the parameter gradients)
 *   dmean = -rs * scale * S1,  dvariance = -0.5 * rs^3 * scale * S2,  dscale = rs * S2,  doffset = S1
 * It is registered for every backend (tf.registerGradient is global); tfjs-node gains too.
 */
import { tf } from '../../tf';

export const batchNormGradientConfig: tf.GradConfig = {
  kernelName: tf.FusedBatchNorm,
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy, saved, attrs) => {
    const { varianceEpsilon } = attrs as unknown as tf.FusedBatchNormAttrs;
    const [x, mean, variance, scale] = saved;
    const g = dy as tf.Tensor;
    const axes = tf.backend_util.getReductionAxes(mean.shape, x.shape);
    const reduce = (t: tf.Tensor): tf.Tensor => tf.reshape(axes.length > 0 ? tf.sum(t, axes) : t, mean.shape);
    // Computed here, outside the per-input closures: the engine runs each closure in its own tidy.
    const rs = tf.rsqrt(tf.add(variance, varianceEpsilon)); // mean.shape
    const rsScale = scale == null ? rs : tf.mul(rs, scale);
    const s1 = reduce(g);
    const s2 = reduce(tf.mul(g, tf.sub(x, mean)));
    return {
      x: () => tf.mul(g, rsScale),
      mean: () => tf.neg(tf.mul(rsScale, s1)),
      variance: () => tf.mul(tf.mul(tf.mul(tf.square(rs), rsScale), s2), -0.5),
      scale: () => tf.mul(rs, s2),
      offset: () => tf.clone(s1),
    };
  },
};

/** tfjs-core's own gradient, captured when this module loads (before anyone replaces it). */
const stockGradient: tf.GradConfig | undefined = tf.getGradient(tf.FusedBatchNorm);

/** Installs the broadcasting FusedBatchNorm gradient (global, all backends). Idempotent. */
export function registerBatchNormGradient(): void {
  tf.registerGradient(batchNormGradientConfig);
}

/** Puts tfjs-core's gradient back (benchmarks' "before" column, tests' references). */
export function restoreStockBatchNormGradient(): void {
  if (stockGradient) tf.registerGradient(stockGradient);
}
