/**
 * Images to PNG: a tensor [h, w, c] / [h, w] (floats in [0, 1] or ints 0-255), a pixel array with
 * its shape, or an ImageData-like { data, width, height }; and several images tiled into one grid.
 */
import { MAX_TILE_SIZE } from '../../protocol/payloadLimits';
import { tf } from '../../simclr/tf';
import { encodePng } from '../../simclr/data/imageCodec';

export interface Pixels {
  /** Row-major [height, width, channels], bytes 0-255 (2: gray and alpha). */
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/** Largest image side the kernel encodes (bigger images are refused with a clear error). */
export const MAX_SIDE = MAX_TILE_SIZE;

export function isImageTensor(value: unknown): value is tf.Tensor {
  if (!(value instanceof tf.Tensor) || value.isDisposed) return false;
  const [h, w, c] = value.shape;
  if (value.rank === 3) return h >= 8 && w >= 8 && (c === 1 || c === 3 || c === 4) && h <= MAX_SIDE && w <= MAX_SIDE;
  return false;
}

/** Pixels of an image tensor; floats are taken as [0, 1] when max <= 1, else as 0-255. */
export function tensorPixels(tensor: tf.Tensor): Pixels {
  if (tensor.rank !== 2 && tensor.rank !== 3)
    throw new RangeError(`an image tensor must be [h, w] or [h, w, c], got shape [${tensor.shape.join(', ')}]`);
  const [height, width, c = 1] = tensor.shape;
  if (c !== 1 && c !== 3 && c !== 4) throw new RangeError(`an image tensor needs 1, 3 or 4 channels, got ${c}`);
  const values = tensor.dataSync();
  return { data: toBytes(values), width, height, channels: c };
}

/** Bytes from 0-255 values, or from [0, 1] floats when every value is at most 1. */
export function toBytes(values: ArrayLike<number>): Uint8Array {
  if (values instanceof Uint8Array) return values;
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  const scale = max <= 1 ? 255 : 1;
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.round(Math.min(255, Math.max(0, values[i] * scale)));
  return out;
}

export function pixelsToPng(pixels: Pixels): Uint8Array {
  return encodePng(pixels.data, pixels.width, pixels.height, pixels.channels);
}

/**
 * Tiles equally sized images row by row into one image with `gap` transparent pixels between: with
 * a gap the result has an alpha channel (gray+alpha for gray tiles, else RGBA; tiles opaque), so the
 * gaps take the background they are shown on (a dark editor theme, GitHub's white page) instead of
 * white bars; without a gap it keeps `channels`.
 * @param tiles each [height, width, channels] bytes
 */
export function tileGrid(
  tiles: Uint8Array[],
  rows: number,
  cols: number,
  height: number,
  width: number,
  channels: 1 | 3 | 4,
  gap = 2,
): Pixels {
  const outC = gap > 0 ? withAlpha(channels) : channels;
  const outW = cols * width + (cols - 1) * gap;
  const outH = rows * height + (rows - 1) * gap;
  // Zero bytes: transparent black around and between the tiles.
  const data = new Uint8Array(outW * outH * outC);
  tiles.forEach((tile, index) => {
    const r = Math.floor(index / cols);
    const col = index % cols;
    if (r >= rows) return;
    const rgba = outC === channels ? tile : addAlpha(tile, width * height, channels);
    for (let y = 0; y < height; y++) {
      const from = y * width * outC;
      const to = ((r * (height + gap) + y) * outW + col * (width + gap)) * outC;
      data.set(rgba.subarray(from, from + width * outC), to);
    }
  });
  return { data, width: outW, height: outH, channels: outC };
}

const withAlpha = (channels: 1 | 3 | 4): 2 | 4 => (channels === 1 ? 2 : 4);

/** Gray or RGB bytes of `count` pixels with an opaque alpha channel (gray+alpha, RGBA); RGBA as it is. */
export function addAlpha(pixels: Uint8Array, count: number, channels: 1 | 3 | 4): Uint8Array {
  if (channels === 4) return pixels;
  const out = new Uint8Array(count * (channels + 1));
  for (let i = 0; i < count; i++) {
    for (let k = 0; k < channels; k++) out[i * (channels + 1) + k] = pixels[i * channels + k];
    out[i * (channels + 1) + channels] = 255;
  }
  return out;
}
