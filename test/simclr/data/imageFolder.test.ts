import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode as encodeJpeg } from 'jpeg-js';
import { decodeImage, encodePng, imageFormat } from '../../../src/simclr/data/imageCodec';
import { loadImageFolder } from '../../../src/simclr/data/imageFolder';
import { resizePixels } from '../../../src/simclr/data/resize';
import { tempDir } from './tempDir';

/** A width x height RGB image of one colour. */
const solid = (width: number, height: number, rgb: [number, number, number]) =>
  Uint8Array.from({ length: width * height * 3 }, (_, i) => rgb[i % 3]);

const jpeg = (width: number, height: number, rgb: [number, number, number]) => {
  const rgba = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i % 4 === 3 ? 255 : rgb[i % 4]));
  return encodeJpeg({ width, height, data: rgba }, 95).data;
};

function write(file: string, bytes: Uint8Array): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, bytes);
}

test('encodePng then decodeImage round-trips gray, RGB and RGBA, bytes and floats', () => {
  const rgb = Uint8Array.from({ length: 5 * 3 * 3 }, (_, i) => (i * 37) % 256);
  assert.deepEqual(decodeImage(encodePng(rgb, 5, 3, 3), 'rgb.png').pixels, rgb);
  const gray = Float32Array.from({ length: 6 }, (_, i) => i / 5);
  assert.deepEqual([...decodeImage(encodePng(gray, 3, 2, 1), 'g.png', 1).pixels], [0, 51, 102, 153, 204, 255]);
  const rgba = Uint8Array.from([255, 0, 0, 255, 0, 255, 0, 0]); // opaque red, transparent green (-> black)
  assert.deepEqual([...decodeImage(encodePng(rgba, 2, 1, 4), 'a.png').pixels], [255, 0, 0, 0, 0, 0]);
  assert.equal(imageFormat(encodePng(rgb, 5, 3, 3)), 'png');
  assert.throws(() => encodePng(rgb, 5, 3, 1), /5x3x1 needs 15 values, got 45/);
  assert.throws(() => encodePng(rgb, 5, 3, 5 as 3), /channels must be 1, 2, 3 or 4, got 5/);
  const grayAlpha = Uint8Array.from([10, 255, 20, 0]); // gray+alpha decodes to gray over black
  assert.deepEqual([...decodeImage(encodePng(grayAlpha, 2, 1, 2), 'ga.png', 1).pixels], [10, 0]);
});

test('decodeImage reads a JPEG (lossy: close to the colour) and names undecodable files', () => {
  const image = decodeImage(jpeg(8, 8, [200, 40, 90]), 'x.jpg');
  assert.equal(imageFormat(jpeg(8, 8, [0, 0, 0])), 'jpeg');
  for (let i = 0; i < 8 * 8; i++) {
    [200, 40, 90].forEach((v, c) => assert.ok(Math.abs(image.pixels[3 * i + c] - v) <= 6, `pixel ${i}`));
  }
  assert.throws(() => decodeImage(Buffer.from('hello'), 'notes.png'), /^Error: notes.png: not a PNG or JPEG file/);
  const png = encodePng(solid(4, 4, [1, 2, 3]), 4, 4, 3);
  assert.throws(() => decodeImage(png.subarray(0, 30), 'cut.png'), /^Error: cut.png: cannot decode PNG/);
  assert.throws(
    () => decodeImage(jpeg(8, 8, [1, 2, 3]).subarray(0, 30), 'cut.jpg'),
    /^Error: cut.jpg: cannot decode JPEG/,
  );
});

test('resizePixels: identity, uniform images stay uniform, downscaling averages (antialiased)', () => {
  const image = solid(7, 5, [10, 20, 30]);
  assert.equal(resizePixels(image, 7, 5, 3, 7, 5), image);
  assert.deepEqual(resizePixels(image, 7, 5, 3, 3, 4), solid(3, 4, [10, 20, 30]));
  // A 1-pixel checkerboard averages to mid-gray when shrunk 4x; nearest-neighbour would give 0 or 255.
  const checker = Uint8Array.from({ length: 16 * 16 }, (_, i) => (((i % 16) + Math.floor(i / 16)) % 2) * 255);
  for (const v of resizePixels(checker, 16, 16, 1, 4, 4)) assert.ok(Math.abs(v - 127.5) < 20, `${v}`);
  // Upscaling a 2-pixel gradient interpolates between the ends.
  assert.deepEqual([...resizePixels(Uint8Array.from([0, 200]), 2, 1, 1, 4, 1)], [0, 50, 150, 200]);
});

