import assert from 'node:assert/strict';
import { test } from 'node:test';
import { thumbnailRgba } from '../../../src/webview/common/thumbnails';
import { labelColour, PALETTE_SIZE, UNLABELLED_COLOUR } from '../../../src/webview/common/palette';
import { legendEntries } from '../../../src/webview/common/legend';

test('thumbnailRgba converts grey, RGB and RGBA tiles of an [n, h, w, c] array', () => {
  const cases: Array<[string, number[], [number, number, number], number, number[]]> = [
    ['grey, second image', [1, 2, 3, 4], [1, 2, 1], 1, [3, 3, 3, 255, 4, 4, 4, 255]],
    ['rgb', [9, 8, 7, 10, 20, 30], [1, 1, 3], 1, [10, 20, 30, 255]],
    ['rgba keeps alpha', [1, 2, 3, 4], [1, 1, 4], 0, [1, 2, 3, 4]],
  ];
  for (const [name, pixels, shape, index, expected] of cases) {
    assert.deepEqual([...thumbnailRgba(Uint8Array.from(pixels), shape, index)], expected, name);
  }
});

test('thumbnailRgba rejects bad channels and indices, naming the problem', () => {
  assert.throws(() => thumbnailRgba(new Uint8Array(8), [1, 2, 2], 0), /channels must be 1, 3 or 4/);
  assert.throws(() => thumbnailRgba(new Uint8Array(4), [2, 2, 1], 1), /index 1 outside 0..0/);
  assert.throws(() => thumbnailRgba(new Uint8Array(4), [2, 2, 1], -1), /index -1/);
});

test('labelColour: distinct within the palette, cycles after, grey for missing labels', () => {
  const colours = Array.from({ length: PALETTE_SIZE }, (_, i) => labelColour(i));
  assert.equal(new Set(colours).size, PALETTE_SIZE);
  assert.equal(labelColour(PALETTE_SIZE + 3), labelColour(3));
  for (const bad of [-1, 1.5, NaN]) assert.equal(labelColour(bad), UNLABELLED_COLOUR);
});

test('legendEntries counts labels in label order and names them', () => {
  assert.deepEqual(legendEntries([2, 0, 2, -1], ['a', 'b', 'c']), [
    { label: -1, count: 1, name: 'unlabelled' },
    { label: 0, count: 1, name: 'a' },
    { label: 2, count: 2, name: 'c' },
  ]);
  assert.deepEqual(legendEntries([4]), [{ label: 4, count: 1, name: 'class 4' }]);
});
