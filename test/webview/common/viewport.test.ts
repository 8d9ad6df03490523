import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  fitViewport,
  isViewport,
  pan,
  pointBounds,
  toData,
  toScreen,
  wheelZoomFactor,
  zoomAt,
} from '../../../src/webview/common/viewport';

test('pointBounds: table', () => {
  const cases: Array<[number[], number, ReturnType<typeof pointBounds>]> = [
    [[0, 0, 2, 3], 2, { minX: 0, maxX: 2, minY: 0, maxY: 3 }],
    [[1, 5, 9, -1, 2, 7], 3, { minX: -1, maxX: 1, minY: 2, maxY: 5 }],
    [[], 2, { minX: -1, maxX: 1, minY: -1, maxY: 1 }],
    [[NaN, 1, 4, 4], 2, { minX: 4, maxX: 4, minY: 4, maxY: 4 }],
  ];
  for (const [points, dims, expected] of cases)
    assert.deepEqual(pointBounds(points, dims), expected, JSON.stringify(points));
});

test('fitViewport puts the bounds corners inside the padded box, centred, y up', () => {
  const b = { minX: -2, maxX: 2, minY: 0, maxY: 1 };
  const v = fitViewport(b, 400, 200, 10);
  assert.equal(v.scale, 95); // min(380/4, 180/1)
  const [x0, y0] = toScreen(v, b.minX, b.minY);
  const [x1, y1] = toScreen(v, b.maxX, b.maxY);
  assert.deepEqual([x0, x1], [10, 390]);
  assert.ok(y1 < y0, 'larger y is higher on screen');
  assert.equal((y0 + y1) / 2, 100);
});

test('toData inverts toScreen', () => {
  const v = { scale: 3.5, tx: -20, ty: 77 };
  for (const [x, y] of [
    [0, 0],
    [1.5, -2],
    [-100, 33],
  ]) {
    const [sx, sy] = toScreen(v, x, y);
    const [bx, by] = toData(v, sx, sy);
    assert.ok(Math.abs(bx - x) < 1e-9 && Math.abs(by - y) < 1e-9);
  }
});

test('zoomAt keeps the anchor point fixed; pan shifts by the delta', () => {
  const v = { scale: 2, tx: 10, ty: 20 };
  for (const factor of [0.5, 1.25, 4]) {
    const anchor = toData(v, 123, 45);
    const z = zoomAt(v, factor, 123, 45);
    assert.equal(z.scale, 2 * factor);
    const after = toData(z, 123, 45);
    assert.ok(Math.abs(after[0] - anchor[0]) < 1e-9 && Math.abs(after[1] - anchor[1]) < 1e-9);
  }
  assert.deepEqual(pan(v, 5, -3), { scale: 2, tx: 15, ty: 17 });
});

test('wheelZoomFactor: in for negative delta, out for positive, symmetric, clamped', () => {
  assert.ok(wheelZoomFactor(-100) > 1 && wheelZoomFactor(100) < 1);
  assert.ok(Math.abs(wheelZoomFactor(-100) * wheelZoomFactor(100) - 1) < 1e-12);
  assert.equal(wheelZoomFactor(1e6), wheelZoomFactor(500));
});

test('isViewport: table', () => {
  const cases: Array<[unknown, boolean]> = [
    [{ scale: 1, tx: 0, ty: 0 }, true],
    [{ scale: 0, tx: 0, ty: 0 }, false],
    [{ scale: 1, tx: NaN, ty: 0 }, false],
    [{ scale: 1, tx: 0 }, false],
    [null, false],
    ['x', false],
  ];
  for (const [value, expected] of cases) assert.equal(isViewport(value), expected, JSON.stringify(value));
});
