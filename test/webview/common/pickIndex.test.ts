import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PickIndex } from '../../../src/webview/common/pickIndex';
import { Random } from '../../../src/simclr/random';

/** Brute-force reference: nearest index within radius (ties: the later one, like PickIndex's <=). */
function bruteNearest(
  points: Float32Array,
  x: number,
  y: number,
  radius: number,
  visible?: (i: number) => boolean,
): number {
  let best = -1,
    bestD2 = radius * radius;
  for (let i = 0; i < points.length / 2; i++) {
    const d2 = (points[2 * i] - x) ** 2 + (points[2 * i + 1] - y) ** 2;
    if (d2 <= bestD2 && (!visible || visible(i))) {
      bestD2 = d2;
      best = i;
    }
  }
  return best;
}

test('PickIndex matches brute force on clustered random points, with and without a filter', () => {
  const rng = new Random(7);
  const n = 5000;
  const points = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const c = i % 5;
    points[2 * i] = c * 10 + rng.normal() * (c + 1) * 0.5;
    points[2 * i + 1] = -c * 3 + rng.normal() * 0.7;
  }
  const index = new PickIndex(points, 2);
  const odd = (i: number): boolean => i % 2 === 1;
  for (let q = 0; q < 300; q++) {
    const x = rng.uniform(-5, 55),
      y = rng.uniform(-15, 5),
      r = [0.05, 0.3, 2][q % 3];
    const got = index.nearest(x, y, r);
    const want = bruteNearest(points, x, y, r);
    if (got !== want) {
      // Equal distances may resolve to either point.
      const d = (i: number): number => (i < 0 ? -1 : (points[2 * i] - x) ** 2 + (points[2 * i + 1] - y) ** 2);
      assert.equal(d(got), d(want), `query ${q}`);
    }
    const gotOdd = index.nearest(x, y, r, odd);
    assert.ok(gotOdd === -1 || odd(gotOdd));
    assert.equal(gotOdd < 0, bruteNearest(points, x, y, r, odd) < 0);
  }
});

test('PickIndex: edge cases table', () => {
  const cases: Array<
    [name: string, points: number[], dims: number, query: [number, number, number], expected: number]
  > = [
    ['empty', [], 2, [0, 0, 1], -1],
    ['single point hit', [3, 4], 2, [3.1, 4, 0.5], 0],
    ['single point miss', [3, 4], 2, [5, 4, 0.5], -1],
    ['all identical', [1, 1, 1, 1, 1, 1], 2, [1, 1, 0.1], 2],
    ['3-D rows use x, y', [0, 0, 9, 10, 10, -9], 3, [9.8, 10, 1], 1],
    ['NaN points are skipped', [NaN, 0, 2, 2], 2, [2, 2, 1], 1],
  ];
  for (const [name, points, dims, [x, y, r], expected] of cases) {
    assert.equal(new PickIndex(points, dims).nearest(x, y, r), expected, name);
  }
  assert.throws(() => new PickIndex([1], 1), /dims must be >= 2/);
});
