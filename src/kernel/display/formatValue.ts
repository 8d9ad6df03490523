/**
 * How `display(value)` and a cell's last value look: strings as text, numbers and other primitives
 * as the REPL prints them, tensors as shape, dtype and (truncated) values, image tensors and
 * ImageData-like objects as PNG, plain objects and arrays as JSON with a text fallback.
 */
import { inspect } from 'node:util';
import type { DisplayOutput } from '../../protocol/outputs';
import { tf } from '../../simclr/tf';
import { isImageTensor, pixelsToPng, tensorPixels, toBytes, type Pixels } from './images';
import { isDisplayOutput, jsonItem, output, plainItem, pngItem } from './mimeBundle';

/** Tensors with more values than this are shown by tf's truncated printout of a slice. */
const MAX_TENSOR_VALUES = 1000;

export interface FormatOptions {
  /** A cell's value (strings quoted, as a REPL shows them) rather than an explicit display(). */
  asResult?: boolean;
}

export function formatValue(value: unknown, options: FormatOptions = {}): DisplayOutput {
  if (isDisplayOutput(value)) return value;
  if (typeof value === 'string') return output([plainItem(options.asResult ? inspect(value) : value)]);
  if (value instanceof tf.Tensor) return formatTensor(value);
  const image = imageDataLike(value);
  if (image) return output([pngItem(pixelsToPng(image)), plainItem(`image ${image.width}x${image.height}x${image.channels}`)]);
  const text = plainItem(inspect(value, { depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100 }));
  if (isJsonShaped(value)) return output([jsonItem('application/json', value), text]);
  return output([text]);
}

export function formatTensor(tensor: tf.Tensor): DisplayOutput {
  if (tensor.isDisposed) return output([plainItem(`Tensor (disposed) ${tensor.dtype} [${tensor.shape.join(', ')}]`)]);
  const header = `Tensor ${tensor.dtype} [${tensor.shape.join(', ')}]`;
  const body = tensor.size <= MAX_TENSOR_VALUES ? tensor.toString() : `${tensor.toString().split('\n').slice(0, 40).join('\n')}\n  … (${tensor.size} values)`;
  const text = plainItem(`${header}\n${body.replace(/^Tensor\n?/, '')}`);
  if (isImageTensor(tensor)) return output([pngItem(pixelsToPng(tensorPixels(tensor))), text]);
  return output([text]);
}

/** { data, width, height } with 1, 3 or 4 values per pixel (canvas ImageData has 4). */
function imageDataLike(value: unknown): Pixels | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { data, width, height } = value as { data?: unknown; width?: unknown; height?: unknown };
  if (typeof width !== 'number' || typeof height !== 'number' || !ArrayBuffer.isView(data)) return undefined;
  const values = data as unknown as ArrayLike<number>;
  const channels = values.length / (width * height);
  if (channels !== 1 && channels !== 3 && channels !== 4) return undefined;
  return { data: toBytes(values), width, height, channels };
}

/** Plain objects and arrays (not class instances, typed arrays or functions) go out as JSON too. */
function isJsonShaped(value: unknown): boolean {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
