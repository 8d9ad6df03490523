/**
 * Conv2D and FusedConv2D (bias, ReLU) for wasm on the project's direct SIMD convolution
 * (simd/assembly/conv2d.ts), its rows split over the SIMD threads. XNNPACK's convolution in
 * tfjs-backend-wasm is fast on one thread but gains little from a second one on this model's
 * 28x28 layers; the direct kernel is as fast on one thread and scales with the pool. Every other
 * case (NCHW, dilation, other activations, PReLU weights, broadcast biases, int tensors) goes to
 * the backend's own kernel. 3x3 stride-1 convolutions take the Winograd kernel (winogradConv.ts).
 */
import { tf } from '../../tf';
import { convGeometry, type ConvPad } from '../gradients/convGradGeometry';
import { pointerOf, simdPool, zerosOnHeap, type WasmBackendLike } from './simd/simdKernels';
import { splitRange, type SimdPool } from './simd/simdThreads';
import { winogradApplies, winogradConv } from './winogradConv';

interface ConvAttrs {
  strides: number | [number, number];
  pad: ConvPad;
  dataFormat?: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  activation?: string;
}

const isOne = (d: number | [number, number] | undefined) =>
  d === undefined || (Array.isArray(d) ? d.every((v) => v === 1) : d === 1);

/**
 * y = act(conv2d(x, w) + bias) on the wasm heap.
 * @param x [B, H, W, Cin], w [kh, kw, Cin, Cout], bias [Cout] or none -> a fresh buffer [B, Ho, Wo, Cout]
 */
function runConv(
  backend: WasmBackendLike,
  pool: SimdPool,
  x: tf.TensorInfo,
  w: tf.TensorInfo,
  bias: tf.TensorInfo | undefined,
  relu: boolean,
  a: ConvAttrs,
): tf.TensorInfo {
  const g = convGeometry(x.shape, w.shape, a.strides, a.pad, a.dimRoundingMode);
  if (winogradApplies(w.shape, g.strideHeight, g.strideWidth) && w instanceof tf.Tensor) {
    return winogradConv(backend, pool, x, w, g.padTop, g.padLeft, g.outHeight, g.outWidth, bias, relu);
  }
  const y = backend.makeOutput([g.batch, g.outHeight, g.outWidth, g.outChannels], 'float32');
  const rows = g.batch * g.outHeight;
  if (rows === 0 || g.outWidth === 0 || g.outChannels === 0) return y;
  const zeros = zerosOnHeap(backend, pool, g.inChannels);
  try {
    const common = [
      pointerOf(backend, x),
      g.inHeight,
      g.inWidth,
      g.inChannels,
      pointerOf(backend, w),
      g.filterHeight,
      g.filterWidth,
      g.strideHeight,
      g.strideWidth,
      g.padTop,
      g.padLeft,
      bias ? pointerOf(backend, bias) : 0,
      relu ? 1 : 0,
      pointerOf(backend, zeros),
      pointerOf(backend, y),
      g.outHeight,
      g.outWidth,
      g.outChannels,
    ];
    pool.run(
      'conv2d',
      splitRange(rows, pool.threads).map(([n0, n1]) => [...common, n0, n1]),
    );
  } finally {
    backend.disposeData(zeros.dataId);
  }
  return y;
}

/** The SIMD pool when this call is one the direct kernel handles, else undefined. */
function poolFor(
  backend: unknown,
  x: tf.TensorInfo | undefined,
  w: tf.TensorInfo | undefined,
  a: ConvAttrs,
): SimdPool | undefined {
  if (!x || !w || x.dtype !== 'float32' || w.dtype !== 'float32' || x.shape.length !== 4 || w.shape.length !== 4)
    return undefined;
  if (a.dataFormat === 'NCHW' || !isOne(a.dilations) || x.shape[3] !== w.shape[2]) return undefined;
  return simdPool(backend as WasmBackendLike);
}

export function simdConv2dKernel(stock?: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.Conv2D,
    backendName: 'wasm',
    setupFunc: stock?.setupFunc,
    kernelFunc: (params) => {
      const { x, filter } = params.inputs;
      const a = params.attrs as unknown as ConvAttrs;
      const pool = poolFor(params.backend, x, filter, a);
      if (pool && x && filter)
        return runConv(params.backend as unknown as WasmBackendLike, pool, x, filter, undefined, false, a);
      if (!stock) throw new Error("Conv2D on wasm: this case needs the backend's own kernel");
      return stock.kernelFunc(params);
    },
  };
}

export function simdFusedConv2dKernel(stock?: tf.KernelConfig): tf.KernelConfig {
  return {
    kernelName: tf.FusedConv2D,
    backendName: 'wasm',
    setupFunc: stock?.setupFunc,
    kernelFunc: (params) => {
      const { x, filter, bias, preluActivationWeights } = params.inputs;
      const a = params.attrs as unknown as ConvAttrs;
      const activation = a.activation ?? 'linear';
      const biasOk =
        !bias ||
        (bias.dtype === 'float32' &&
          bias.shape.reduce((p, d) => p * d, 1) === filter?.shape[3] &&
          bias.shape.length <= 1);
      const pool =
        !preluActivationWeights && biasOk && (activation === 'linear' || activation === 'relu')
          ? poolFor(params.backend, x, filter, a)
          : undefined;
      if (pool && x && filter)
        return runConv(params.backend as unknown as WasmBackendLike, pool, x, filter, bias, activation === 'relu', a);
      if (!stock) throw new Error("FusedConv2D on wasm: this case needs the backend's own kernel");
      return stock.kernelFunc(params);
    },
  };
}
