import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CIFAR10_CLASSES, loadCifar10 } from '../../../src/simclr/data/cifar10';
import { tempDir } from './tempDir';

const RECORD = 3073;

/** A batch of `count` records: label (first + i) % 10, pixel (channel c, position p) = (first + i + 3p + c) % 256. */
function batch(first: number, count: number): Buffer {
  const out = Buffer.alloc(count * RECORD);
  for (let i = 0; i < count; i++) {
    out[i * RECORD] = (first + i) % 10;
    for (let c = 0; c < 3; c++) {
      for (let p = 0; p < 1024; p++) out[i * RECORD + 1 + c * 1024 + p] = (first + i + 3 * p + c) % 256;
    }
  }
  return out;
}

/** A CIFAR-10 folder with 5 train batches of 2 images and a test batch of 2 (load with `recordsPerBatch: 2`). */
function cifarFolder(name: string, gzip = false): string {
  const dir = join(tempDir('cifar'), name);
  mkdirSync(dir, { recursive: true });
  const pack = (b: Buffer) => (gzip ? gzipSync(b) : b);
  for (let i = 1; i <= 5; i++) writeFileSync(join(dir, `data_batch_${i}.bin`), pack(batch(2 * (i - 1), 2)));
  writeFileSync(join(dir, 'test_batch.bin'), pack(batch(100, 2)));
  return dir;
}

test('loadCifar10 reads all five train batches into NHWC with labels', () => {
  const dataset = loadCifar10(cifarFolder('plain'), { recordsPerBatch: 2 });
  assert.deepEqual(dataset.shape, [10, 32, 32, 3]);
  assert.deepEqual([...(dataset.labels ?? [])], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(dataset.classNames, CIFAR10_CLASSES);
  // Image 7, row 1, column 2 (p = 34), channel 2 (blue): (7 + 3 * 34 + 2) % 256 = 111.
  assert.equal(dataset.pixels[((7 * 32 + 1) * 32 + 2) * 3 + 2], 111);
  for (let i = 0; i < 10; i++) for (let c = 0; c < 3; c++) assert.equal(dataset.pixels[i * 3072 + c], (i + c) % 256);
});

test('loadCifar10: test split, limit, gzipped batches, nested folder, class names from batches.meta.txt', () => {
  const dir = cifarFolder('cifar-10-batches-bin', true);
  writeFileSync(join(dir, 'batches.meta.txt'), `${'abcdefghij'.split('').join('\n')}\n\n`);
  const parent = join(dir, '..');
  const test = loadCifar10(parent, { split: 'test', recordsPerBatch: 2 });
  assert.equal(test.source, dir);
  assert.deepEqual([...(test.labels ?? [])], [0, 1]);
  assert.deepEqual(test.classNames, 'abcdefghij'.split(''));
  const limited = loadCifar10(dir, { limit: 3, recordsPerBatch: 2 });
  assert.deepEqual(limited.shape, [3, 32, 32, 3]);
  assert.deepEqual([...(limited.labels ?? [])], [0, 1, 2]);
});

const badCases: { name: string; make: (dir: string) => string; error: RegExp }[] = [
  {
    name: 'truncated batch',
    make: (dir) => {
      writeFileSync(join(dir, 'data_batch_3.bin'), batch(0, 2).subarray(0, 5000));
      return 'data_batch_3.bin';
    },
    error: /truncated: 5000 bytes is not a whole number of 3073-byte/,
  },
  {
    name: 'empty batch',
    make: (dir) => {
      writeFileSync(join(dir, 'data_batch_4.bin'), '');
      return 'data_batch_4.bin';
    },
    error: /truncated: 0 bytes/,
  },
  {
    name: 'missing batch',
    make: (dir) => {
      rmSync(join(dir, 'data_batch_5.bin'));
      return 'data_batch_5.bin';
    },
    error: /cannot read \(file not found\)/,
  },
  {
    name: 'label out of range',
    make: (dir) => {
      const b = batch(0, 2);
      b[RECORD] = 10;
      writeFileSync(join(dir, 'data_batch_2.bin'), b);
      return 'data_batch_2.bin';
    },
    error: /record 1 has label 10/,
  },
  {
    name: 'bad meta file',
    make: (dir) => {
      writeFileSync(join(dir, 'batches.meta.txt'), 'cat\ndog\n');
      return 'batches.meta.txt';
    },
    error: /expected 10 class names, found 2/,
  },
];

for (const c of badCases) {
  test(`loadCifar10 rejects ${c.name}, naming the file`, () => {
    const dir = cifarFolder(c.name.replace(/ /g, '-'));
    const file = join(dir, c.make(dir));
    assert.throws(
      () => loadCifar10(dir, { recordsPerBatch: 2 }),
      (error: Error) => error.message.startsWith(`${file}: `) && c.error.test(error.message),
    );
  });
}

test('loadCifar10: missing folder and folder without batches', () => {
  const dir = tempDir('cifar-missing');
  assert.throws(() => loadCifar10(join(dir, 'nope')), /nope: CIFAR-10 folder not found/);
  assert.throws(() => loadCifar10(dir), /no CIFAR-10 binary batch data_batch_1.bin/);
  assert.throws(() => loadCifar10(dir, { split: 'val' as 'test' }), /split must be/);
});
