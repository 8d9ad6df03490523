import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from '../../../src/simclr/tf';
import { ntXentLoss } from '../../../src/simclr/losses/ntXent';
import { Random } from '../../../src/simclr/random';
import { initBackend } from '../../../src/simclr/backend/initBackend';

const fixtureDir = join(__dirname, '../../fixtures');
const torchPython = '/usr/bin/python3';

/** Plain-JS float64 NT-Xent, written as the paper's eq. 1 loop over anchors. */
function naiveNtXent(z1: number[][], z2: number[][], t: number): number {
  const z = [...z1, ...z2].map((row) => {
    const norm = Math.max(Math.sqrt(row.reduce((s, v) => s + v * v, 0)), 1e-12);
    return row.map((v) => v / norm);
  });
  const n = z1.length;
  const sim = (a: number, b: number) => z[a].reduce((s, v, k) => s + v * z[b][k], 0) / t;
  let total = 0;
  for (let i = 0; i < 2 * n; i++) {
    const j = i < n ? i + n : i - n;
    let denominator = 0;
    for (let k = 0; k < 2 * n; k++) if (k !== i) denominator += Math.exp(sim(i, k));
    total += -Math.log(Math.exp(sim(i, j)) / denominator);
  }
  return total / (2 * n);
}

function randomMatrix(rng: Random, n: number, d: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: d }, () => Math.fround(rng.normal())));
}

function lossOf(z1: number[][], z2: number[][], t: number): number {
  return tf.tidy(() => ntXentLoss(tf.tensor2d(z1), tf.tensor2d(z2), t).dataSync()[0]);
}

interface TorchCase {
  z1: number[][];
  z2: number[][];
  temperature: number;
  loss: number;
  grad_z1: number[][];
  grad_z2: number[][];
}

/** Loss and gradients from tfjs, for comparison with a PyTorch case. */
function lossAndGrads(c: { z1: number[][]; z2: number[][]; temperature: number }) {
  return tf.tidy(() => {
    const f = (a: tf.Tensor, b: tf.Tensor) => ntXentLoss(a as tf.Tensor2D, b as tf.Tensor2D, c.temperature);
    const { value, grads } = tf.valueAndGrads(f)([tf.tensor2d(c.z1), tf.tensor2d(c.z2)]);
    return {
      loss: value.dataSync()[0],
      g1: grads[0].arraySync() as number[][],
      g2: grads[1].arraySync() as number[][],
    };
  });
}

function assertClose(actual: number[][], expected: number[][], tol: number, what: string) {
  const scale = Math.max(1, ...expected.flat().map(Math.abs));
  actual.flat().forEach((a, i) => {
    const e = expected.flat()[i];
    assert.ok(Math.abs(a - e) <= tol * scale, `${what}[${i}]: ${a} vs ${e}`);
  });
}

function checkAgainstTorch(cases: TorchCase[]) {
  for (const c of cases) {
    const before = tf.memory().numTensors;
    const { loss, g1, g2 } = lossAndGrads(c);
    assert.equal(tf.memory().numTensors, before);
    const what = `N=${c.z1.length} T=${c.temperature}`;
    assert.ok(
      Math.abs(loss - c.loss) <= 1e-5 * Math.max(1, Math.abs(c.loss)),
      `${what}: loss ${loss} vs torch ${c.loss}`,
    );
    assertClose(g1, c.grad_z1, 2e-4, `${what} dz1`);
    assertClose(g2, c.grad_z2, 2e-4, `${what} dz2`);
  }
}

test('ntXentLoss matches a naive float64 loop', () => {
  const rng = new Random(11);
  for (const [n, d, t] of [
    [2, 3, 0.5],
    [4, 8, 0.5],
    [8, 16, 0.1],
    [16, 32, 0.2],
    [5, 4, 0.05],
    [3, 6, 1.5],
  ]) {
    const z1 = randomMatrix(rng, n, d),
      z2 = randomMatrix(rng, n, d);
    const expected = naiveNtXent(z1, z2, t);
    const actual = lossOf(z1, z2, t);
    assert.ok(
      Math.abs(actual - expected) < 1e-5 * Math.max(1, expected),
      `N=${n} D=${d} T=${t}: ${actual} vs ${expected}`,
    );
  }
});

test('ntXentLoss is symmetric: loss(a, b) = loss(b, a)', () => {
  const rng = new Random(5);
  for (const t of [0.07, 0.5, 2]) {
    const a = randomMatrix(rng, 6, 10),
      b = randomMatrix(rng, 6, 10);
    assert.ok(Math.abs(lossOf(a, b, t) - lossOf(b, a, t)) < 1e-5, `T=${t}`);
  }
  // and not symmetric in the pairing: shuffling one side changes it
  const a = randomMatrix(rng, 6, 10),
    b = randomMatrix(rng, 6, 10);
  assert.ok(Math.abs(lossOf(a, b, 0.5) - lossOf(a, [...b.slice(1), b[0]], 0.5)) > 1e-3);
});

test('ntXentLoss analytic values', () => {
  const cases: { name: string; z1: number[][]; z2: number[][]; t: number; expected: number }[] = [];
  for (const [n, t] of [
    [2, 0.5],
    [4, 0.1],
    [8, 0.01],
    [16, 1],
  ]) {
    // All 2N vectors identical: every logit is 1/T, so each anchor's softmax over its 2N-1 others is uniform.
    const v = [0.3, -1.2, 2.0, 0.5];
    const same = Array.from({ length: n }, () => [...v]);
    cases.push({
      name: `identical N=${n} T=${t}`,
      z1: same,
      z2: same.map((r) => r.map((x) => 2 * x)),
      t,
      expected: Math.log(2 * n - 1),
    });
    // Identical pairs, orthogonal across images: positive logit 1/T, 2N-2 negatives at 0.
    const onehot = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, k) => (k === i ? 1 : 0)));
    cases.push({
      name: `orthogonal N=${n} T=${t}`,
      z1: onehot,
      z2: onehot,
      t,
      expected: Math.log1p((2 * n - 2) * Math.exp(-1 / t)),
    });
  }
  for (const c of cases) {
    const actual = lossOf(c.z1, c.z2, c.t);
    assert.ok(Math.abs(actual - c.expected) < 1e-5 * Math.max(1, c.expected), `${c.name}: ${actual} vs ${c.expected}`);
  }
});

