/**
 * CIFAR-10 (Krizhevsky 2009, "Learning Multiple Layers of Features from Tiny Images") in its binary
 * version (https://www.cs.toronto.edu/~kriz/cifar.html): data_batch_1..5.bin (train) and
 * test_batch.bin, each a run of 3073-byte records: 1 label byte, then 1024 red, 1024 green and
 * 1024 blue bytes of a 32x32 image in row-major order; batches.meta.txt lists the class names.
 * Files may be gzipped. The folder may also be the parent of the archive's cifar-10-batches-bin/.
 * Every batch must hold its full record count (10,000 in the real dataset), so a batch cut at a
 * record boundary is an error, never a silently smaller dataset.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkLimit, readDataFile, readRegularFile } from './dataFile';
import type { ImageDataset } from './dataset';

const SIDE = 32;
const PLANE = SIDE * SIDE;
const RECORD = 1 + 3 * PLANE;
/** Records in each batch file of the real dataset. */
export const CIFAR10_RECORDS_PER_BATCH = 10_000;
/** batches.meta.txt holds ten short names. */
const MAX_META_BYTES = 64 * 1024;

export const CIFAR10_CLASSES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
];

export interface Cifar10Options {
  /** Default 'train'. */
  split?: 'train' | 'test';
  /** Keep at most this many images (the first ones, in batch order); later batch files are not read. */
  limit?: number;
  /** Records each batch file must hold: 10,000 (the real dataset); smaller for subsets written in the same format. */
  recordsPerBatch?: number;
}

/** The folder holding the .bin files: `dir` itself or its cifar-10-batches-bin/ subfolder. */
function batchFolder(dir: string, firstFile: string): string {
  if (existsSync(join(dir, firstFile))) return dir;
  const nested = join(dir, 'cifar-10-batches-bin');
  if (existsSync(join(nested, firstFile))) return nested;
  if (!existsSync(dir)) throw new Error(`${dir}: CIFAR-10 folder not found`);
  throw new Error(`${dir}: no CIFAR-10 binary batch ${firstFile} (expected data_batch_1..5.bin and test_batch.bin)`);
}

/** Class names from batches.meta.txt when present (one per line), else the standard ten. */
function classNames(folder: string): string[] {
  const meta = join(folder, 'batches.meta.txt');
  if (!existsSync(meta)) return [...CIFAR10_CLASSES];
  const names = readRegularFile(meta, MAX_META_BYTES, 'class-name file')
    .toString('utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  if (names.length !== 10) throw new Error(`${meta}: expected 10 class names, found ${names.length}`);
  return names;
}

/**
 * Loads a CIFAR-10 split as [n, 32, 32, 3] uint8 pixels (NHWC) with labels 0-9.
 * Throws, naming the file, on a missing batch, a truncated record or a label outside 0-9.
 */
export function loadCifar10(dir: string, options: Cifar10Options = {}): ImageDataset {
  const split = options.split ?? 'train';
  if (split !== 'train' && split !== 'test') {
    throw new Error(`loadCifar10(${dir}): split must be 'train' or 'test', got ${JSON.stringify(split)}`);
  }
  const limit = checkLimit(options.limit, `loadCifar10(${dir})`);
  const perBatch = options.recordsPerBatch ?? CIFAR10_RECORDS_PER_BATCH;
  if (!Number.isInteger(perBatch) || perBatch <= 0)
    throw new RangeError(`loadCifar10(${dir}): recordsPerBatch must be a positive integer, got ${perBatch}`);
  const files = split === 'train' ? [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`) : ['test_batch.bin'];
  const folder = batchFolder(dir, files[0]);
  const names = classNames(folder);

  const chunks: { pixels: Uint8Array; labels: Int32Array }[] = [];
  let total = 0;
  for (const name of files) {
    if (total >= limit) break;
    const file = join(folder, name);
    const bytes = readDataFile(file, { maxBytes: perBatch * RECORD, promisedBytes: () => perBatch * RECORD });
    if (bytes.length === 0 || bytes.length % RECORD !== 0) {
      throw new Error(
        `${file}: truncated: ${bytes.length} bytes is not a whole number of ${RECORD}-byte CIFAR-10 records`,
      );
    }
    if (bytes.length !== perBatch * RECORD) {
      throw new Error(
        `${file}: ${bytes.length / RECORD} records, a CIFAR-10 batch holds ${perBatch} (a truncated batch; recordsPerBatch sets the count for subsets)`,
      );
    }
    const count = Math.min(bytes.length / RECORD, limit - total);
    const pixels = new Uint8Array(count * 3 * PLANE);
    const labels = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const record = i * RECORD;
      const label = bytes[record];
      if (label >= names.length)
        throw new Error(`${file}: record ${i} has label ${label}, not one of the ${names.length} classes`);
      labels[i] = label;
      // Planar RGB (CHW) to interleaved (HWC).
      for (let p = 0; p < PLANE; p++) {
        pixels[3 * (i * PLANE + p)] = bytes[record + 1 + p];
        pixels[3 * (i * PLANE + p) + 1] = bytes[record + 1 + PLANE + p];
        pixels[3 * (i * PLANE + p) + 2] = bytes[record + 1 + 2 * PLANE + p];
      }
    }
    chunks.push({ pixels, labels });
    total += count;
  }
  const pixels = new Uint8Array(total * 3 * PLANE);
  const labels = new Int32Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    pixels.set(chunk.pixels, offset * 3 * PLANE);
    labels.set(chunk.labels, offset);
    offset += chunk.labels.length;
  }
  return {
    name: `cifar-10/${split}`,
    source: folder,
    pixels,
    shape: [total, SIDE, SIDE, 3],
    labels,
    classNames: names,
  };
}
