// Image grids as the kernel encodes them: gaps between tiles are transparent (no white bars on dark
// themes), tiles opaque with their own pixels, for gray, RGB and RGBA tiles and the augmentation grid PNG.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { tf } from '../../../src/simclr/tf';
import { tileGrid, pixelsToPng } from '../../../src/kernel/display/images';
import { augmentationsOutput } from '../../../src/kernel/display/augmentationsOutput';

/** RGBA of pixel (x, y) after a PNG round trip. */
function rgbaAt(png: PNG, x: number, y: number): number[] {
  const i = (y * png.width + x) * 4;
  return [...png.data.subarray(i, i + 4)];
}

const cases: { channels: 1 | 3 | 4; tile: number[]; rgba: number[] }[] = [
  { channels: 1, tile: [90], rgba: [90, 90, 90, 255] },
  { channels: 3, tile: [10, 20, 30], rgba: [10, 20, 30, 255] },
  { channels: 4, tile: [10, 20, 30, 128], rgba: [10, 20, 30, 128] },
];

for (const { channels, tile, rgba } of cases) {
  test(`tileGrid with a gap, ${channels}-channel tiles: transparent gaps, tiles kept`, () => {
    const size = 4;
    const tiles = Array.from({ length: 4 }, () =>
      new Uint8Array(size * size * channels).map((_, i) => tile[i % channels]),
    );
    const grid = tileGrid(tiles, 2, 2, size, size, channels, 2);
    assert.deepEqual([grid.width, grid.height, grid.channels], [10, 10, channels === 1 ? 2 : 4]);
    const png = PNG.sync.read(Buffer.from(pixelsToPng(grid)));
    for (const [x, y] of [
      [0, 0],
      [3, 3],
      [6, 0],
      [9, 9],
      [0, 6],
    ])
      assert.deepEqual(rgbaAt(png, x, y), rgba, `tile pixel ${x},${y}`);
    for (const [x, y] of [
      [4, 0],
      [5, 9],
      [0, 4],
      [7, 5],
      [4, 4],
    ])
      assert.equal(rgbaAt(png, x, y)[3], 0, `gap pixel ${x},${y} is transparent`);
  });
}

test('tileGrid without a gap keeps the channels (atlases)', () => {
  const grid = tileGrid([new Uint8Array(4).fill(7), new Uint8Array(4).fill(9)], 1, 2, 2, 2, 1, 0);
  assert.deepEqual([grid.width, grid.height, grid.channels], [4, 2, 1]);
  assert.deepEqual([...grid.data], [7, 7, 9, 9, 7, 7, 9, 9]);
});

test('augmentation grid PNG: opaque tiles, transparent gaps, no tensors left', async () => {
  await tf.setBackend('cpu');
  const images = tf.tidy(() => tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 3) as tf.Tensor4D);
  const before = tf.memory().numTensors;
  const { output } = augmentationsOutput(images, { rows: 2, views: 2, seed: 1 }, 'grid');
  assert.equal(tf.memory().numTensors, before);
  images.dispose();
  const item = output.items.find((i) => i.mime === 'image/png');
  assert.ok(item);
  const png = PNG.sync.read(Buffer.from(item.data));
  const tile = 56; // 28 px enlarged to the readable minimum
  assert.deepEqual([png.width, png.height], [3 * tile + 2 * 2, 2 * tile + 2]);
  assert.equal(rgbaAt(png, 10, 10)[3], 255, 'tile opaque');
  assert.equal(rgbaAt(png, tile + 2 + 10, tile + 2 + 10)[3], 255, 'second row, second column opaque');
  for (const [x, y] of [
    [tile, 5],
    [tile + 1, 80],
    [2 * tile + 2, 30],
    [5, tile],
    [100, tile + 1],
  ])
    assert.equal(rgbaAt(png, x, y)[3], 0, `gap ${x},${y}`);
});
