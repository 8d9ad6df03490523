/**
 * Conv2DBackpropInput (the input gradient of conv2d, also conv2dTranspose's forward). The stock
 * wasm kernel is a naive loop, ~10x slower than the forward conv.
 *
 * On wasm with the project's SIMD kernels: one direct gather from dy (../wasm/simd/assembly/
 * conv2dBackpropInput.ts), every stride and padding, with no dilated or padded copies.
 * Otherwise (and on other backends) as ONE forward convolution, which runs on XNNPACK on wasm:
 *
 * For y = conv2d(x, w, stride s, padding (top, left)):
 *   dx = conv2d(pad(dilate(dy, s)), flip(w)^T, stride 1, 'valid')
 * where dilate inserts s-1 zeros between dy's rows/columns, flip reverses the kh, kw axes and ^T
 * swaps Cin and Cout; the padding puts kh-1-top zero rows above (negative amounts crop instead).
 */
import { tf } from '../../tf';
import {
  asTensor4D,
  checkOutputGradient,
  convGeometry,
  shapeToNHWC,
  toNCHW,
  toNHWC,
  type ConvPad,
} from './convGradGeometry';
import { stridedInputGradient } from './stridedInputGradient';
import { pointerOf, simdPool, zerosOnHeap, type WasmBackendLike } from '../wasm/simd/simdKernels';
import { splitRange, type SimdPool } from '../wasm/simd/simdThreads';
import { winogradApplies, winogradConv } from '../wasm/winogradConv';

/** Inserts s-1 zeros between rows/columns: [B, Ho, Wo, C] -> [B, (Ho-1)*sh+1, (Wo-1)*sw+1, C]. */
function dilateSpatial(dy: tf.Tensor4D, sh: number, sw: number): tf.Tensor4D {
  if (sh === 1 && sw === 1) return dy;
  const [b, ho, wo, c] = dy.shape;
  const d6 = tf.pad(tf.reshape(dy, [b, ho, 1, wo, 1, c]), [
    [0, 0],
    [0, 0],
    [0, sh - 1],
    [0, 0],
    [0, sw - 1],
    [0, 0],
  ]);
  const d = tf.reshape(d6, [b, ho * sh, wo * sw, c]);
  return tf.slice(d, [0, 0, 0, 0], [b, (ho - 1) * sh + 1, (wo - 1) * sw + 1, c]) as tf.Tensor4D;
}

/** Pads (positive) or crops (negative) the two spatial axes. */
function padOrCrop(t: tf.Tensor4D, top: number, bottom: number, left: number, right: number): tf.Tensor4D {
  const [b, h, w, c] = t.shape;
  const cropT = Math.max(0, -top),
    cropB = Math.max(0, -bottom),
    cropL = Math.max(0, -left),
    cropR = Math.max(0, -right);
  let r = t;
  if (cropT || cropB || cropL || cropR)
    r = tf.slice(r, [0, cropT, cropL, 0], [b, h - cropT - cropB, w - cropL - cropR, c]);
  const pT = Math.max(0, top),
    pB = Math.max(0, bottom),
    pL = Math.max(0, left),
    pR = Math.max(0, right);
  if (pT || pB || pL || pR)
    r = tf.pad(r, [
      [0, 0],
      [pT, pB],
      [pL, pR],
      [0, 0],
    ]);
  return r;
}

/**
 * @param dy gradient of the forward output, NHWC [B, Ho, Wo, Cout]
 * @param filter forward filter [kh, kw, Cin, Cout]
 * @param inputShape forward input shape, NHWC [B, H, W, Cin]
 * @returns dx, NHWC [B, H, W, Cin]
 */
export function conv2dInputGradient(
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  inputShape: [number, number, number, number],
  strides: number | [number, number],
  pad: ConvPad,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.Tensor4D {
  return tf.tidy(() => {
    const g = convGeometry(inputShape, filter.shape, strides, pad, dimRoundingMode);
    checkOutputGradient('conv2dInputGradient', dy, g);
    if (g.filterHeight === 1 && g.filterWidth === 1 && !(g.padTop || g.padBottom || g.padLeft || g.padRight)) {
      // 1x1: multiply at the low resolution, then place the result on the stride grid (4x fewer flops at stride 2).
      const [b, ho, wo, cout] = dy.shape;
      const wT = tf.transpose(tf.reshape(filter, [g.inChannels, cout])); // [Cout, Cin]
      const low = tf.reshape(tf.matMul(tf.reshape(dy, [b * ho * wo, cout]), wT), [
        b,
        ho,
        wo,
        g.inChannels,
      ]) as tf.Tensor4D;
      const placed = dilateSpatial(low, g.strideHeight, g.strideWidth);
      return padOrCrop(placed, 0, g.inHeight - placed.shape[1], 0, g.inWidth - placed.shape[2]);
    }
    if (g.strideHeight > 1 || g.strideWidth > 1) return stridedInputGradient(dy, filter, g);
    const d = dilateSpatial(dy, g.strideHeight, g.strideWidth);
    const kh = g.filterHeight,
      kw = g.filterWidth;
    const top = kh - 1 - g.padTop,
      left = kw - 1 - g.padLeft;
    const bottom = g.inHeight + kh - 1 - d.shape[1] - top;
    const right = g.inWidth + kw - 1 - d.shape[2] - left;
    const dp = padOrCrop(d, top, bottom, left, right);
    const wT = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]); // [kh, kw, Cout, Cin]
    return tf.conv2d(dp, wT as tf.Tensor4D, 1, 'valid');
  });
}

