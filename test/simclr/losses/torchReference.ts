/**
 * What the loss tests share: seeded float32-representable inputs, float64 helpers for the naive
 * references, and the PyTorch references of test/fixtures/make_loss_fixtures.py (committed fixture,
 * and live when /usr/bin/python3 imports torch).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from '../../../src/simclr/tf';
import { Random } from '../../../src/simclr/random';

export const fixtureDir = join(__dirname, '../../fixtures');
const torchPython = '/usr/bin/python3';
export const torchAvailable = spawnSync(torchPython, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
export const torchSkip = torchAvailable ? false : `${torchPython} cannot import torch`;

export type Case = Record<string, unknown> & { loss: number };

export function randomMatrix(rng: Random, n: number, d: number, scale = 1): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: d }, () => Math.fround(scale * rng.normal())));
}

/** Rows scaled to unit norm in float64 (norm clamped at 1e-12, as F.normalize). */
export function normalizeRows(x: number[][]): number[][] {
  return x.map((row) => {
    const norm = Math.max(Math.sqrt(row.reduce((s, v) => s + v * v, 0)), 1e-12);
    return row.map((v) => v / norm);
  });
}

export const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);

/** log(sum exp(values)) in float64, shifted by the maximum. */
export function logSumExp(values: number[]): number {
  const max = Math.max(...values);
  return max + Math.log(values.reduce((s, v) => s + Math.exp(v - max), 0));
}

export function assertNear(actual: number, expected: number, relTol: number, what: string) {
  assert.ok(
    Math.abs(actual - expected) <= relTol * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} vs ${expected}`,
  );
}

const flat = (x: unknown): number[] => [x].flat(Infinity as 1) as number[];

/** Element-wise closeness relative to the largest expected magnitude (at least 1). */
export function assertAllClose(actual: unknown, expected: unknown, tol: number, what: string) {
  const a = flat(actual),
    e = flat(expected);
  assert.equal(a.length, e.length, `${what}: ${a.length} values vs ${e.length}`);
  const scale = Math.max(1, ...e.map(Math.abs));
  a.forEach((v, i) => assert.ok(Math.abs(v - e[i]) <= tol * scale, `${what}[${i}]: ${v} vs ${e[i]}`));
}

export function loadFixture(name: string): Case[] {
  const fixture = JSON.parse(readFileSync(join(fixtureDir, `${name}-torch.json`), 'utf8')) as { cases: Case[] };
  return fixture.cases;
}

/** Runs the PyTorch reference of `name` on the given input cases. */
export function torchLive(name: string, cases: Record<string, unknown>[]): Case[] {
  const output = execFileSync(torchPython, [join(fixtureDir, 'make_loss_fixtures.py'), name, '--stdin'], {
    input: JSON.stringify({ cases }),
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  return (JSON.parse(output) as { cases: Case[] }).cases;
}

/**
 * Loss and gradients of every input in `inputs` from tfjs against the PyTorch values in each case
 * ("loss", "grad_<input>"); asserts the tensor count is unchanged after each evaluation.
 */
export function checkAgainstTorch(
  cases: Case[],
  inputs: string[],
  loss: (tensors: tf.Tensor[], c: Case) => tf.Scalar,
  tolerance: { loss: number; grad: number } = { loss: 1e-5, grad: 2e-4 },
) {
  assert.ok(cases.length > 0);
  for (const [index, c] of cases.entries()) {
    const before = tf.memory().numTensors;
    const { value, grads } = tf.tidy(() => {
      const tensors = inputs.map((key) => tf.tensor(c[key] as number[]));
      const result = tf.valueAndGrads((...xs: tf.Tensor[]) => loss(xs, c))(tensors);
      return { value: result.value.dataSync()[0], grads: result.grads.map((g) => g.arraySync()) };
    });
    assert.equal(tf.memory().numTensors, before, `case ${index}: tensor count`);
    assertNear(value, c.loss, tolerance.loss, `case ${index}: loss vs torch`);
    inputs.forEach((key, i) => assertAllClose(grads[i], c[`grad_${key}`], tolerance.grad, `case ${index}: d/d${key}`));
  }
}

/** Value and gradients of `loss` at the given inputs, all read back; tensor count checked flat. */
export function valueAndGradients(
  inputs: (number[][] | number)[],
  loss: (tensors: tf.Tensor[]) => tf.Scalar,
): { value: number; grads: number[] } {
  const before = tf.memory().numTensors;
  const out = tf.tidy(() => {
    const result = tf.valueAndGrads((...xs: tf.Tensor[]) => loss(xs))(inputs.map((x) => tf.tensor(x)));
    return { value: result.value.dataSync()[0], grads: result.grads.flatMap((g) => Array.from(g.dataSync())) };
  });
  assert.equal(tf.memory().numTensors, before, 'tensor count');
  return out;
}

export function assertFinite(values: number[], what: string) {
  for (const v of values) assert.ok(Number.isFinite(v), `${what}: ${v}`);
}
