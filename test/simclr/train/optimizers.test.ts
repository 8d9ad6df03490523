import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { createOptimizer, type OptimizerName } from '../../../src/simclr/train/optimizers';

let counter = 0;

/**
 * Minimises |w - target|^2 for `steps` steps with a linearly decaying learning rate (LARS's
 * normalised steps only settle when the rate decays); returns the final distance.
 */
function fit(name: OptimizerName, learningRate: number, steps: number): number {
  const w = tf.variable(
    tf.tensor2d([
      [4, -3],
      [2, 5],
    ]),
    true,
    `opt_test_${counter++}/kernel`,
  );
  const target = tf.tensor2d([
    [1, 1],
    [1, 1],
  ]);
  const optimizer = createOptimizer({ name, learningRate, trustCoefficient: 0.1, weightDecay: 0 });
  const before = tf.memory().numTensors;
  const counts = new Set<number>();
  for (let i = 0; i < steps; i++) {
    optimizer.setLearningRate(learningRate * (1 - i / steps));
    optimizer.minimize(() => tf.sum(tf.square(tf.sub(w, target))) as tf.Scalar, false, [w]);
    if (i > 0) counts.add(tf.memory().numTensors);
  }
  assert.ok(counts.size <= 1, `${name}: tensor count changed across steps (${[...counts]})`);
  const distance = tf.tidy(() => tf.norm(tf.sub(w, target)).dataSync()[0]);
  optimizer.dispose();
  tf.dispose([w, target]);
  assert.ok(tf.memory().numTensors <= before);
  return distance;
}

test('every optimiser minimises a quadratic without leaking tensors', () => {
  const cases: [OptimizerName, number, number][] = [
    ['adam', 0.1, 200],
    ['sgd', 0.05, 200],
    ['lars', 0.5, 300],
  ];
  for (const [name, lr, steps] of cases) {
    const d = fit(name, lr, steps);
    assert.ok(d < 0.05, `${name}: distance ${d} after ${steps} steps`);
  }
});

test('setLearningRate changes the size of the next update', () => {
  for (const name of ['adam', 'sgd', 'lars'] as OptimizerName[]) {
    const deltas = [0.01, 0.02].map((lr) => {
      const w = tf.variable(tf.tensor2d([[2, 3]]), true, `opt_lr_${counter++}/kernel`);
      const optimizer = createOptimizer({ name, learningRate: 1 });
      optimizer.setLearningRate(lr);
      optimizer.minimize(() => tf.sum(tf.square(w)) as tf.Scalar, false, [w]);
      const delta = tf.tidy(() => tf.norm(tf.sub(w, tf.tensor2d([[2, 3]]))).dataSync()[0]);
      optimizer.dispose();
      w.dispose();
      return delta;
    });
    assert.ok(Math.abs(deltas[1] / deltas[0] - 2) < 1e-3, `${name}: update ratio ${deltas[1] / deltas[0]}`);
  }
});

test('createOptimizer rejects an unknown name', () => {
  assert.throws(
    () => createOptimizer({ name: 'rmsprop' as OptimizerName, learningRate: 1 }),
    /'adam', 'sgd' or 'lars'/,
  );
});
