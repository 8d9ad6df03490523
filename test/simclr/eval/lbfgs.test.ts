import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lbfgs } from '../../../src/simclr/eval/lbfgs';

test('L-BFGS finds the minimiser of a badly scaled quadratic', async () => {
  // f = sum_i a_i (x_i - c_i)^2 / 2 with curvatures spanning 1e4.
  const a = Float64Array.from({ length: 20 }, (_, i) => 10 ** ((4 * i) / 19));
  const c = Float64Array.from({ length: 20 }, (_, i) => Math.sin(i + 1));
  const result = await lbfgs(
    (x) => {
      let value = 0;
      const gradient = new Float64Array(x.length);
      for (let i = 0; i < x.length; i++) {
        value += (a[i] * (x[i] - c[i]) ** 2) / 2;
        gradient[i] = a[i] * (x[i] - c[i]);
      }
      return { value, gradient };
    },
    new Float64Array(20),
    { gradientTolerance: 1e-8, functionTolerance: 0 },
  );
  assert.equal(result.reason, 'gradient');
  for (let i = 0; i < 20; i++)
    assert.ok(Math.abs(result.x[i] - c[i]) < 1e-6, `x[${i}] = ${result.x[i]}, expected ${c[i]}`);
});

test('L-BFGS minimises the Rosenbrock function to (1, 1)', async () => {
  const result = await lbfgs(
    ([x, y]) => ({
      value: (1 - x) ** 2 + 100 * (y - x * x) ** 2,
      gradient: Float64Array.of(-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)),
    }),
    Float64Array.of(-1.2, 1),
    { gradientTolerance: 1e-9, functionTolerance: 0, maxIterations: 500 },
  );
  assert.ok(
    Math.abs(result.x[0] - 1) < 1e-5 && Math.abs(result.x[1] - 1) < 1e-5,
    `${result.x} after ${result.iterations} iterations (${result.reason})`,
  );
});

test('L-BFGS stops at maxIterations and when aborted, and rejects a non-finite start', async () => {
  const quadratic = (x: Float64Array) => ({
    value: x[0] ** 2 + 1e3 * x[1] ** 2,
    gradient: Float64Array.of(2 * x[0], 2e3 * x[1]),
  });
  const capped = await lbfgs(quadratic, Float64Array.of(3, 4), { maxIterations: 1, gradientTolerance: 0 });
  assert.equal(capped.reason, 'max iterations');
  assert.equal(capped.iterations, 1);
  const controller = new AbortController();
  controller.abort();
  const aborted = await lbfgs(quadratic, Float64Array.of(3, 4), { signal: controller.signal });
  assert.equal(aborted.reason, 'aborted');
  assert.deepEqual([...aborted.x], [3, 4]);
  await assert.rejects(
    lbfgs(() => ({ value: Number.NaN, gradient: new Float64Array(1) }), new Float64Array(1)),
    /objective is NaN/,
  );
});
