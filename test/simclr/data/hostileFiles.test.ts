// Loaders reject what they cannot read, early and cheaply (issue 12, items 6-11): FIFOs and devices,
// images whose header promises more than their bytes hold, gzip that inflates past its header,
// CIFAR batches cut at a record boundary, nested image folders, and errors that always name the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { loadCifar10 } from '../../../src/simclr/data/cifar10';
import { decodeImage, encodePng } from '../../../src/simclr/data/imageCodec';
import { loadImageFolder } from '../../../src/simclr/data/imageFolder';
import { encodeIdx, loadIdx } from '../../../src/simclr/data/idx';
import { declaredPng, grayPng, jpegDeclaring, solidJpeg } from './imageBytes';
import { tempDir } from './tempDir';

const ROOT = resolve(__dirname, '../../..');
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Runs `call` (an expression over `lib`, the data loaders) in a child with a deadline: a hang fails instead of wedging the test run. */
function inChild(call: string): { error?: string; hung: boolean } {
  const script = `const lib = { ...require(${JSON.stringify(join(ROOT, 'src/simclr/data/idx.ts'))}), ...require(${JSON.stringify(join(ROOT, 'src/simclr/data/cifar10.ts'))}), ...require(${JSON.stringify(join(ROOT, 'src/simclr/data/imageFolder.ts'))}) };
try { ${call}; console.log(JSON.stringify({ ok: true })) } catch (e) { console.log(JSON.stringify({ error: e.message })) }`;
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: ROOT,
      timeout: 20_000,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const result = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { error?: string };
    return { error: result.error, hung: false };
  } catch {
    return { hung: true };
  }
}

test('loaders: a FIFO given as a data file is refused at once, named (loadIdx, loadCifar10, loadImageFolder)', () => {
  const dir = tempDir('fifo');
  const fifo = join(dir, 'images.idx');
  execFileSync('mkfifo', [fifo]);
  const cifar = join(dir, 'cifar');
  mkdirSync(cifar);
  execFileSync('mkfifo', [join(cifar, 'data_batch_1.bin')]);
  const folder = join(dir, 'images', 'cats');
  mkdirSync(folder, { recursive: true });
  execFileSync('mkfifo', [join(folder, 'a.png')]);
  const cases: [string, string][] = [
    [`lib.loadIdx(${JSON.stringify(fifo)})`, fifo],
    [`lib.loadCifar10(${JSON.stringify(cifar)})`, join(cifar, 'data_batch_1.bin')],
    [`lib.loadImageFolder(${JSON.stringify(join(dir, 'images'))}, { size: 8 })`, join(folder, 'a.png')],
  ];
  for (const [call, file] of cases) {
    const result = inChild(call);
    assert.equal(result.hung, false, `${call} hung on a FIFO`);
    assert.match(result.error ?? '', new RegExp(`^${escape(file)}: is a FIFO \\(named pipe\\), not a regular`));
  }
});

test('loaders: a .png symlinked to /dev/zero is a device, not an image', () => {
  const dir = tempDir('zero');
  mkdirSync(join(dir, 'cls'));
  symlinkSync('/dev/zero', join(dir, 'cls', 'zero.png'));
  const result = inChild(`lib.loadImageFolder(${JSON.stringify(dir)}, { size: 8 })`);
  assert.equal(result.hung, false);
  assert.match(result.error ?? '', /zero\.png: is a device, not a regular image file/);
});

test('loaders: a gzip IDX that inflates past what its header promises stops at the promise', () => {
  const dir = tempDir('bomb');
  const file = join(dir, 'images.idx.gz');
  const honest = encodeIdx([1, 28, 28], new Uint8Array(784));
  writeFileSync(file, gzipSync(Buffer.concat([honest, Buffer.alloc(64 * 1024 * 1024)]), { level: 1 }));
  assert.throws(
    () => loadIdx(file),
    (e: Error) =>
      e.message === `${file}: the gzip data inflates to more than the ${honest.length} bytes its header promises`,
  );
  const ok = join(dir, 'ok.idx.gz');
  writeFileSync(ok, gzipSync(honest));
  assert.deepEqual(loadIdx(ok).shape, [1, 28, 28, 1]);
});

test('images: a 69-byte PNG declaring 6000x6000 is refused from its header, not decoded as black', () => {
  const png = declaredPng(6000, 6000, deflateSync(new Uint8Array(0)));
  assert.ok(png.length < 80);
  assert.throws(
    () => decodeImage(png, 'big.png'),
    /^Error: big\.png: cannot decode PNG \(declares 6000x6000 .* cannot inflate to that\)/,
  );
});

