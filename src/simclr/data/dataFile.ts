/**
 * Reading a data file for a loader: whole-file reads with errors that name the file, and transparent
 * gzip (detected by the gzip magic bytes 1f 8b, RFC 1952), so `x.idx` and `x.idx.gz` load the same way.
 * Cheap checks come first: only regular files (a FIFO or a device would hang or never end), their
 * size bounded before reading, and decompression bounded by what the format's header promises (a
 * 1 MB gzip that inflates to 1 GiB stops at the header's size, not at the end of memory).
 */
import { readFileSync, statSync, type Stats } from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';

/** Largest data file (or decompressed data) a loader reads: 4 GiB, Node's largest Buffer. */
export const MAX_DATA_FILE_BYTES = 2 ** 32 - 1;
/** Compressed bytes inflated to read a header before the whole file: at most ~4 MB out. */
const HEADER_PREFIX_BYTES = 4096;

export interface ReadDataFileOptions {
  /** Largest file, and largest decompressed data, accepted (default MAX_DATA_FILE_BYTES). */
  maxBytes?: number;
  /**
   * The decompressed size the format promises, from the first decompressed bytes (a header), or
   * undefined when those bytes do not say. Gzip data inflating to more is an error.
   */
  promisedBytes?: (head: Uint8Array) => number | undefined;
}

/** The stats of `file` when it is a regular file (symlinks followed); throws `<file>: <what it is>` otherwise. */
export function statRegularFile(file: string, what = 'file'): Stats {
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch (error) {
    throw new Error(`${file}: cannot read (${describeFsError(error)})`);
  }
  if (stats.isFile()) return stats;
  const kind = stats.isDirectory()
    ? 'a folder'
    : stats.isFIFO()
      ? 'a FIFO (named pipe)'
      : stats.isCharacterDevice() || stats.isBlockDevice()
        ? 'a device'
        : stats.isSocket()
          ? 'a socket'
          : 'not a regular file';
  throw new Error(`${file}: is ${kind}, not a regular ${what}`);
}

/** The bytes of a regular file of at most `maxBytes`; errors name the file. */
export function readRegularFile(file: string, maxBytes: number, what = 'file'): Buffer {
  const stats = statRegularFile(file, what);
  if (stats.size > maxBytes)
    throw new Error(`${file}: ${stats.size} bytes, more than the ${maxBytes} a ${what} may have`);
  try {
    return readFileSync(file);
  } catch (error) {
    throw new Error(`${file}: cannot read (${describeFsError(error)})`);
  }
}

/** True when `bytes` starts with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The bytes of `file`, gunzipped when they are gzip. Throws `<file>: <problem>` on any failure. */
export function readDataFile(file: string, options: ReadDataFileOptions = {}): Uint8Array {
  const maxBytes = options.maxBytes ?? MAX_DATA_FILE_BYTES;
  const raw = readRegularFile(file, maxBytes, 'data file');
  if (!isGzip(raw)) return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  let limit = maxBytes;
  let promised: number | undefined;
  try {
    promised = options.promisedBytes?.(
      gunzipSync(raw.subarray(0, HEADER_PREFIX_BYTES), { finishFlush: constants.Z_SYNC_FLUSH }),
    );
  } catch {
    promised = undefined;
  }
  // One byte over the promise is enough to know it was broken.
  if (promised !== undefined) limit = Math.min(limit, promised + 1);
  let inflated: Buffer;
  try {
    inflated = gunzipSync(raw, { maxOutputLength: Math.max(1, limit) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new Error(
        promised !== undefined
          ? `${file}: the gzip data inflates to more than the ${promised} bytes its header promises`
          : `${file}: the gzip data inflates to more than ${maxBytes} bytes`,
      );
    }
    throw new Error(`${file}: corrupt or truncated gzip data (${(error as Error).message})`);
  }
  return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength);
}

/** A short reason for a failed fs call: 'file not found', 'permission denied', ... */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'file not found';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'ENOTDIR':
      return 'a parent path is not a folder';
    default:
      return (error as Error | undefined)?.message ?? String(error);
  }
}

/** Validates an optional `limit` option (a non-negative integer) and returns it or Infinity. */
export function checkLimit(limit: number | undefined, what: string): number {
  if (limit === undefined) return Infinity;
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`${what}: limit must be a non-negative integer, got ${limit}`);
  }
  return limit;
}
