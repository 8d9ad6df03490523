import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { negativeCosineSimilarity } from '../../../src/simclr/losses/negativeCosineSimilarity';
import { byolLoss } from '../../../src/simclr/losses/byol';
import { Random } from '../../../src/simclr/random';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import {
  assertFinite,
  assertNear,
  checkAgainstTorch,
  dot,
  loadFixture,
  normalizeRows,
  randomMatrix,
  torchLive,
  torchSkip,
  valueAndGradients,
  type Case,
} from './torchReference';

// SimSiam's D(p, z) and BYOL's 2 - 2 cos are the same quantity up to an affine map; one file tests both.
type RowLoss = (p: tf.Tensor2D, z: tf.Tensor2D) => tf.Scalar;
const LOSSES: { name: string; fixture: string; loss: RowLoss; ofMeanCos: (c: number) => number }[] = [
  { name: 'negativeCosineSimilarity', fixture: 'negcos', loss: negativeCosineSimilarity, ofMeanCos: (c) => -c },
  { name: 'byolLoss', fixture: 'byol', loss: byolLoss, ofMeanCos: (c) => 2 - 2 * c },
];

/** Mean over rows of cos(p_i, z_i) in float64. */
function naiveMeanCosine(p: number[][], z: number[][]): number {
  const [a, b] = [normalizeRows(p), normalizeRows(z)];
  return a.reduce((s, row, i) => s + dot(row, b[i]), 0) / a.length;
}

/** BYOL's eq. 2 literally: squared distance of the normalised rows. */
function naiveByol(p: number[][], z: number[][]): number {
  const [a, b] = [normalizeRows(p), normalizeRows(z)];
  return a.reduce((s, row, i) => s + row.reduce((t, v, k) => t + (v - b[i][k]) ** 2, 0), 0) / a.length;
}

const lossOf = (loss: RowLoss, p: number[][], z: number[][]) =>
  tf.tidy(() => loss(tf.tensor2d(p), tf.tensor2d(z)).dataSync()[0]);
const INPUTS = ['p', 'z'];

