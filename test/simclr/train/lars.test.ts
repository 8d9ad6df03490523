import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { LarsOptimizer, defaultLarsExclude } from '../../../src/simclr/train/lars';

let counter = 0;
const variable = (values: number[], shape: number[], name = `lars_test_${counter++}/kernel`) =>
  tf.variable(tf.tensor(values, shape), true, name);

function close(actual: ArrayLike<number>, expected: number[], what: string, tol = 1e-6) {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < expected.length; i++)
    assert.ok(Math.abs(actual[i] - expected[i]) < tol, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
}

test('LARS update matches a hand-computed example (weight decay, trust ratio, momentum)', () => {
  // w = [3, 4] (|w| = 5), g = [0.6, 0.8]; weight decay 0.1 -> g' = [0.9, 1.2] (|g'| = 1.5).
  // eta = 0.03 -> trust = 0.03 * 5 / 1.5 = 0.1; lr 0.5 -> scaled lr 0.05.
  // v1 = 0.05 * g' = [0.045, 0.06]; w1 = [2.955, 3.94].
  const w = variable([3, 4], [1, 2]);
  const opt = new LarsOptimizer({ learningRate: 0.5, momentum: 0.9, weightDecay: 0.1, trustCoefficient: 0.03 });
  const g = tf.tensor([0.6, 0.8], [1, 2]);
  opt.applyGradients({ [w.name]: g });
  close(w.dataSync(), [2.955, 3.94], 'step 1');
  // Step 2 by hand: g' = g + 0.1 w1 = [0.8955, 1.194]; |w1| = sqrt(2.955^2 + 3.94^2) = 4.925;
  // |g'| = 1.4925; trust = 0.03 * 4.925 / 1.4925; v2 = 0.9 v1 + 0.5 trust g'; w2 = w1 - v2.
  const trust = (0.03 * 4.925) / 1.4925;
  const v2 = [0.9 * 0.045 + 0.5 * trust * 0.8955, 0.9 * 0.06 + 0.5 * trust * 1.194];
  opt.applyGradients({ [w.name]: g });
  close(w.dataSync(), [2.955 - v2[0], 3.94 - v2[1]], 'step 2');
  assert.equal(opt.iterations, 2);
  tf.dispose([w, g]);
  opt.dispose();
});

test('LARS excludes biases and batch-norm parameters from decay and adaptation (plain momentum SGD)', () => {
  const bias = variable([1, 2], [2], `lars_test_${counter++}/bias`);
  const gamma = variable([1, 1], [2], `batch_normalization_lars${counter++}/gamma`);
  const opt = new LarsOptimizer({ learningRate: 0.5, momentum: 0.9, weightDecay: 0.1, trustCoefficient: 0.001 });
  const g = tf.tensor([0.5, 0.5]);
  opt.applyGradients([
    { name: bias.name, tensor: g },
    { name: gamma.name, tensor: g },
  ]);
  close(bias.dataSync(), [0.75, 1.75], 'bias step 1'); // v = 0.25
  opt.applyGradients([
    { name: bias.name, tensor: g },
    { name: gamma.name, tensor: g },
  ]);
  close(bias.dataSync(), [0.275, 1.275], 'bias step 2'); // v = 0.9 * 0.25 + 0.25 = 0.475
  close(gamma.dataSync(), [0.275, 0.275], 'gamma step 2');
  tf.dispose([bias, gamma, g]);
  opt.dispose();
});

test('LARS trust ratio is 1 for zero weights or zero gradients', () => {
  const zero = variable([0, 0, 0, 0], [2, 2]);
  const opt = new LarsOptimizer({ learningRate: 0.1, weightDecay: 0, trustCoefficient: 0.001 });
  const g = tf.ones([2, 2]);
  opt.applyGradients({ [zero.name]: g });
  close(zero.dataSync(), [-0.1, -0.1, -0.1, -0.1], 'zero weights');
  const w = variable([1, 2, 3, 4], [2, 2]);
  const z = tf.zeros([2, 2]);
  opt.applyGradients({ [zero.name]: g, [w.name]: z });
  close(w.dataSync(), [1, 2, 3, 4], 'zero gradient leaves w');
  tf.dispose([zero, w, g, z]);
  opt.dispose();
});

test('defaultLarsExclude: rank <= 1 and SimCLR names', () => {
  const cases: [string, number[], boolean][] = [
    ['conv2d_Conv2D1/kernel', [3, 3, 1, 8], false],
    ['dense_Dense1/kernel', [8, 4], false],
    ['dense_Dense1/bias', [4], true],
    ['batch_normalization_BatchNormalization1/gamma', [8], true],
    ['some/scale', [8], true],
  ];
  for (const [name, shape, expected] of cases) {
    const v = tf.variable(tf.zeros(shape), false, `${name}_excl_${counter++}`);
    assert.equal(defaultLarsExclude(name, v), expected, name);
    v.dispose();
  }
});

test('LARS state round-trips through getWeights/setWeights and keeps the tensor count', async () => {
  const w1 = variable([3, 4], [1, 2]);
  const g = tf.tensor([0.6, 0.8], [1, 2]);
  const a = new LarsOptimizer({ learningRate: 0.5, trustCoefficient: 0.03 });
  a.applyGradients({ [w1.name]: g });
  const saved = await a.getWeights();
  // A fresh optimiser on a copy of the updated weights: identical only if the momentum is restored.
  const w2 = tf.tidy(() => tf.variable(w1.clone(), true, `lars_test_${counter++}/kernel`));
  const b = new LarsOptimizer({ learningRate: 0.5, trustCoefficient: 0.03 });
  const copies = saved.map((s) => ({ name: s.name, tensor: s.tensor.clone() }));
  await b.setWeights(copies);
  tf.dispose(copies.map((c) => c.tensor));
  saved[0].tensor.dispose();
  assert.equal(b.iterations, 1);
  const before = tf.memory().numTensors;
  a.applyGradients({ [w1.name]: g });
  b.applyGradients({ [w2.name]: g });
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(w1.dataSync(), w2.dataSync());
  tf.dispose([w1, w2, g]);
  a.dispose();
  b.dispose();
});
