/**
 * A minimal streaming reader for ZIP archives (PKWARE APPNOTE 6.3: end of central directory,
 * ZIP64 records, central directory, local headers; stored and deflated entries). A Python wheel is
 * a ZIP file (PEP 427). Used to take only the few members tfjs-node needs out of a ~270 MB
 * TensorFlow wheel without `unzip` and without holding an 800 MB library in memory.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, rm, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate. */
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Lists the entries of the ZIP file at `path`; throws naming the file if it is not a ZIP archive. */
export async function listZip(path: string): Promise<ZipEntry[]> {
  const handle = await open(path, 'r');
  const { size: fileSize } = await handle.stat();
  await handle.close();
  const tailLength = Math.min(fileSize, 65535 + 22);
  const tail = await readAt(path, fileSize - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0)
    throw new Error(
      `${path}: not a ZIP archive (no end-of-central-directory record); the wheel is truncated or not a wheel`,
    );
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || tail.readUInt32LE(locator) !== ZIP64_LOCATOR)
      throw new Error(`${path}: ZIP64 archive without a ZIP64 locator`);
    const record = await readAt(path, Number(tail.readBigUInt64LE(locator + 8)), 56);
    if (record.readUInt32LE(0) !== ZIP64_EOCD) throw new Error(`${path}: bad ZIP64 end-of-central-directory record`);
    count = Number(record.readBigUInt64LE(32));
    cdSize = Number(record.readBigUInt64LE(40));
    cdOffset = Number(record.readBigUInt64LE(48));
  }
  const cd = await readAt(path, cdOffset, cdSize);
  if (cd.length !== cdSize) throw new Error(`${path}: truncated central directory`);
  const entries: ZipEntry[] = [];
  for (let p = 0, i = 0; i < count; i++) {
    if (cd.readUInt32LE(p) !== CENTRAL) throw new Error(`${path}: bad central directory entry ${i}`);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    const entry: ZipEntry = {
      name: cd.toString('utf8', p + 46, p + 46 + nameLength),
      method: cd.readUInt16LE(p + 10),
      crc32: cd.readUInt32LE(p + 16),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      localHeaderOffset: cd.readUInt32LE(p + 42),
    };
    // ZIP64 extended information (header id 1): only the fields that were 0xffffffff, in this order.
    for (let e = p + 46 + nameLength; e < p + 46 + nameLength + extraLength;) {
      const id = cd.readUInt16LE(e);
      const length = cd.readUInt16LE(e + 2);
      if (id === 1) {
        let q = e + 4;
        if (entry.size === 0xffffffff) {
          entry.size = Number(cd.readBigUInt64LE(q));
          q += 8;
        }
        if (entry.compressedSize === 0xffffffff) {
          entry.compressedSize = Number(cd.readBigUInt64LE(q));
          q += 8;
        }
        if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = Number(cd.readBigUInt64LE(q));
      }
      e += 4 + length;
    }
    entries.push(entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Counts bytes and computes the CRC-32 of what passes through (zlib.crc32 where Node has it). */
function checker(): Transform & { bytes: number; crc: number } {
  const crc32 = (zlib as unknown as { crc32?: (data: Buffer, value?: number) => number }).crc32;
  const t = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      t.bytes += chunk.length;
      if (crc32) t.crc = crc32(chunk, t.crc);
      done(null, chunk);
    },
  }) as Transform & { bytes: number; crc: number };
  t.bytes = 0;
  t.crc = crc32 ? 0 : -1;
  return t;
}

/**
 * Writes one entry of `zipPath` to `dest` (via a temporary file renamed at the end, so `dest` is
 * either complete or absent), checking its size and CRC-32.
 */
export async function extractEntry(zipPath: string, entry: ZipEntry, dest: string): Promise<void> {
  const local = await readAt(zipPath, entry.localHeaderOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL)
    throw new Error(`${zipPath}: bad local header for ${entry.name}`);
  const start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (entry.method !== 0 && entry.method !== 8)
    throw new Error(
      `${zipPath}: ${entry.name} uses compression method ${entry.method} (only stored and deflate are supported)`,
    );
  await mkdir(dirname(dest), { recursive: true });
  const partial = `${dest}.partial`;
  const check = checker();
  const source =
    entry.compressedSize === 0
      ? Readable.from([])
      : createReadStream(zipPath, { start, end: start + entry.compressedSize - 1 });
  try {
    if (entry.method === 8) await pipeline(source, zlib.createInflateRaw(), check, createWriteStream(partial));
    else await pipeline(source, check, createWriteStream(partial));
    if (check.bytes !== entry.size)
      throw new Error(`${zipPath}: ${entry.name} inflated to ${check.bytes} bytes, expected ${entry.size}`);
    if (check.crc !== -1 && check.crc >>> 0 !== entry.crc32 >>> 0)
      throw new Error(`${zipPath}: ${entry.name} fails its CRC-32 check (the wheel is corrupt)`);
    await rename(partial, dest);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}