test('loadImageFolder: class subfolders, PNG and JPEG, centre crop and resize, RGB and gray', () => {
  const dir = tempDir('folder');
  write(join(dir, 'cats', 'a.png'), encodePng(solid(12, 8, [255, 0, 0]), 12, 8, 3));
  write(join(dir, 'cats', 'b.JPG'), jpeg(20, 20, [250, 0, 0]));
  write(join(dir, 'dogs', 'c.jpeg'), jpeg(16, 16, [0, 0, 250]));
  write(join(dir, 'dogs', 'readme.txt'), Buffer.from('not an image, ignored'));
  const rgb = loadImageFolder(dir, { size: 4 });
  assert.deepEqual(rgb.shape, [3, 4, 4, 3]);
  assert.deepEqual(rgb.classNames, ['cats', 'dogs']);
  assert.deepEqual([...(rgb.labels ?? [])], [0, 0, 1]);
  const pixel = (i: number) => [...rgb.pixels.subarray(i * 48, i * 48 + 3)];
  assert.deepEqual(pixel(0), [255, 0, 0]);
  assert.ok(pixel(1)[0] > 240 && pixel(2)[2] > 240, `${pixel(1)} ${pixel(2)}`);
  const gray = loadImageFolder(dir, { size: 2, channels: 1 });
  assert.deepEqual(gray.shape, [3, 2, 2, 1]);
  assert.equal(gray.pixels[0], Math.round(0.299 * 255));
});

test('loadImageFolder: images directly in the folder have no labels', () => {
  const dir = tempDir('flat');
  for (const name of ['x.png', 'y.png']) write(join(dir, name), encodePng(solid(3, 3, [9, 9, 9]), 3, 3, 3));
  const dataset = loadImageFolder(dir, { size: 3, name: 'flat' });
  assert.deepEqual(dataset.shape, [2, 3, 3, 3]);
  assert.equal(dataset.labels, undefined);
  assert.equal(dataset.name, 'flat');
});

const badCases: { name: string; make: (dir: string) => void; error: (dir: string) => RegExp }[] = [
  {
    name: 'missing folder',
    make: () => {},
    error: (dir) => new RegExp(`${dir}/nope: cannot read image folder \\(folder not found\\)`),
  },
  {
    name: 'empty folder',
    make: (dir) => mkdirSync(join(dir, 'nope')),
    error: (dir) => new RegExp(`${dir}/nope: no PNG/JPEG images`),
  },
  {
    name: 'empty class folder',
    make: (dir) => {
      write(join(dir, 'nope', 'a', 'x.png'), encodePng(solid(2, 2, [0, 0, 0]), 2, 2, 3));
      mkdirSync(join(dir, 'nope', 'b'));
    },
    error: (dir) => new RegExp(`${dir}/nope/b: class folder has no PNG/JPEG images`),
  },
  {
    name: 'undecodable image',
    make: (dir) => write(join(dir, 'nope', 'k', 'broken.png'), Buffer.from('garbage')),
    error: (dir) => new RegExp(`${dir}/nope/k/broken.png: not a PNG or JPEG`),
  },
  {
    name: 'truncated JPEG',
    make: (dir) => write(join(dir, 'nope', 'cut.jpg'), jpeg(8, 8, [1, 2, 3]).subarray(0, 40)),
    error: (dir) => new RegExp(`${dir}/nope/cut.jpg: cannot decode JPEG`),
  },
  {
    name: 'mixed layout',
    make: (dir) => {
      write(join(dir, 'nope', 'a.png'), encodePng(solid(2, 2, [0, 0, 0]), 2, 2, 3));
      mkdirSync(join(dir, 'nope', 'cls'));
    },
    error: () => /has both images \(a.png, ...\) and class subfolders/,
  },
  {
    name: 'broken link to an image',
    make: (dir) => {
      mkdirSync(join(dir, 'nope'));
      symlinkSync(join(dir, 'gone.png'), join(dir, 'nope', 'x.png'));
    },
    error: (dir) => new RegExp(`${dir}/nope/x.png: cannot read \\(file not found\\)`),
  },
  {
    name: 'file instead of folder',
    make: (dir) => write(join(dir, 'nope'), Buffer.from('x')),
    error: (dir) => new RegExp(`${dir}/nope: is a file, not an image folder`),
  },
];

for (const c of badCases) {
  test(`loadImageFolder rejects ${c.name} with a clear error`, () => {
    const dir = tempDir('bad');
    c.make(dir);
    assert.throws(() => loadImageFolder(join(dir, 'nope'), { size: 4 }), c.error(dir));
  });
}

test('loadImageFolder validates its options', () => {
  const dir = tempDir('opts');
  assert.throws(() => loadImageFolder(dir, { size: 0 }), /size must be a positive integer/);
  assert.throws(() => loadImageFolder(dir, { size: 4, channels: 4 as 3 }), /channels must be 1 or 3/);
});