for (const { name, fixture, loss, ofMeanCos } of LOSSES) {
  const torchLoss = (x: tf.Tensor[]) => loss(x[0] as tf.Tensor2D, x[1] as tf.Tensor2D);

  test(`${name} matches a naive float64 loop`, () => {
    const rng = new Random(29);
    for (const [n, d] of [
      [1, 2],
      [4, 8],
      [16, 32],
      [64, 3],
    ]) {
      const p = randomMatrix(rng, n, d),
        z = randomMatrix(rng, n, d);
      assertNear(lossOf(loss, p, z), ofMeanCos(naiveMeanCosine(p, z)), 1e-5, `n=${n} d=${d}`);
      if (name === 'byolLoss') assertNear(lossOf(loss, p, z), naiveByol(p, z), 1e-5, `eq. 2 n=${n} d=${d}`);
    }
  });

  test(`${name} analytic values: identical, opposite, orthogonal rows; symmetric; scale-free`, () => {
    const p = [
      [1, 2, 3],
      [-1, 0, 4],
    ];
    assertNear(
      lossOf(
        loss,
        p,
        p.map((r) => r.map((x) => 3 * x)),
      ),
      ofMeanCos(1),
      1e-6,
      'identical',
    );
    assertNear(
      lossOf(
        loss,
        p,
        p.map((r) => r.map((x) => -0.5 * x)),
      ),
      ofMeanCos(-1),
      1e-6,
      'opposite',
    );
    assertNear(
      lossOf(
        loss,
        [
          [1, 0],
          [0, 2],
        ],
        [
          [0, 5],
          [-1, 0],
        ],
      ),
      ofMeanCos(0),
      1e-6,
      'orthogonal',
    );
    assertNear(
      lossOf(
        loss,
        [
          [1, 0],
          [1, 0],
        ],
        [
          [1, 0],
          [0, 1],
        ],
      ),
      ofMeanCos(0.5),
      1e-6,
      'one identical, one orthogonal',
    );
    const rng = new Random(4);
    const a = randomMatrix(rng, 5, 6),
      b = randomMatrix(rng, 5, 6);
    assertNear(lossOf(loss, a, b), lossOf(loss, b, a), 1e-6, 'symmetric');
    assert.ok(Math.abs(lossOf(loss, a, b) - lossOf(loss, a, [...b.slice(1), b[0]])) > 1e-3, 'pairing matters');
  });

  test(`${name} has finite gradients, also for zero and identical rows, and keeps the tensor count`, () => {
    const rng = new Random(6);
    for (const [what, p, z] of [
      ['random', randomMatrix(rng, 8, 16), randomMatrix(rng, 8, 16)],
      [
        'identical',
        [
          [1, 2, 3],
          [1, 2, 3],
        ],
        [
          [1, 2, 3],
          [1, 2, 3],
        ],
      ],
      [
        'zero rows',
        [
          [0, 0, 0],
          [1, 0, 0],
        ],
        [
          [0, 1, 0],
          [0, 0, 0],
        ],
      ],
    ] as [string, number[][], number[][]][]) {
      const { value, grads } = valueAndGradients([p, z], torchLoss);
      assertFinite([value, ...grads], `${what}`);
    }
  });

  test(`${name} rejects bad shapes with a clear error`, () => {
    const before = tf.memory().numTensors;
    const a = tf.zeros([4, 3]) as tf.Tensor2D,
      b = tf.zeros([4, 2]) as tf.Tensor2D,
      v = tf.zeros([4]) as tf.Tensor;
    assert.throws(() => loss(a, b), new RegExp(`${name}: p and z must have the same shape`));
    assert.throws(() => loss(v as tf.Tensor2D, a), new RegExp(`${name}: p must be a 2-D tensor`));
    tf.dispose([a, b, v]);
    assert.equal(tf.memory().numTensors, before);
  });

  test(`${name} matches PyTorch on the committed fixture`, () => {
    checkAgainstTorch(loadFixture(fixture), INPUTS, torchLoss);
  });

  test(`${name} matches PyTorch live on fresh random inputs`, { skip: torchSkip }, () => {
    const rng = new Random(77);
    const cases = [
      [3, 5],
      [10, 12],
      [32, 64],
    ].map(([n, d]) => ({ p: randomMatrix(rng, n, d), z: randomMatrix(rng, n, d) }));
    checkAgainstTorch(torchLive(fixture, cases), INPUTS, torchLoss);
  });
}

test('byolLoss = 2 + 2 negativeCosineSimilarity, values and gradients', () => {
  const rng = new Random(8);
  const p = randomMatrix(rng, 7, 9),
    z = randomMatrix(rng, 7, 9);
  const byol = valueAndGradients([p, z], (x) => byolLoss(x[0] as tf.Tensor2D, x[1] as tf.Tensor2D));
  const negcos = valueAndGradients([p, z], (x) => negativeCosineSimilarity(x[0] as tf.Tensor2D, x[1] as tf.Tensor2D));
  assertNear(byol.value, 2 + 2 * negcos.value, 1e-6, 'value');
  byol.grads.forEach((g, i) => assertNear(g, 2 * negcos.grads[i], 1e-5, `grad ${i}`));
});

// Last: switches the process to wasm, where training runs.
test('negativeCosineSimilarity and byolLoss on wasm match PyTorch', async () => {
  await initBackend({ backend: 'wasm' });
  assert.equal(tf.getBackend(), 'wasm');
  for (const { fixture, loss } of LOSSES) {
    checkAgainstTorch(loadFixture(fixture) as Case[], INPUTS, (x) => loss(x[0] as tf.Tensor2D, x[1] as tf.Tensor2D));
  }
});
