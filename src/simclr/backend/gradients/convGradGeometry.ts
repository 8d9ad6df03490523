/**
 * Shared geometry for the convolution gradient kernels (conv2dBackpropFilter.ts,
 * conv2dBackpropInput.ts): the forward convolution's padding and output size as tfjs computes them
 * (backend_util.computeConv2DInfo, so 'same'/'valid'/explicit padding and dimRoundingMode agree with
 * the forward op), and helpers that accept a kernel's TensorInfo inputs as the Tensors they are.
 */
import { tf } from '../../tf';

/** Padding and sizes of a forward NHWC conv2d with dilation 1 (the only case tfjs differentiates). */
export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
}

export type ConvPad = tf.Conv2DBackpropFilterAttrs['pad'];

/**
 * @param xShape NHWC input shape [B, H, W, Cin]
 * @param filterShape [kh, kw, Cin, Cout]
 */
export function convGeometry(
  xShape: readonly number[],
  filterShape: readonly number[],
  strides: number | [number, number],
  pad: ConvPad,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): ConvGeometry {
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padBottom: info.padInfo.bottom,
    padLeft: info.padInfo.left,
    padRight: info.padInfo.right,
  };
}

/**
 * Throws unless `dy` has the forward output's shape [B, Ho, Wo, Cout] that `g` describes: the one shape
 * check of both gradients (their functions and their registered kernels).
 */
export function checkOutputGradient(op: string, dy: tf.Tensor4D, g: ConvGeometry): void {
  if (dy.shape[1] !== g.outHeight || dy.shape[2] !== g.outWidth || dy.shape[3] !== g.outChannels) {
    throw new Error(
      `${op}: dy shape [${dy.shape.join(', ')}] does not match the forward output ` +
        `[${g.batch}, ${g.outHeight}, ${g.outWidth}, ${g.outChannels}]`,
    );
  }
}

/**
 * A kernel receives TensorInfos that the engine made from Tensors. Use them as Tensors directly:
 * wrapping them again (engine().makeTensorFromTensorInfo) adds references that leak.
 */
export function asTensor4D(info: tf.TensorInfo | undefined, kernel: string, name: string): tf.Tensor4D {
  if (!(info instanceof tf.Tensor) || info.rank !== 4) {
    throw new Error(
      `${kernel}: input '${name}' must be a rank-4 Tensor, got ${info ? `shape [${info.shape.join(', ')}]` : 'nothing'}`,
    );
  }
  return info as tf.Tensor4D;
}

/** NCHW <-> NHWC, so the kernels can be written once for NHWC (tfjs layers' default). */
export const toNHWC = (t: tf.Tensor4D): tf.Tensor4D => tf.transpose(t, [0, 2, 3, 1]);
export const toNCHW = (t: tf.Tensor4D): tf.Tensor4D => tf.transpose(t, [0, 3, 1, 2]);
export const shapeToNHWC = (s: readonly number[]): [number, number, number, number] => [s[0], s[2], s[3], s[1]];
