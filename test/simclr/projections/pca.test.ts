import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pca } from '../../../src/simclr/projections/pca';
import { Random } from '../../../src/simclr/random';

test('pca of a small known matrix: axes, variances and coordinates by hand', () => {
  // Points on the axes: covariance diag(8/3, 2/3) (n - 1 = 3), so the axes are x then y.
  const x = Float32Array.from([2, 0, 0, 1, -2, 0, 0, -1]);
  const r = pca(x, 4, 2, 2);
  assert.deepEqual(Array.from(r.mean), [0, 0]);
  assert.ok(Math.abs(r.variances[0] - 8 / 3) < 1e-9 && Math.abs(r.variances[1] - 2 / 3) < 1e-9, `${r.variances}`);
  assert.ok(Math.abs(r.explainedVarianceRatio[0] - 0.8) < 1e-9);
  const expected = [2, 0, 0, 1, -2, 0, 0, -1];
  r.points.forEach((v, t) => assert.ok(Math.abs(Math.abs(v) - Math.abs(expected[t])) < 1e-6, `point ${t}: ${v}`));
  assert.ok(Math.abs(r.points[0] - 2) < 1e-6, 'the sign puts the largest loading positive');
});

test('pca on correlated 6-D data: C v = lambda v, orthonormal axes, decreasing variance', () => {
  const random = new Random(11);
  const n = 500,
    dim = 6;
  const x = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const a = 3 * random.normal(),
      b = random.normal();
    for (let d = 0; d < dim; d++) x[i * dim + d] = a * (d % 2 ? 1 : -1) + b * d * 0.3 + 0.1 * random.normal() + 5;
  }
  const r = pca(x, n, dim, 3);
  // Reference covariance, computed naively.
  const cov = Array.from({ length: dim }, () => new Float64Array(dim));
  for (let a = 0; a < dim; a++)
    for (let b = 0; b < dim; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (x[i * dim + a] - r.mean[a]) * (x[i * dim + b] - r.mean[b]);
      cov[a][b] = s / (n - 1);
    }
  for (let c = 0; c < 3; c++) {
    const v = r.components.subarray(c * dim, (c + 1) * dim);
    for (let a = 0; a < dim; a++) {
      const cv = cov[a].reduce((s, value, b) => s + value * v[b], 0);
      assert.ok(Math.abs(cv - r.variances[c] * v[a]) < 1e-6 * r.variances[0], `axis ${c}, row ${a}`);
    }
    for (let c2 = 0; c2 < 3; c2++) {
      const dot = v.reduce((s, value, d) => s + value * r.components[c2 * dim + d], 0);
      assert.ok(Math.abs(dot - (c === c2 ? 1 : 0)) < 1e-9, `axes ${c}, ${c2}: ${dot}`);
    }
    if (c > 0) assert.ok(r.variances[c] <= r.variances[c - 1]);
    // The projected coordinates have the axis' variance.
    let s = 0;
    for (let i = 0; i < n; i++) s += r.points[i * 3 + c] ** 2;
    assert.ok(Math.abs(s / (n - 1) - r.variances[c]) < 1e-3 * r.variances[0]);
  }
  assert.ok(r.explainedVarianceRatio[0] > 0.9, `first axis explains ${r.explainedVarianceRatio[0]}`);
});

test('pca rejects dims outside 1..dim and a single row', () => {
  assert.throws(() => pca(new Float32Array(6), 3, 2, 3), /pca: dims must be in 1\.\.2/);
  assert.throws(() => pca(new Float32Array(2), 1, 2, 1), /at least 2 rows/);
});
