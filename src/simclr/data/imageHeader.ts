/**
 * What a PNG or JPEG says about itself, checked before decoding: the declared size against a
 * pixel budget, and against what the file's bytes could possibly hold, and (PNG) the image data
 * against the exact size the header promises. A 69-byte PNG declaring 20000x20000, or a 2.6 KB JPEG
 * declaring 10000x10000, is refused in microseconds instead of costing gigabytes; a PNG with rows
 * missing is an error instead of an image padded with black.
 *
 * Bounds on what bytes can hold: deflate expands at most 1032:1 (RFC 1951, a 258-byte match per
 * 2 bits, in practice ~1030); a JPEG spends at least one bit per 8x8 block per scan (a DC code, or an
 * end-of-band run), so at most 64 pixels per bit, 512 per byte; 1024 keeps a safety factor of 2.
 */
import { inflateSync } from 'node:zlib';

/** Pixels per image when the caller gives no budget: 64 megapixels (8192 x 8192). */
export const DEFAULT_MAX_PIXELS = 64 * 1024 * 1024;
const DEFLATE_MAX_RATIO = 1032;
const JPEG_MAX_PIXELS_PER_BYTE = 1024;

export interface ImageSize {
  width: number;
  height: number;
}

/** PNG channels per colour type (PNG spec table 11.1). */
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const PNG_DEPTHS: Record<number, number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};
/** Adam7 passes: [x0, y0, dx, dy]. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/** Checks a PNG's header and image data; throws a message (without the file name) on any problem. */
export function checkPng(bytes: Uint8Array, maxPixels: number): ImageSize {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 33 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR')
    throw new Error('no PNG header (IHDR) where it must be');
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const depth = bytes[24];
  const colorType = bytes[25];
  const interlace = bytes[28];
  checkBudget(width, height, maxPixels);
  const channels = PNG_CHANNELS[colorType];
  if (channels === undefined || !PNG_DEPTHS[colorType].includes(depth))
    throw new Error(`invalid colour type ${colorType} with bit depth ${depth}`);
  if (interlace > 1) throw new Error(`unknown interlace method ${interlace}`);
  const bitsPerPixel = channels * depth;
  const rowBytes = (w: number): number => Math.ceil((w * bitsPerPixel) / 8) + 1;
  let expected = 0;
  if (interlace === 0) expected = height * rowBytes(width);
  else {
    for (const [x0, y0, dx, dy] of ADAM7) {
      const w = Math.ceil((width - x0) / dx);
      const h = Math.ceil((height - y0) / dy);
      if (w > 0 && h > 0) expected += h * rowBytes(w);
    }
  }
  const idat: Uint8Array[] = [];
  let compressed = 0;
  for (let at = 8; at + 8 <= bytes.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (at + 12 + length > bytes.length) throw new Error(`chunk ${type} runs past the end of the file`);
    if (type === 'IDAT') {
      idat.push(bytes.subarray(at + 8, at + 8 + length));
      compressed += length;
    }
    if (type === 'IEND') break;
    at += 12 + length;
  }
  if (expected > DEFLATE_MAX_RATIO * compressed + 1024) {
    throw new Error(
      `declares ${width}x${height} (${expected} bytes of image data) but holds ${compressed} compressed bytes, which cannot inflate to that`,
    );
  }
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      throw new Error(`image data longer than the ${expected} bytes ${width}x${height} needs`);
    throw new Error(`image data is corrupt or short (${(error as Error).message}): rows are missing`);
  }
  if (raw.length !== expected)
    throw new Error(
      `image data is short: ${raw.length} of the ${expected} bytes ${width}x${height} needs (rows are missing)`,
    );
  return { width, height };
}

/** Reads a JPEG's frame header (SOFn) and checks its size; throws a message (without the file name). */
export function checkJpeg(bytes: Uint8Array, maxPixels: number): ImageSize {
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw new Error(`no JPEG marker at byte ${at}`);
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (at + 9 > bytes.length) break;
      const height = (bytes[at + 5] << 8) | bytes[at + 6];
      const width = (bytes[at + 7] << 8) | bytes[at + 8];
      if (height === 0) throw new Error('the frame header gives no height (a DNL marker), which is not supported');
      checkBudget(width, height, maxPixels);
      if (width * height > JPEG_MAX_PIXELS_PER_BYTE * bytes.length) {
        throw new Error(`declares ${width}x${height} but its ${bytes.length} bytes cannot hold that many pixels`);
      }
      return { width, height };
    }
    if (marker === 0xda || marker === 0xd9) break;
    at += 2 + length;
  }
  throw new Error('no JPEG frame header (SOF) before the image data');
}

function checkBudget(width: number, height: number, maxPixels: number): void {
  if (width === 0 || height === 0) throw new Error(`declares an empty size ${width}x${height}`);
  if (width * height > maxPixels) {
    throw new Error(
      `declares ${width}x${height} = ${width * height} pixels, more than the ${maxPixels} allowed (the maxPixels option)`,
    );
  }
}
