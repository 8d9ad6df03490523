import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { fitLogisticRegression, predictLogistic, accuracyOf } from '../../../src/simclr/eval/logisticRegression';
import { clusteredFeatures } from './synthetic';

/** The objective's gradient in float64 loops, written from the formula (independent of the tf code). */
function gradientNorm(
  x: Float32Array,
  labels: Int32Array,
  n: number,
  dim: number,
  k: number,
  w: Float64Array,
  b: Float64Array,
  weightDecay: number,
): number {
  const gw = new Float64Array(dim * k);
  const gb = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const logits = Array.from({ length: k }, (_, c) => {
      let s = b[c];
      for (let d = 0; d < dim; d++) s += x[i * dim + d] * w[d * k + c];
      return s;
    });
    const max = Math.max(...logits);
    const e = logits.map((l) => Math.exp(l - max));
    const z = e.reduce((s, v) => s + v, 0);
    for (let c = 0; c < k; c++) {
      const r = (e[c] / z - (labels[i] === c ? 1 : 0)) / n;
      gb[c] += r;
      for (let d = 0; d < dim; d++) gw[d * k + c] += x[i * dim + d] * r;
    }
  }
  let max = 0;
  for (let j = 0; j < dim * k; j++) max = Math.max(max, Math.abs(gw[j] + weightDecay * w[j]));
  for (let c = 0; c < k; c++) max = Math.max(max, Math.abs(gb[c]));
  return max;
}

for (const weightDecay of [1e-1, 1e-3, 0]) {
  test(`logistic regression (weightDecay ${weightDecay}) stops where the float64 gradient vanishes, and leaks no tensors`, async () => {
    const { vectors, labels, n, dim } = clusteredFeatures(300, 12, 4, 0.6, 7);
    const x = tf.tensor2d(vectors, [n, dim]);
    const before = tf.memory().numTensors;
    const fit = await fitLogisticRegression(x, labels, 4, {
      weightDecay,
      gradientTolerance: 1e-6,
      maxIterations: 2000,
    });
    assert.equal(tf.memory().numTensors, before);
    const norm = gradientNorm(vectors, labels, n, dim, 4, fit.model.weights, fit.model.bias, weightDecay);
    // float32 products on the backend: the float64 gradient is small, not 1e-6.
    assert.ok(norm < 1e-4, `max |gradient| = ${norm} (${fit.stopReason} after ${fit.iterations})`);
    assert.ok(accuracyOf(predictLogistic(fit.model, x), labels) > 0.6);
    x.dispose();
  });
}

test('logistic regression warm-started from its own solution stops at once', async () => {
  const { vectors, labels, n, dim } = clusteredFeatures(200, 6, 3, 1, 3);
  const x = tf.tensor2d(vectors, [n, dim]);
  const first = await fitLogisticRegression(x, labels, 3, { weightDecay: 1e-2, gradientTolerance: 1e-6 });
  const again = await fitLogisticRegression(x, labels, 3, {
    weightDecay: 1e-2,
    gradientTolerance: 1e-5,
    init: first.model,
  });
  assert.ok(again.iterations <= 2, `${again.iterations} iterations`);
  assert.ok(Math.abs(again.loss - first.loss) < 1e-6);
  await assert.rejects(fitLogisticRegression(x, labels.slice(1), 3, { weightDecay: 1 }), /199 labels for 200 rows/);
  await assert.rejects(fitLogisticRegression(x, labels, 3, { weightDecay: -1 }), /weightDecay must be >= 0/);
  x.dispose();
});
