/**
 * Conv2DBackpropFilter for backends that lack a good one: wasm has none (tensorflow/tfjs#8474),
 * tfjs-cpu's is a scalar loop.
 *
 * On wasm with the project's SIMD kernels (../wasm/simd/assembly/filterGradient.ts), one direct pass reads
 * x and dy where they lie: no padding, transposes or slices, and about twice the speed of the
 * convolution form below on this model. Otherwise, ONE forward convolution, so it runs on XNNPACK:
 *
 * For a forward conv y = conv2d(x, w, stride s), the filter gradient is
 *   dW[i, j, c, o] = sum_{b, p, q} xpad[b, p*s + i, q*s + j, c] * dy[b, p, q, o]
 * which is a 'valid' convolution where the batch axis plays the channel role:
 *   input  xT  = transpose(xpad)  [Cin, Hp, Wp, B]   ("batch" Cin, "channels" B)
 *   filter dyT = transpose(dy)    [Ho, Wo, B, Cout]  (filter taps Ho x Wo, dilation = s)
 *   conv2d(xT, dyT, stride 1, dilation s) -> [Cin, kh, kw, Cout] -> transpose -> [kh, kw, Cin, Cout]
 */
import { tf } from '../../tf';
import {
  asTensor4D,
  checkOutputGradient,
  convGeometry,
  toNHWC,
  type ConvGeometry,
  type ConvPad,
} from './convGradGeometry';
import { pointerOf, simdPool, type WasmBackendLike } from '../wasm/simd/simdKernels';
import { splitRange, type SimdPool } from '../wasm/simd/simdThreads';

/**
 * @param x forward input, NHWC [B, H, W, Cin]
 * @param dy gradient of the forward output, NHWC [B, Ho, Wo, Cout]
 * @param filterShape [kh, kw, Cin, Cout]
 * @returns dW [kh, kw, Cin, Cout]
 */
export function conv2dFilterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  strides: number | [number, number],
  pad: ConvPad,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.Tensor4D {
  return tf.tidy(() => {
    const g = convGeometry(x.shape, filterShape, strides, pad, dimRoundingMode);
    checkOutputGradient('conv2dFilterGradient', dy, g);
    // Stride-1 1x1 only: a strided 1x1 would need wasm's slow StridedSlice; the convolution below is faster there.
    if (
      g.filterHeight === 1 &&
      g.filterWidth === 1 &&
      g.strideHeight === 1 &&
      g.strideWidth === 1 &&
      !(g.padTop || g.padBottom || g.padLeft || g.padRight)
    ) {
      return pointwiseFilterGradient(x, dy);
    }
    let xp: tf.Tensor4D = x;
    if (g.padTop || g.padBottom || g.padLeft || g.padRight) {
      xp = tf.pad(x, [
        [0, 0],
        [g.padTop, g.padBottom],
        [g.padLeft, g.padRight],
        [0, 0],
      ]);
    }
    // Only the rows/columns the forward convolution read (strides may leave a remainder).
    const needH = (g.outHeight - 1) * g.strideHeight + g.filterHeight;
    const needW = (g.outWidth - 1) * g.strideWidth + g.filterWidth;
    if (xp.shape[1] !== needH || xp.shape[2] !== needW) {
      xp = tf.slice(xp, [0, 0, 0, 0], [g.batch, needH, needW, g.inChannels]);
    }
    const xT = tf.transpose(xp, [3, 1, 2, 0]); // [Cin, needH, needW, B]
    const dyT = tf.transpose(dy, [1, 2, 0, 3]); // [Ho, Wo, B, Cout]
    const r = tf.conv2d(xT, dyT, 1, 'valid', 'NHWC', [g.strideHeight, g.strideWidth]); // [Cin, kh, kw, Cout]
    return tf.transpose(r, [1, 2, 0, 3]);
  });
}

/**
 * Stride-1 1x1 convolutions: dW = X^T dY, one matrix product.
 * @param x [B, H, W, Cin], dy [B, H, W, Cout] -> [1, 1, Cin, Cout]
 */
function pointwiseFilterGradient(x: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor4D {
  const [b, ho, wo, cout] = dy.shape,
    cin = x.shape[3];
  const xT = tf.transpose(tf.reshape(x, [b * ho * wo, cin])); // [Cin, N]: no transpose flag keeps matMul on XNNPACK
  return tf.reshape(tf.matMul(xT, tf.reshape(dy, [b * ho * wo, cout])), [1, 1, cin, cout]);
}

/**
 * The direct SIMD kernel on the wasm heap, the batch split over the kernel threads (each sums its
 * images into a dW of its own; the partial sums are then added).
 * @param x [B, H, W, Cin], dy [B, Ho, Wo, Cout] -> a fresh backend buffer dW [kh, kw, Cin, Cout]
 */
function simdFilterGradient(
  backend: WasmBackendLike,
  pool: SimdPool,
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  a: tf.Conv2DBackpropFilterAttrs,
): tf.TensorInfo {
  const g: ConvGeometry = convGeometry(x.shape, a.filterShape, a.strides, a.pad, a.dimRoundingMode);
  checkOutputGradient('Conv2DBackpropFilter', dy, g);
  const shares = splitRange(g.batch, pool.threads);
  const dws = shares.map(() => backend.makeOutput([...a.filterShape], 'float32'));
  const scratch = shares.map(() => backend.makeOutput([...a.filterShape], 'float32'));
  const bytes = 4 * a.filterShape.reduce((p, d) => p * d, 1);
  try {
    pool.run(
      'filterGradient',
      shares.map(([b0, b1], t) => [
        pointerOf(backend, x),
        g.inHeight,
        g.inWidth,
        g.inChannels,
        pointerOf(backend, dy),
        g.outHeight,
        g.outWidth,
        g.outChannels,
        g.filterHeight,
        g.filterWidth,
        g.strideHeight,
        g.strideWidth,
        g.padTop,
        g.padLeft,
        pointerOf(backend, dws[t]),
        pointerOf(backend, scratch[t]),
        b0,
        b1,
      ]),
    );
    for (let t = 1; t < dws.length; t++)
      pool.run('addInto', [[pointerOf(backend, dws[0]), pointerOf(backend, dws[t]), bytes]]);
  } finally {
    for (const t of [...dws.slice(1), ...scratch]) backend.disposeData(t.dataId);
  }
  return dws[0];
}

/** Kernel config for `backendName` ('wasm', 'cpu', ...); NCHW is handled by transposing. */
export function conv2dBackpropFilterKernel(backendName: string): tf.KernelConfig {
  return {
    kernelName: tf.Conv2DBackpropFilter,
    backendName,
    kernelFunc: ({ inputs, attrs, backend }) => {
      const a = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
      const x = asTensor4D(inputs.x, 'Conv2DBackpropFilter', 'x');
      const dy = asTensor4D(inputs.dy, 'Conv2DBackpropFilter', 'dy');
      const pool =
        a.dataFormat !== 'NCHW' && x.dtype === 'float32' && dy.dtype === 'float32' && x.size > 0
          ? simdPool(backend as unknown as WasmBackendLike)
          : undefined;
      if (pool) return simdFilterGradient(backend as unknown as WasmBackendLike, pool, x, dy, a);
      if (a.dataFormat === 'NCHW') {
        return tf.tidy(() =>
          conv2dFilterGradient(toNHWC(x), toNHWC(dy), a.filterShape, a.strides, a.pad, a.dimRoundingMode),
        );
      }
      return conv2dFilterGradient(x, dy, a.filterShape, a.strides, a.pad, a.dimRoundingMode);
    },
  };
}
