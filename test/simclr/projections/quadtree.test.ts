import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QuadTree } from '../../../src/simclr/projections/tsne/quadtree';
import { Random } from '../../../src/simclr/random';

/** Exact sum_j q_ij^2 (y_i - y_j) and sum_j q_ij, q = 1 / (1 + d^2). */
function exactRepulsion(y: Float64Array, n: number, i: number) {
  let z = 0,
    fx = 0,
    fy = 0;
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    const dx = y[2 * i] - y[2 * j],
      dy = y[2 * i + 1] - y[2 * j + 1];
    const q = 1 / (1 + dx * dx + dy * dy);
    z += q;
    fx += q * q * dx;
    fy += q * q * dy;
  }
  return { z, fx, fy };
}

const random = new Random(3);
const n = 300;
const y = Float64Array.from({ length: 2 * n }, () => 5 * random.normal());
y[2 * 7] = y[2 * 8]; // two coincident points
y[2 * 7 + 1] = y[2 * 8 + 1];

// theta 0 must be exact; larger theta trades accuracy for speed (bhtsne's half-width criterion).
const cases = [
  { theta: 0, totalZ: 1e-12, meanForce: 1e-9 },
  { theta: 0.25, totalZ: 0.02, meanForce: 0.06 },
  { theta: 0.5, totalZ: 0.06, meanForce: 0.2 },
];
for (const { theta, totalZ, meanForce } of cases) {
  test(`quadtree repulsion, theta=${theta}: total Z within ${totalZ}, mean force error within ${meanForce}`, () => {
    const tree = new QuadTree();
    tree.build(y, n);
    const force = new Float64Array(2 * n);
    let z = 0,
      zRef = 0,
      forceError = 0;
    for (let i = 0; i < n; i++) {
      z += tree.repulsion(y, i, theta, force);
      const ref = exactRepulsion(y, n, i);
      zRef += ref.z;
      forceError += Math.hypot(force[2 * i] - ref.fx, force[2 * i + 1] - ref.fy) / Math.hypot(ref.fx, ref.fy) / n;
    }
    assert.ok(Math.abs(z - zRef) <= totalZ * zRef, `Z ${z} vs ${zRef}`);
    assert.ok(forceError <= meanForce, `mean relative force error ${forceError}`);
  });
}

test('quadtree is reusable: a second build over moved points gives the new exact sums', () => {
  const tree = new QuadTree();
  tree.build(y, n);
  const moved = y.map((v) => 0.1 * v);
  tree.build(moved, n);
  const force = new Float64Array(2 * n);
  const z = tree.repulsion(moved, 3, 0, force);
  assert.ok(Math.abs(z - exactRepulsion(moved, n, 3).z) < 1e-9);
});