test('images: a PNG with rows missing is an error, interlaced or not; whole ones decode exactly', () => {
  const gray = (x: number, y: number): number => (7 * x + 13 * y) % 256;
  for (const interlaced of [false, true]) {
    const whole = decodeImage(grayPng(32, 32, gray, { interlaced }), 'whole.png', 1);
    assert.deepEqual(
      [...whole.pixels],
      Array.from({ length: 1024 }, (_, i) => gray(i % 32, Math.floor(i / 32))),
      `interlaced ${interlaced}`,
    );
    assert.throws(
      () => decodeImage(grayPng(32, 32, gray, { interlaced, keepRawBytes: 16 * 33 }), 'half.png', 1),
      /^Error: half\.png: cannot decode PNG \(image data is short: 528 of the \d+ bytes 32x32 needs/,
    );
  }
});

test('images: maxPixels bounds the declared size before decoding', () => {
  const png = encodePng(new Uint8Array(64 * 64), 64, 64, 1);
  assert.equal(decodeImage(png, 'ok.png', 1).width, 64);
  assert.throws(
    () => decodeImage(png, 'ok.png', 1, { maxPixels: 1000 }),
    /declares 64x64 = 4096 pixels, more than the 1000 allowed \(the maxPixels option\)/,
  );
  const dir = tempDir('maxpx');
  writeFileSync(join(dir, 'a.png'), png);
  assert.throws(() => loadImageFolder(dir, { size: 8, maxPixels: 1000 }), /a\.png: cannot decode PNG \(declares 64x64/);
});

test('images: a 2.6 KB JPEG declaring 10000x10000 is refused from its header', () => {
  const jpeg = jpegDeclaring(solidJpeg(64, 64, [200, 10, 10]), 10000, 10000);
  assert.ok(jpeg.length < 4000, `${jpeg.length} bytes`);
  assert.throws(
    () => decodeImage(jpeg, 'huge.jpg'),
    /huge\.jpg: cannot decode JPEG \(declares 10000x10000 .*(cannot hold|more than the)/,
  );
  assert.equal(decodeImage(solidJpeg(64, 64, [200, 10, 10]), 'ok.jpg').width, 64);
});

const RECORD = 3073;
test('cifar: a batch cut at a record boundary is an error (the real batches hold 10,000)', () => {
  const dir = tempDir('cifar-short');
  writeFileSync(join(dir, 'test_batch.bin'), Buffer.alloc(5 * RECORD));
  const file = join(dir, 'test_batch.bin');
  assert.throws(
    () => loadCifar10(dir, { split: 'test' }),
    (e: Error) =>
      e.message ===
      `${file}: 5 records, a CIFAR-10 batch holds 10000 (a truncated batch; recordsPerBatch sets the count for subsets)`,
  );
  writeFileSync(file, Buffer.alloc(RECORD));
  assert.throws(() => loadCifar10(dir, { split: 'test' }), /test_batch\.bin: 1 records, a CIFAR-10 batch holds 10000/);
  assert.deepEqual(loadCifar10(dir, { split: 'test', recordsPerBatch: 1 }).shape, [1, 32, 32, 3]);
});

test('cifar: batches.meta.txt that is a folder is named, not a raw EISDIR', () => {
  const dir = tempDir('cifar-meta');
  writeFileSync(join(dir, 'test_batch.bin'), Buffer.alloc(RECORD));
  mkdirSync(join(dir, 'batches.meta.txt'));
  assert.throws(
    () => loadCifar10(dir, { split: 'test', recordsPerBatch: 1 }),
    (e: Error) => e.message === `${join(dir, 'batches.meta.txt')}: is a folder, not a regular class-name file`,
  );
});

test('image folder: images in nested subfolders of a class belong to it, as the doc says', () => {
  const dir = tempDir('nested');
  const png = (v: number): Buffer => encodePng(new Uint8Array(16).fill(v), 4, 4, 1);
  for (const [file, v] of [
    ['cats/a.png', 10],
    ['cats/indoor/b.png', 20],
    ['cats/indoor/deep/c.png', 30],
    ['dogs/d.png', 40],
  ] as const) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), png(v));
  }
  symlinkSync(join(dir, 'cats'), join(dir, 'cats', 'indoor', 'loop'));
  const dataset = loadImageFolder(dir, { size: 2, channels: 1 });
  assert.deepEqual(dataset.classNames, ['cats', 'dogs']);
  assert.deepEqual([...(dataset.labels ?? [])], [0, 0, 0, 1]);
  assert.deepEqual(
    [0, 1, 2, 3].map((i) => dataset.pixels[i * 4]),
    [10, 20, 30, 40],
  );
});

test('image folder: a size too large for memory is a RangeError naming the folder', () => {
  const dir = tempDir('size');
  writeFileSync(join(dir, 'a.png'), encodePng(new Uint8Array(16), 4, 4, 1));
  assert.throws(
    () => loadImageFolder(dir, { size: 100000 }),
    (e: Error) =>
      e instanceof RangeError && e.message.includes(dir) && /size 100000 is more than the 4096/.test(e.message),
  );
});
