import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fittedTilePx } from '../../../src/webview/renderers/augmentationGrid';

test('fittedTilePx enlarges small tiles and fits the available width: table', () => {
  const cases: Array<[tile: number, cols: number, width: number, expected: number]> = [
    [28, 5, 1000, 84],
    [28, 9, 600, 56],
    [96, 3, 2000, 96],
    [28, 40, 300, 8],
  ];
  for (const [tile, cols, width, expected] of cases)
    assert.equal(fittedTilePx(tile, cols, width), expected, `${tile} ${cols} ${width}`);
});
