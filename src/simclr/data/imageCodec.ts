/**
 * PNG and JPEG to pixels and back, in pure JS so it runs in Node scripts, the kernel and the library
 * alike: PNG through pngjs (PNG spec, W3C/ISO 15948), JPEG decoding through jpeg-js (baseline and
 * progressive JFIF). Formats are recognised by their signatures, not by file extensions.
 */
import { decode as decodeJpeg } from 'jpeg-js';
import { PNG, type ColorType } from 'pngjs';
import { checkJpeg, checkPng, DEFAULT_MAX_PIXELS } from './imageHeader';

export interface DecodedImage {
  width: number;
  height: number;
  /** Row-major [height, width, channels] bytes. */
  pixels: Uint8Array;
  channels: 1 | 3;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** 'png', 'jpeg' or undefined, from the first bytes of a file. */
export function imageFormat(bytes: Uint8Array): 'png' | 'jpeg' | undefined {
  if (PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

export interface DecodeImageOptions {
  /** Largest width x height accepted, checked from the header before decoding (default DEFAULT_MAX_PIXELS). */
  maxPixels?: number;
}

/**
 * Decodes a PNG or JPEG to `channels` channels (3: RGB; 1: luma, ITU-R BT.601 weights). Transparent
 * pixels are composited over black. Throws `<file>: <problem>` for anything it cannot decode, for a
 * declared size over `maxPixels` or beyond what the file's bytes can hold, and for short image data.
 */
export function decodeImage(
  bytes: Uint8Array,
  file: string,
  channels: 1 | 3 = 3,
  options: DecodeImageOptions = {},
): DecodedImage {
  const format = imageFormat(bytes);
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  let rgba: Uint8Array, width: number, height: number;
  try {
    if (format === 'png') {
      checkPng(bytes, maxPixels);
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      ({ width, height } = png);
      rgba = new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength);
    } else if (format === 'jpeg') {
      // The memory cap keeps a hostile or huge JPEG from taking the whole process down.
      const declared = checkJpeg(bytes, maxPixels);
      const jpeg = decodeJpeg(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: Math.ceil((declared.width * declared.height) / 1e6) + 1,
        maxMemoryUsageInMB: 1024,
      });
      ({ width, height } = jpeg);
      rgba = jpeg.data;
    } else {
      throw new Error('not a PNG or JPEG file (unknown signature)');
    }
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    throw new Error(
      message.startsWith('not a PNG')
        ? `${file}: ${message}`
        : `${file}: cannot decode ${format?.toUpperCase()} (${message})`,
    );
  }
  if (!width || !height || rgba.length < width * height * 4) {
    throw new Error(`${file}: cannot decode ${format?.toUpperCase()} (no pixel data for ${width}x${height})`);
  }
  return { width, height, channels, pixels: fromRgba(rgba, width * height, channels) };
}

/** RGBA bytes to RGB or luma bytes, compositing alpha over black. */
function fromRgba(rgba: Uint8Array, count: number, channels: 1 | 3): Uint8Array {
  const out = new Uint8Array(count * channels);
  for (let i = 0; i < count; i++) {
    const a = rgba[4 * i + 3] / 255;
    const r = rgba[4 * i] * a,
      g = rgba[4 * i + 1] * a,
      b = rgba[4 * i + 2] * a;
    if (channels === 1) out[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    else {
      out[3 * i] = Math.round(r);
      out[3 * i + 1] = Math.round(g);
      out[3 * i + 2] = Math.round(b);
    }
  }
  return out;
}

const COLOR_TYPES: Record<number, ColorType> = { 1: 0, 2: 4, 3: 2, 4: 6 };

/**
 * Encodes row-major [height, width, channels] pixels as an 8-bit PNG (grayscale, grayscale+alpha, RGB or RGBA).
 * @param pixels bytes 0-255, or floats in [0, 1] (clipped, rounded) as read from a tensor
 */
export function encodePng(pixels: ArrayLike<number>, width: number, height: number, channels: 1 | 2 | 3 | 4): Buffer {
  const colorType = COLOR_TYPES[channels];
  if (colorType === undefined) throw new RangeError(`encodePng: channels must be 1, 2, 3 or 4, got ${channels}`);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`encodePng: width and height must be positive integers, got ${width}x${height}`);
  }
  const size = width * height * channels;
  if (pixels.length !== size) {
    throw new RangeError(`encodePng: ${width}x${height}x${channels} needs ${size} values, got ${pixels.length}`);
  }
  let data: Buffer;
  if (pixels instanceof Uint8Array || pixels instanceof Uint8ClampedArray) {
    data = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  } else {
    data = Buffer.alloc(size);
    for (let i = 0; i < size; i++) data[i] = Math.round(Math.min(1, Math.max(0, pixels[i] || 0)) * 255);
  }
  const png = new PNG({
    width,
    height,
    colorType,
    inputColorType: colorType,
    inputHasAlpha: channels === 2 || channels === 4,
  });
  png.data = data;
  return PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: channels === 2 || channels === 4 });
}
