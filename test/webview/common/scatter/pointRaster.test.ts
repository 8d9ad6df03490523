import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  drawSquares,
  packRgba,
  unpackRgba,
  type PixelBuffer,
  type SquareStyle,
} from '../../../../src/webview/common/scatter/pointRaster';

const identity = { scale: 1, tx: 0, ty: 0 };

function buffer(width: number, height: number): PixelBuffer {
  return { pixels: new Uint32Array(width * height), width, height };
}

/** "x,y" of every painted pixel. */
function painted(b: PixelBuffer): string[] {
  const out: string[] = [];
  for (let p = 0; p < b.pixels.length; p++)
    if (b.pixels[p] !== 0) out.push(`${p % b.width},${Math.floor(p / b.width)}`);
  return out;
}

/** The pixels whose centres (px + 0.5, py + 0.5) lie in [cx - s/2, cx + s/2) x [cy - s/2, cy + s/2): WebGL's point rule. */
function coveredByCentres(cx: number, cy: number, size: number, width: number, height: number): string[] {
  const out: string[] = [];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (x + 0.5 >= cx - size / 2 && x + 0.5 < cx + size / 2 && y + 0.5 >= cy - size / 2 && y + 0.5 < cy + size / 2)
        out.push(`${x},${y}`);
  return out;
}

const red: SquareStyle = { size: 3, rgb: [255, 0, 0], alpha: 1 };

test('a square covers the pixels whose centres it contains, clipped at the edges', () => {
  const cases: Array<{ name: string; x: number; y: number; size: number }> = [
    { name: 'odd size on a pixel centre', x: 5.5, y: -4.5, size: 3 },
    { name: 'odd size off centre', x: 5.2, y: -4.9, size: 3 },
    { name: 'even size', x: 6.3, y: -3.7, size: 6 },
    { name: 'left/top edge', x: 0.4, y: -0.6, size: 3 },
    { name: 'right/bottom edge', x: 11.8, y: -9.9, size: 4 },
  ];
  for (const c of cases) {
    const b = buffer(12, 10);
    // Data y grows upwards: screen y = -y.
    drawSquares(b, new Float32Array([c.x, c.y]), 0, 1, identity, { ...red, size: c.size });
    assert.deepEqual(painted(b).sort(), coveredByCentres(c.x, -c.y, c.size, 12, 10).sort(), c.name);
  }
});

test('the transform places points in device pixels; non-finite and far-off points draw nothing', () => {
  const b = buffer(20, 20);
  const xy = new Float32Array([1, 1, NaN, 0, 0, Infinity, 100, 100]);
  drawSquares(b, xy, 0, 4, { scale: 4, tx: 2, ty: 18 }, red);
  // (1, 1) -> (6, 14): pixels 5..7 x 13..15.
  assert.deepEqual(painted(b).sort(), coveredByCentres(6, 14, 3, 20, 20).sort());
});

test('`order` draws only the listed vertices', () => {
  const b = buffer(30, 10);
  const xy = new Float32Array([5, -5, 15, -5, 25, -5]);
  drawSquares(b, xy, 0, 2, identity, red, [2, 0]);
  // Centres 5 and 25 (vertex 1 at 15 not listed): pixels whose centres lie in [c - 1.5, c + 1.5).
  const xs = new Set(painted(b).map((p) => Number(p.split(',')[0])));
  assert.deepEqual(
    [...xs].sort((a, c) => a - c),
    [3, 4, 5, 23, 24, 25],
  );
});

test('colours blend source-over on non-premultiplied RGBA, as canvas 2-D composites them', () => {
  const sourceOver = (
    d: [number, number, number, number],
    s: [number, number, number],
    a: number,
  ): [number, number, number, number] => {
    const da = d[3] / 255;
    const oa = a + da * (1 - a);
    const c = (i: number): number => Math.round((s[i] * a + d[i] * da * (1 - a)) / oa);
    return [c(0), c(1), c(2), Math.round(oa * 255)];
  };
  const table: Array<{ under: [number, number, number, number]; rgb: [number, number, number]; alpha: number }> = [
    { under: [0, 0, 0, 0], rgb: [31, 119, 180], alpha: 0.85 },
    { under: [255, 127, 14, 217], rgb: [31, 119, 180], alpha: 0.85 },
    { under: [44, 160, 44, 46], rgb: [214, 39, 40], alpha: 0.18 },
    { under: [10, 20, 30, 255], rgb: [200, 100, 0], alpha: 0.5 },
    { under: [10, 20, 30, 128], rgb: [200, 100, 0], alpha: 1 },
  ];
  for (const { under, rgb, alpha } of table) {
    const b = buffer(1, 1);
    b.pixels[0] = packRgba(...under);
    drawSquares(b, new Float32Array([0.5, -0.5]), 0, 1, identity, { size: 1, rgb, alpha });
    const got = unpackRgba(b.pixels[0]);
    const want = sourceOver(under, rgb, alpha);
    for (let i = 0; i < 4; i++)
      assert.ok(Math.abs(got[i] - want[i]) <= 1, `${JSON.stringify({ under, rgb, alpha })}: ${got} vs ${want}`);
  }
  // Stacking the same colour converges to it and never overshoots full opacity.
  const b = buffer(1, 1);
  for (let k = 0; k < 50; k++)
    drawSquares(b, new Float32Array([0.5, -0.5]), 0, 1, identity, { size: 1, rgb: [31, 119, 180], alpha: 0.5 });
  assert.deepEqual(unpackRgba(b.pixels[0]), [31, 119, 180, 255]);
});

test('packRgba lays bytes out as ImageData does (r first in memory)', () => {
  const pixels = new Uint32Array([packRgba(1, 2, 3, 250)]);
  assert.deepEqual([...new Uint8ClampedArray(pixels.buffer)], [1, 2, 3, 250]);
});
