import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx, loadIdx, parseIdx } from '../../../src/simclr/data/idx';
import { tempDir } from './tempDir';

const dir = tempDir('idx');

/** IDX bytes written by hand (independent of encodeIdx): magic 00 00 08 ndims, big-endian dims, data. */
function idx(dims: number[], data: number[], type = 0x08): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = type;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

function write(name: string, bytes: Uint8Array): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

// 3 images of 2x2 whose pixels are 10*image + position; labels 2, 0, 1.
const pixels = [0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23];
const images = idx([3, 2, 2], pixels);
const labels = idx([3], [2, 0, 1]);

for (const compression of ['raw', 'gzip'] as const) {
  test(`loadIdx reads ${compression} IDX3 images and IDX1 labels`, () => {
    const pack = (b: Buffer) => (compression === 'gzip' ? gzipSync(b) : b);
    const ext = compression === 'gzip' ? '.gz' : '';
    const dataset = loadIdx(
      write(`img-${compression}${ext}`, pack(images)),
      write(`lab-${compression}${ext}`, pack(labels)),
    );
    assert.deepEqual(dataset.shape, [3, 2, 2, 1]);
    assert.deepEqual([...dataset.pixels], pixels);
    assert.deepEqual([...(dataset.labels ?? [])], [2, 0, 1]);
    assert.equal(dataset.source, join(dir, `img-${compression}${ext}`));
  });
}

test('loadIdx without labels, with limit, and gzip detected by magic not by name', () => {
  const dataset = loadIdx(write('gz-without-suffix', gzipSync(images)), undefined, { limit: 2, name: 'tiny' });
  assert.deepEqual(dataset.shape, [2, 2, 2, 1]);
  assert.deepEqual([...dataset.pixels], pixels.slice(0, 8));
  assert.equal(dataset.labels, undefined);
  assert.equal(dataset.name, 'tiny');
});

test('encodeIdx is the inverse of parseIdx', () => {
  const data = Uint8Array.from({ length: 24 }, (_, i) => i * 10);
  const parsed = parseIdx(encodeIdx([2, 3, 4], data), 'mem');
  assert.deepEqual(parsed.dims, [2, 3, 4]);
  assert.deepEqual([...parsed.data], [...data]);
  assert.deepEqual(Buffer.from(encodeIdx([3, 2, 2], Uint8Array.from(pixels))), images);
});

const badCases: { name: string; images: Uint8Array; labels?: Uint8Array; error: RegExp; file: 'images' | 'labels' }[] =
  [
    {
      name: 'wrong magic (a PNG)',
      images: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
      error: /wrong magic number 0x89504e47/,
      file: 'images',
    },
    {
      name: 'labels file given as images',
      images: labels,
      error: /wrong magic number 0x00000801: expected IDX3 images/,
      file: 'images',
    },
    { name: 'images file given as labels', images, labels: images, error: /expected IDX1 labels/, file: 'labels' },
    {
      name: 'unsupported data type',
      images: idx([1, 1, 1], [0, 0, 0, 0], 0x0d),
      error: /data type 0xd is not supported/,
      file: 'images',
    },
    { name: 'truncated header', images: images.subarray(0, 10), error: /truncated IDX header/, file: 'images' },
    {
      name: 'truncated data',
      images: images.subarray(0, images.length - 3),
      error: /truncated: header says \[3, 2, 2\] = 12 bytes of data, file has 9/,
      file: 'images',
    },
    {
      name: 'trailing bytes',
      images: Buffer.concat([images, Buffer.from([1])]),
      error: /1 unexpected bytes after/,
      file: 'images',
    },
    { name: 'empty file', images: new Uint8Array(0), error: /no header/, file: 'images' },
    {
      name: 'truncated gzip',
      images: gzipSync(images).subarray(0, 20),
      error: /corrupt or truncated gzip data/,
      file: 'images',
    },
    {
      name: 'image/label count mismatch',
      images,
      labels: idx([2], [0, 1]),
      error: /image\/label count mismatch: 2 labels for 3 images/,
      file: 'labels',
    },
  ];

for (const [i, c] of badCases.entries()) {
  test(`loadIdx rejects ${c.name}, naming the file`, () => {
    const imagesFile = write(`bad-${i}-images`, c.images);
    const labelsFile = c.labels ? write(`bad-${i}-labels`, c.labels) : undefined;
    const named = c.file === 'images' ? imagesFile : (labelsFile ?? '');
    assert.throws(
      () => loadIdx(imagesFile, labelsFile),
      (error: Error) => {
        assert.match(error.message, c.error);
        assert.ok(error.message.startsWith(`${named}: `), error.message);
        return true;
      },
    );
  });
}

test('loadIdx: missing file, label outside the classes, bad limit', () => {
  assert.throws(
    () => loadIdx(join(dir, 'nope.gz')),
    new RegExp(`${join(dir, 'nope.gz')}: cannot read \\(file not found\\)`),
  );
  const imagesFile = write('ok-images', images);
  assert.throws(
    () => loadIdx(imagesFile, write('ok-labels', labels), { classNames: ['a', 'b'] }),
    /label 2 at index 0 is not one of the 2 classes/,
  );
  assert.throws(() => loadIdx(imagesFile, undefined, { limit: -1 }), /limit must be a non-negative integer/);
});