/**
 * The direct SIMD gather on the wasm heap, dx rows split over the kernel threads.
 * @param dy [B, Ho, Wo, Cout], filter [kh, kw, Cin, Cout] -> a fresh buffer dx [B, H, W, Cin]
 */
function simdInputGradient(
  backend: WasmBackendLike,
  pool: SimdPool,
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  a: tf.Conv2DBackpropInputAttrs,
): tf.TensorInfo {
  const g = convGeometry(a.inputShape, filter.shape, a.strides, a.pad, a.dimRoundingMode);
  checkOutputGradient('Conv2DBackpropInput', dy, g);
  // Stride 1: dx is the convolution of dy with the flipped filter, Cin and Cout swapped, whose
  // padding is what the forward's leaves over (kh - 1 - top): Winograd when it is 3x3.
  const flipped = [g.filterHeight, g.filterWidth, g.outChannels, g.inChannels];
  if (winogradApplies(flipped, g.strideHeight, g.strideWidth)) {
    const wFlip = tf.tidy(() => tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]));
    try {
      return winogradConv(
        backend,
        pool,
        dy,
        wFlip,
        g.filterHeight - 1 - g.padTop,
        g.filterWidth - 1 - g.padLeft,
        g.inHeight,
        g.inWidth,
        undefined,
        false,
      );
    } finally {
      wFlip.dispose();
    }
  }
  const dx = backend.makeOutput([g.batch, g.inHeight, g.inWidth, g.inChannels], 'float32');
  const rows = g.batch * g.inHeight;
  if (rows === 0 || g.inWidth === 0 || g.inChannels === 0) return dx;
  const wt = tf.transpose(filter, [0, 1, 3, 2]); // [kh, kw, Cout, Cin]: eight input channels contiguous
  const zeros = zerosOnHeap(backend, pool, Math.max(1, g.outChannels));
  try {
    const common = [
      pointerOf(backend, dy),
      g.outHeight,
      g.outWidth,
      g.outChannels,
      pointerOf(backend, wt),
      g.filterHeight,
      g.filterWidth,
      g.strideHeight,
      g.strideWidth,
      g.padTop,
      g.padLeft,
      pointerOf(backend, zeros),
      pointerOf(backend, dx),
      g.inHeight,
      g.inWidth,
      g.inChannels,
    ];
    pool.run(
      'conv2dBackpropInput',
      splitRange(rows, pool.threads).map(([n0, n1]) => [...common, n0, n1]),
    );
  } finally {
    wt.dispose();
    backend.disposeData(zeros.dataId);
  }
  return dx;
}

/** Kernel config for `backendName`; NCHW is handled by transposing. */
export function conv2dBackpropInputKernel(backendName: string): tf.KernelConfig {
  return {
    kernelName: tf.Conv2DBackpropInput,
    backendName,
    kernelFunc: ({ inputs, attrs, backend }) => {
      const a = attrs as unknown as tf.Conv2DBackpropInputAttrs;
      const dy = asTensor4D(inputs.dy, 'Conv2DBackpropInput', 'dy');
      const filter = asTensor4D(inputs.filter, 'Conv2DBackpropInput', 'filter');
      const pool =
        a.dataFormat !== 'NCHW' && dy.dtype === 'float32' && filter.dtype === 'float32'
          ? simdPool(backend as unknown as WasmBackendLike)
          : undefined;
      if (pool) return simdInputGradient(backend as unknown as WasmBackendLike, pool, dy, filter, a);
      if (a.dataFormat === 'NCHW') {
        return tf.tidy(() =>
          toNCHW(
            conv2dInputGradient(toNHWC(dy), filter, shapeToNHWC(a.inputShape), a.strides, a.pad, a.dimRoundingMode),
          ),
        );
      }
      return conv2dInputGradient(dy, filter, a.inputShape, a.strides, a.pad, a.dimRoundingMode);
    },
  };
}
