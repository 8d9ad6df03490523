import assert from 'node:assert/strict';
import { test } from 'node:test';
import { THUMB_PX, tooltipPosition } from '../../../src/webview/common/tooltip';

test('tooltipPosition: right of and below the cursor, flipped or clamped at the edges: table', () => {
  const cases: Array<[string, [number, number, number, number], [number, number]]> = [
    ['room everywhere', [100, 100, 800, 600], [114, 114]],
    ['near the right edge: flips left', [750, 100, 800, 600], [750 - THUMB_PX - 30, 114]],
    ['near the bottom: clamped up', [100, 590, 800, 600], [114, 600 - THUMB_PX - 30]],
    ['tiny plot: never negative', [10, 10, 60, 40], [0, 0]],
  ];
  for (const [name, [sx, sy, w, h], expected] of cases) assert.deepEqual(tooltipPosition(sx, sy, w, h), expected, name);
});
