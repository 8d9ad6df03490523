import assert from 'node:assert/strict';
import { test } from 'node:test';
import { boxPolygon, insidePolygon, pointsInPolygon } from '../../../../src/webview/common/scatter/regionSelection';

/** A C shape open to the right: the notch (x in 1..3, y in 1..2) is outside. */
const C_SHAPE = [0, 0, 3, 0, 3, 1, 1, 1, 1, 2, 3, 2, 3, 3, 0, 3];

test('insidePolygon: convex, concave and self-crossing outlines (even-odd)', () => {
  const bowtie = [0, 0, 2, 2, 2, 0, 0, 2]; // two triangles meeting at (1, 1)
  const cases: Array<[name: string, polygon: number[], x: number, y: number, inside: boolean]> = [
    ['box centre', boxPolygon(0, 0, 2, 2), 1, 1, true],
    ['box, corners given in reverse', boxPolygon(2, 2, 0, 0), 1.5, 0.5, true],
    ['outside the box', boxPolygon(0, 0, 2, 2), 3, 1, false],
    ['C shape: in the spine', C_SHAPE, 0.5, 1.5, true],
    ['C shape: in the notch', C_SHAPE, 2, 1.5, false],
    ['C shape: in the top arm', C_SHAPE, 2, 2.5, true],
    ['bowtie: left lobe', bowtie, 0.3, 1, true],
    ['bowtie: above the crossing', bowtie, 1, 1.7, false],
  ];
  for (const [name, polygon, x, y, inside] of cases) assert.equal(insidePolygon(polygon, x, y), inside, name);
});

test('pointsInPolygon: ascending indices inside, hidden points excluded, degenerate outlines select nothing', () => {
  // Points on a 4 x 4 grid at 0.5, 1.5, 2.5, 3.5 (index = row * 4 + column), a third column of noise.
  const points: number[] = [];
  for (let row = 0; row < 4; row++) for (let col = 0; col < 4; col++) points.push(col + 0.5, row + 0.5, 99);
  assert.deepEqual([...pointsInPolygon(points, 3, boxPolygon(0, 0, 2, 2))], [0, 1, 4, 5]);
  assert.deepEqual([...pointsInPolygon(points, 3, C_SHAPE)], [0, 1, 2, 4, 8, 9, 10]);
  assert.deepEqual([...pointsInPolygon(points, 3, C_SHAPE, (i) => i % 2 === 0)], [0, 2, 4, 8, 10]);
  assert.deepEqual([...pointsInPolygon(points, 3, [0, 0, 4, 4])], [], 'a line encloses nothing');
  assert.deepEqual([...pointsInPolygon(points, 3, [])], []);
  assert.deepEqual(
    [...pointsInPolygon([NaN, 1, 0, Infinity, 1, 1], 3, boxPolygon(-5, -5, 5, 5))],
    [],
    'non-finite points are never inside',
  );
});

test('pointsInPolygon agrees with insidePolygon on 5,000 random points and a 40-vertex star', () => {
  let seed = 7;
  const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const star: number[] = [];
  for (let k = 0; k < 40; k++) {
    const r = k % 2 === 0 ? 1 : 0.4,
      a = (k / 40) * 2 * Math.PI;
    star.push(r * Math.cos(a), r * Math.sin(a));
  }
  const points = Array.from({ length: 10_000 }, () => random() * 2.4 - 1.2);
  const expected: number[] = [];
  for (let i = 0; i < 5_000; i++) if (insidePolygon(star, points[i * 2], points[i * 2 + 1])) expected.push(i);
  const found = [...pointsInPolygon(points, 2, star)];
  assert.deepEqual(found, expected);
  assert.ok(found.length > 500 && found.length < 2_500, `a star covers part of the square: ${found.length}`);
});
