import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alignTo, orthogonalProcrustes } from '../../../src/simclr/projections/procrustes';
import { pca } from '../../../src/simclr/projections/pca';
import { Random } from '../../../src/simclr/random';

function rotate(points: Float32Array, n: number, angle: number, flipY = false): Float32Array {
  const c = Math.cos(angle),
    s = Math.sin(angle);
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const x = points[2 * i],
      y = flipY ? -points[2 * i + 1] : points[2 * i + 1];
    out[2 * i] = c * x - s * y;
    out[2 * i + 1] = s * x + c * y;
  }
  return out;
}

const square = Float32Array.from([1, 0, 0, 2, -1, 0, 0, -2]);

test('a known rotation is undone: 90 degrees turns back by R = [[0, -1], [1, 0]]', () => {
  const turned = rotate(square, 4, Math.PI / 2);
  const r = orthogonalProcrustes(turned, square, 4, 2);
  // turned row (x, y) = (-y0, x0); (x, y) R = (y, -x) = (x0, y0).
  [0, -1, 1, 0].forEach((v, i) => assert.ok(Math.abs(r[i] - v) < 1e-12, `R = ${Array.from(r)}`));
  alignTo(turned, square, 4, 2).forEach((v, i) => assert.ok(Math.abs(v - square[i]) < 1e-6, `point ${i}: ${v}`));
});

test('a reflection (a PCA axis that flipped sign) is undone too', () => {
  const flipped = rotate(square, 4, 0, true);
  const aligned = alignTo(flipped, square, 4, 2);
  aligned.forEach((v, i) => assert.ok(Math.abs(v - square[i]) < 1e-6, `point ${i}: ${v}`));
});

test('matches numpy (scipy.linalg.orthogonal_procrustes formula) on noisy 2-D and 3-D fixtures', () => {
  const fixture = JSON.parse(readFileSync(join(__dirname, '../../fixtures/procrustes-numpy.json'), 'utf8')) as {
    cases: { n: number; dims: number; source: number[]; target: number[]; rotation: number[]; residual: number }[];
  };
  assert.equal(fixture.cases.length, 2);
  for (const c of fixture.cases) {
    const source = Float64Array.from(c.source),
      target = Float64Array.from(c.target);
    const r = orthogonalProcrustes(source, target, c.n, c.dims);
    r.forEach((v, i) =>
      assert.ok(Math.abs(v - c.rotation[i]) < 1e-9, `dims ${c.dims}: R[${i}] = ${v}, numpy ${c.rotation[i]}`),
    );
    let residual = 0;
    for (let i = 0; i < c.n; i++) {
      for (let b = 0; b < c.dims; b++) {
        let s = 0;
        for (let a = 0; a < c.dims; a++) s += source[i * c.dims + a] * r[a * c.dims + b];
        residual += (s - target[i * c.dims + b]) ** 2;
      }
    }
    assert.ok(Math.abs(Math.sqrt(residual) - c.residual) < 1e-9, `residual ${Math.sqrt(residual)} vs ${c.residual}`);
  }
});

test('the result is orthogonal and no other rotation fits better', () => {
  const random = new Random(3);
  const n = 30;
  const points = Float32Array.from({ length: 2 * n }, () => random.normal());
  const target = rotate(points, n, 0.7).map((v) => v + 0.2 * random.normal());
  const r = orthogonalProcrustes(points, target, n, 2);
  const [a, b, c, d] = r;
  assert.ok(
    Math.abs(a * a + c * c - 1) < 1e-12 && Math.abs(b * b + d * d - 1) < 1e-12 && Math.abs(a * b + c * d) < 1e-12,
  );
  const error = (p: Float32Array) => p.reduce((s, v, i) => s + (v - target[i]) ** 2, 0);
  const best = error(alignTo(points, target, n, 2));
  for (let k = 0; k < 72; k++) {
    assert.ok(best <= error(rotate(points, n, (k * Math.PI) / 36)) + 1e-4);
    assert.ok(best <= error(rotate(points, n, (k * Math.PI) / 36, true)) + 1e-4);
  }
});

test('consecutive PCA projections whose axes flipped line up again', () => {
  const random = new Random(5);
  const n = 200,
    dim = 8;
  const x = Float32Array.from({ length: n * dim }, (_, i) => random.normal() * (i % dim < 2 ? 4 - (i % dim) : 0.3));
  const first = pca(x, n, dim, 2).points;
  const negated = x.map((v, i) => (i % dim === 0 ? -v : v)); // the same cloud with its first axis mirrored
  const second = pca(negated, n, dim, 2).points;
  const before = second.reduce((s, v, i) => s + (v - first[i]) ** 2, 0);
  const after = alignTo(second, first, n, 2).reduce((s, v, i) => s + (v - first[i]) ** 2, 0);
  assert.ok(before > 1, `the raw projections differ (${before})`);
  assert.ok(after < 1e-6, `aligned: ${after}`);
});

test('bad input gets a clear error', () => {
  assert.throws(() => orthogonalProcrustes(square, square, 3, 2), /source has 8 values but n \* dims = 3 \* 2 = 6/);
  assert.throws(
    () => orthogonalProcrustes(square, Float32Array.from([1, 0, 0, NaN, 1, 1, 1, 1]), 4, 2),
    /target\[1, 1\] is NaN/,
  );
  assert.throws(
    () => orthogonalProcrustes([1, 2] as unknown as Float32Array, square, 1, 2),
    /Float32Array or Float64Array/,
  );
  assert.throws(() => orthogonalProcrustes(square, square, 4, 0), /dims must be a positive integer/);
});
