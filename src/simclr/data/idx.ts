/**
 * IDX files, the format of MNIST and Fashion-MNIST (LeCun et al., http://yann.lecun.com/exdb/mnist/):
 * a 4-byte magic number (0, 0, data type, number of dimensions), one big-endian uint32 per
 * dimension, then the data. Images are IDX3 (n, rows, cols), labels IDX1 (n); both unsigned bytes.
 * Raw or gzip-compressed files both load (see dataFile.ts).
 */
import { checkLimit, readDataFile } from './dataFile';
import type { ImageDataset } from './dataset';

/** The IDX data type code for unsigned bytes, the only one image datasets use. */
const UBYTE = 0x08;

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/**
 * Parses IDX bytes whose data type is unsigned byte.
 * @param file named in every error message
 * @param expectedDims when given, the number of dimensions the file must have (3 images, 1 labels)
 */
export function parseIdx(bytes: Uint8Array, file: string, expectedDims?: number): IdxArray {
  if (bytes.length < 4) throw new Error(`${file}: truncated IDX file (${bytes.length} bytes, no header)`);
  const [zero0, zero1, type, ndims] = bytes;
  if (zero0 !== 0 || zero1 !== 0 || ndims === 0) {
    const magic = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join('');
    throw new Error(`${file}: wrong magic number 0x${magic}, not an IDX file`);
  }
  if (type !== UBYTE) {
    throw new Error(`${file}: IDX data type 0x${type.toString(16)} is not supported (only unsigned bytes, 0x08)`);
  }
  if (expectedDims !== undefined && ndims !== expectedDims) {
    const kind = expectedDims === 3 ? 'IDX3 images' : expectedDims === 1 ? 'IDX1 labels' : `${expectedDims}-D IDX`;
    throw new Error(`${file}: wrong magic number 0x0000080${ndims}: expected ${kind} (0x0000080${expectedDims})`);
  }
  const headerSize = 4 + 4 * ndims;
  if (bytes.length < headerSize)
    throw new Error(`${file}: truncated IDX header (${bytes.length} of ${headerSize} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = dims.reduce((a, b) => a * b, 1);
  const actual = bytes.length - headerSize;
  if (actual < expected) {
    throw new Error(
      `${file}: truncated: header says [${dims.join(', ')}] = ${expected} bytes of data, file has ${actual}`,
    );
  }
  if (actual > expected) {
    throw new Error(`${file}: ${actual - expected} unexpected bytes after the [${dims.join(', ')}] data`);
  }
  return { dims, data: bytes.subarray(headerSize) };
}

/** The total size an IDX header promises (header + data), or undefined when `head` is too short to say. */
export function idxPromisedBytes(head: Uint8Array): number | undefined {
  if (head.length < 4) return undefined;
  const ndims = head[3];
  const headerSize = 4 + 4 * ndims;
  if (head.length < headerSize) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let size = 1;
  for (let i = 0; i < ndims; i++) size *= view.getUint32(4 + 4 * i, false);
  return headerSize + size;
}

/** IDX bytes (unsigned-byte data) for `data` of shape `dims`; the inverse of `parseIdx`. */
export function encodeIdx(dims: number[], data: Uint8Array): Uint8Array {
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== data.length)
    throw new RangeError(`encodeIdx: dims [${dims.join(', ')}] need ${size} bytes, got ${data.length}`);
  const out = new Uint8Array(4 + 4 * dims.length + size);
  const view = new DataView(out.buffer);
  out[2] = UBYTE;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}

export interface LoadIdxOptions {
  /** Keep at most this many images (the first ones). */
  limit?: number;
  /** Dataset name; default: the images file name. */
  name?: string;
  /** Dataset source shown to the user; default: the images path. */
  source?: string;
  /** Class names; labels must index into them. */
  classNames?: string[];
}

/**
 * Loads IDX3 images (n, h, w) and optional IDX1 labels into an `ImageDataset` of shape [n, h, w, 1].
 * Throws, naming the file, on a wrong magic number, a truncated file or an image/label count mismatch.
 */
export function loadIdx(imagesPath: string, labelsPath?: string, options: LoadIdxOptions = {}): ImageDataset {
  const limit = checkLimit(options.limit, `loadIdx(${imagesPath})`);
  const images = parseIdx(readDataFile(imagesPath, { promisedBytes: idxPromisedBytes }), imagesPath, 3);
  const [n, h, w] = images.dims;
  if (h === 0 || w === 0) throw new Error(`${imagesPath}: images have an empty size ${h}x${w}`);
  let labels: Int32Array | undefined;
  if (labelsPath !== undefined) {
    const parsed = parseIdx(readDataFile(labelsPath, { promisedBytes: idxPromisedBytes }), labelsPath, 1);
    if (parsed.dims[0] !== n) {
      throw new Error(
        `${labelsPath}: image/label count mismatch: ${parsed.dims[0]} labels for ${n} images in ${imagesPath}`,
      );
    }
    labels = Int32Array.from(parsed.data);
    const classCount = options.classNames?.length;
    if (classCount !== undefined) {
      const bad = labels.findIndex((label) => label >= classCount);
      if (bad >= 0)
        throw new Error(`${labelsPath}: label ${labels[bad]} at index ${bad} is not one of the ${classCount} classes`);
    }
  }
  const m = Math.min(n, limit);
  const name = options.name ?? imagesPath.split(/[\\/]/).pop() ?? imagesPath;
  return {
    name,
    source: options.source ?? imagesPath,
    pixels: images.data.slice(0, m * h * w),
    shape: [m, h, w, 1],
    labels: labels?.slice(0, m),
    classNames: options.classNames,
  };
}
