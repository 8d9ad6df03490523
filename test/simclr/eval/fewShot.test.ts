import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { Random } from '../../../src/simclr/random';
import { drawSupport, fewShotAccuracy } from '../../../src/simclr/eval/fewShot';
import { clusteredFeatures } from './synthetic';

/** SimpleShot written from its definition in float64 loops: centre on the support mean, normalise, nearest class mean. */
function naiveSimpleShot(
  x: Float32Array,
  support: Int32Array,
  classes: number,
  shots: number,
  queries: Float32Array,
  dim: number,
): number[] {
  const centre = new Array<number>(dim).fill(0);
  for (const i of support) for (let d = 0; d < dim; d++) centre[d] += x[i * dim + d] / support.length;
  const unit = (v: Float32Array, i: number) => {
    const row = Array.from({ length: dim }, (_, d) => v[i * dim + d] - centre[d]);
    const norm = Math.hypot(...row);
    return row.map((r) => r / norm);
  };
  const means = Array.from({ length: classes }, (_, c) => {
    const m = new Array<number>(dim).fill(0);
    for (let s = 0; s < shots; s++)
      unit(x, support[c * shots + s]).forEach((v, d) => {
        m[d] += v / shots;
      });
    return m;
  });
  return Array.from({ length: queries.length / dim }, (_, q) => {
    const u = unit(queries, q);
    const distances = means.map((m) => m.reduce((s, v, d) => s + (u[d] - v) ** 2, 0));
    return distances.indexOf(Math.min(...distances));
  });
}

// Overlapping clusters, so the accuracy is neither 0 nor 1 and depends on which examples are drawn.
const all = clusteredFeatures(460, 10, 4, 0.35, 3);
const trainX = all.vectors.slice(0, 400 * 10),
  trainY = all.labels.slice(0, 400);
const testX = all.vectors.slice(400 * 10),
  testY = all.labels.slice(400);

test('drawSupport: k distinct rows of every class, class-major, seeded', () => {
  const support = drawSupport(trainY, 4, 5, new Random(7));
  assert.equal(support.length, 20);
  assert.equal(new Set(support).size, 20);
  support.forEach((row, i) => assert.equal(trainY[row], Math.floor(i / 5)));
  assert.deepEqual(drawSupport(trainY, 4, 5, new Random(7)), support);
  assert.notDeepEqual(drawSupport(trainY, 4, 5, new Random(8)), support);
});

test('fewShotAccuracy matches SimpleShot written as loops, draw by draw, and leaks no tensors', async () => {
  const before = tf.memory().numTensors;
  const results = await fewShotAccuracy(
    { vectors: trainX, n: 400, dim: 10 },
    trainY,
    { vectors: testX, n: 60, dim: 10 },
    testY,
    { shots: [1, 5], draws: 3, seed: 11 },
  );
  assert.equal(tf.memory().numTensors, before);
  const random = new Random(11);
  for (const result of results) {
    const expected = Array.from({ length: 3 }, () => {
      const predicted = naiveSimpleShot(
        trainX,
        drawSupport(trainY, 4, result.shots, random),
        4,
        result.shots,
        testX,
        10,
      );
      return predicted.filter((p, i) => p === testY[i]).length / 60;
    });
    assert.deepEqual(result.accuracies, expected, `${result.shots} shots`);
    assert.ok(Math.abs(result.mean - expected.reduce((s, a) => s + a, 0) / 3) < 1e-12);
  }
  assert.ok(
    results[0].accuracies.some((a) => a > 0.25 && a < 1),
    `1-shot accuracies ${results[0].accuracies} should be informative`,
  );
});

test('fewShotAccuracy: more shots help on clustered features; the same seed repeats, std over draws', async () => {
  const train = tf.tensor2d(trainX, [400, 10]),
    testFeatures = tf.tensor2d(testX, [60, 10]);
  const [one, ten] = await fewShotAccuracy(train, trainY, testFeatures, testY, { shots: [1, 10], draws: 8, seed: 0 });
  assert.ok(ten.mean > one.mean, `10-shot ${ten.mean} > 1-shot ${one.mean}`);
  assert.ok(one.std > 0, 'different support sets give different accuracies');
  assert.deepEqual(
    (await fewShotAccuracy(train, trainY, testFeatures, testY, { shots: [1, 10], draws: 8, seed: 0 }))[0].accuracies,
    one.accuracies,
  );
  tf.dispose([train, testFeatures]);
});

test('fewShotAccuracy: bad input is refused with a clear error', async () => {
  const train = { vectors: trainX, n: 400, dim: 10 },
    testSet = { vectors: testX, n: 60, dim: 10 };
  const cases: [Parameters<typeof fewShotAccuracy>, RegExp][] = [
    [[train, trainY, { vectors: testX.slice(0, 60 * 5), n: 60, dim: 5 }, testY], /10 dims but test features 5/],
    [[train, trainY, testSet, testY, { shots: [0] }], /shots must be positive integers/],
    [[train, trainY, testSet, testY, { draws: 1.5 }], /draws must be a positive integer/],
    [[train, trainY, testSet, testY, { shots: [101] }], /class 0 has 100 labelled rows, fewer than 101 shots/],
    [[train, trainY.slice(1), testSet, testY], /399 labels for 400 feature rows/],
  ];
  for (const [args, message] of cases) await assert.rejects(fewShotAccuracy(...args), message);
});
