// Hand-made PNG and JPEG bytes for loader tests and the fuzz suite: PNGs from raw scanlines (any
// size, interlaced or not, data cut short), JPEGs with a rewritten frame size.
import { crc32, deflateSync } from 'node:zlib';
import { encode as encodeJpeg } from 'jpeg-js';

export function pngChunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)) >>> 0, 8 + data.length);
  return out;
}

const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

/**
 * An 8-bit grayscale PNG of `gray` (row-major width x height), filter 0 on every scanline, Adam7
 * when `interlaced`; `keepRawBytes` cuts the scanline data (rows missing) before compressing.
 */
export function grayPng(
  width: number,
  height: number,
  gray: (x: number, y: number) => number,
  options: { interlaced?: boolean; keepRawBytes?: number } = {},
): Buffer {
  const rows: number[] = [];
  const passes = options.interlaced ? ADAM7 : [[0, 0, 1, 1]];
  for (const [x0, y0, dx, dy] of passes) {
    for (let y = y0; y < height; y += dy) {
      if (x0 >= width) continue;
      rows.push(0);
      for (let x = x0; x < width; x += dx) rows.push(gray(x, y));
    }
  }
  const raw = Uint8Array.from(rows).subarray(0, options.keepRawBytes ?? rows.length);
  return declaredPng(width, height, deflateSync(raw), options.interlaced);
}

/** A grayscale PNG whose header says width x height, whatever `idat` holds. */
export function declaredPng(width: number, height: number, idat: Uint8Array, interlaced = false): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  ihdr[12] = interlaced ? 1 : 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

export function solidJpeg(width: number, height: number, rgb: [number, number, number], quality = 90): Buffer {
  const rgba = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i % 4 === 3 ? 255 : rgb[i % 4]));
  return Buffer.from(encodeJpeg({ width, height, data: rgba }, quality).data);
}

/** The JPEG with its frame header (SOF0) rewritten to say width x height. */
export function jpegDeclaring(jpeg: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(jpeg);
  for (let at = 2; at + 9 < out.length;) {
    const marker = out[at + 1];
    if (marker === 0xc0 || marker === 0xc2) {
      out.writeUInt16BE(height, at + 5);
      out.writeUInt16BE(width, at + 7);
      return out;
    }
    at += 2 + out.readUInt16BE(at + 2);
  }
  throw new Error('no SOF0/SOF2 marker');
}