test('ntXentLoss has finite gradients for small temperatures, even for zero and identical vectors', () => {
  const rng = new Random(3);
  const inputs: [string, number[][], number[][]][] = [
    ['random', randomMatrix(rng, 8, 16), randomMatrix(rng, 8, 16)],
    ['identical', Array.from({ length: 8 }, () => [1, 2, 3]), Array.from({ length: 8 }, () => [1, 2, 3])],
    [
      'zero row',
      [
        [0, 0, 0],
        [1, 0, 0],
      ],
      [
        [0, 1, 0],
        [1, 1, 0],
      ],
    ],
  ];
  for (const t of [0.5, 0.05, 0.01, 1e-3, 1e-4]) {
    for (const [name, z1, z2] of inputs) {
      const { loss, g1, g2 } = lossAndGrads({ z1, z2, temperature: t });
      assert.ok(Number.isFinite(loss), `${name} T=${t}: loss ${loss}`);
      for (const g of [...g1.flat(), ...g2.flat()]) assert.ok(Number.isFinite(g), `${name} T=${t}: gradient ${g}`);
    }
    // The loss itself stays right at small T (a naive exp() without the max shift would overflow).
    const [z1, z2] = [inputs[0][1], inputs[0][2]];
    const expected = naiveNtXentStable(z1, z2, t);
    assert.ok(Math.abs(lossOf(z1, z2, t) - expected) < 2e-5 * Math.max(1, expected), `T=${t}`);
  }
});

/** The naive loop with log-sum-exp, for temperatures where exp(1/T) overflows float64. */
function naiveNtXentStable(z1: number[][], z2: number[][], t: number): number {
  const z = [...z1, ...z2].map((row) => {
    const norm = Math.sqrt(row.reduce((s, v) => s + v * v, 0));
    return row.map((v) => v / norm);
  });
  const n = z1.length;
  let total = 0;
  for (let i = 0; i < 2 * n; i++) {
    const logits = z.map((other, k) => (k === i ? -Infinity : z[i].reduce((s, v, c) => s + v * other[c], 0) / t));
    const max = Math.max(...logits);
    const lse = max + Math.log(logits.reduce((s, l) => s + Math.exp(l - max), 0));
    total += lse - logits[i < n ? i + n : i - n];
  }
  return total / (2 * n);
}

test('ntXentLoss rejects bad input with a clear error', () => {
  const a = tf.zeros([4, 3]) as tf.Tensor2D,
    b = tf.zeros([5, 3]) as tf.Tensor2D;
  assert.throws(() => ntXentLoss(a, b, 0.5), /ntXentLoss: z1 and z2/);
  assert.throws(() => ntXentLoss(a, a, 0), /temperature/);
  assert.throws(() => ntXentLoss(a, a, Number.NaN), /temperature/);
  tf.dispose([a, b]);
});

test('ntXentLoss matches PyTorch on the committed fixture', () => {
  const fixture = JSON.parse(readFileSync(join(fixtureDir, 'ntxent-torch.json'), 'utf8')) as { cases: TorchCase[] };
  assert.ok(fixture.cases.length >= 4);
  checkAgainstTorch(fixture.cases);
});

const torchAvailable = spawnSync(torchPython, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;

test(
  'ntXentLoss matches PyTorch live on fresh random inputs',
  { skip: torchAvailable ? false : `${torchPython} cannot import torch` },
  () => {
    const rng = new Random(2024);
    const cases = [
      [3, 5, 0.5],
      [10, 12, 0.1],
      [7, 9, 0.02],
    ].map(([n, d, t]) => ({
      z1: randomMatrix(rng, n, d),
      z2: randomMatrix(rng, n, d),
      temperature: t,
    }));
    const output = execFileSync(torchPython, [join(fixtureDir, 'make_ntxent_fixture.py'), '--stdin'], {
      input: JSON.stringify({ cases }),
      encoding: 'utf8',
      env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    checkAgainstTorch((JSON.parse(output) as { cases: TorchCase[] }).cases);
  },
);

// Last: switches the process to wasm, where training runs, and repeats the PyTorch and stability checks there.
test('ntXentLoss on wasm: matches PyTorch and stays finite at small temperatures', async () => {
  await initBackend({ backend: 'wasm' });
  assert.equal(tf.getBackend(), 'wasm');
  const fixture = JSON.parse(readFileSync(join(fixtureDir, 'ntxent-torch.json'), 'utf8')) as { cases: TorchCase[] };
  checkAgainstTorch(fixture.cases);
  const rng = new Random(8);
  const z1 = randomMatrix(rng, 8, 16),
    z2 = randomMatrix(rng, 8, 16);
  for (const t of [0.05, 1e-3, 1e-4]) {
    const { loss, g1, g2 } = lossAndGrads({ z1, z2, temperature: t });
    assert.ok(Math.abs(loss - naiveNtXentStable(z1, z2, t)) < 2e-5 * Math.max(1, loss), `T=${t}`);
    for (const g of [...g1.flat(), ...g2.flat()]) assert.ok(Number.isFinite(g), `T=${t}: gradient ${g}`);
  }
});
