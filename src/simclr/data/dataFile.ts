/**
 * Reading a data file for a loader: whole-file reads with errors that name the file, and transparent
 * gzip (detected by the gzip magic bytes 1f 8b, RFC 1952), so `x.idx` and `x.idx.gz` load the same way.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** True when `bytes` starts with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The bytes of `file`, gunzipped when they are gzip. Throws `<file>: <problem>` on any failure. */
export function readDataFile(file: string): Uint8Array {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch (error) {
    throw new Error(`${file}: cannot read (${describeFsError(error)})`);
  }
  if (!isGzip(raw)) return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  try {
    const inflated = gunzipSync(raw);
    return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength);
  } catch (error) {
    throw new Error(`${file}: corrupt or truncated gzip data (${(error as Error).message})`);
  }
}

/** A short reason for a failed fs call: 'file not found', 'permission denied', ... */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT': return 'file not found';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a folder, not a file';
    case 'ENOTDIR': return 'a parent path is not a folder';
    default: return (error as Error | undefined)?.message ?? String(error);
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
