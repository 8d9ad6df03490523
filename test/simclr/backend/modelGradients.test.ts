/**
 * Whole-model check: a small ResNet-style tf.layers model (conv stride 1/2, kernel 1/3, batch norm,
 * residual add, global pooling, dense) under a contrastive loss; loss and every variable's gradient
 * on wasm with the project's kernels against cpu with stock kernels. The tolerance (~5e-3 relative
 * L2) is float32 accumulation on wasm vs the float64 JavaScript sums of tfjs-cpu, not kernel error:
 * the same model on cpu with the project's kernels agrees with stock cpu to ~1e-5.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { registerTrainingKernels, restoreStockKernels } from '../../../src/simclr/backend/kernelRegistry';
import { relL2 } from './helpers';

function smallModel(): tf.LayersModel {
  const L = tf.layers;
  const conv = (x: tf.SymbolicTensor, filters: number, k: number, s: number, seed: number) =>
    L.batchNormalization().apply(
      L.conv2d({
        filters,
        kernelSize: k,
        strides: s,
        padding: 'same',
        useBias: false,
        kernelInitializer: tf.initializers.heNormal({ seed }),
      }).apply(x),
    ) as tf.SymbolicTensor;
  const input = tf.input({ shape: [12, 12, 1] });
  const stem = L.reLU().apply(conv(input, 8, 3, 1, 1)) as tf.SymbolicTensor;
  const a = L.reLU().apply(conv(stem, 16, 3, 2, 2)) as tf.SymbolicTensor;
  const b = conv(a, 16, 3, 1, 3);
  const shortcut = conv(stem, 16, 1, 2, 4);
  const res = L.reLU().apply(L.add().apply([b, shortcut])) as tf.SymbolicTensor;
  const pooled = L.globalAveragePooling2d({}).apply(res) as tf.SymbolicTensor;
  const out = L.dense({ units: 8, kernelInitializer: tf.initializers.glorotUniform({ seed: 5 }) }).apply(
    pooled,
  ) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}

/** Contrastive loss over two views: softmax cross-entropy of the cosine-similarity matrix. */
function contrastive(z: tf.Tensor2D): tf.Scalar {
  const n = z.shape[0] / 2;
  const zn = tf.div(z, tf.norm(z, 2, 1, true));
  const logits = tf.sub(tf.div(tf.matMul(zn, zn, false, true), 0.5), tf.mul(tf.eye(2 * n), 1e4));
  const labels = tf.oneHot(tf.concat([tf.range(n, 2 * n, 1, 'int32'), tf.range(0, n, 1, 'int32')]), 2 * n);
  return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
}

async function lossAndGrads(backend: string, model: tf.LayersModel): Promise<{ loss: number; grads: Float32Array[] }> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const x = tf.randomUniform([8, 12, 12, 1], 0, 1, 'float32', 21);
  const { value, grads } = tf.variableGrads(() => contrastive(model.apply(x, { training: true }) as tf.Tensor2D));
  const names = model.trainableWeights.map((w) => (w.read() as tf.Variable).name);
  const result = { loss: value.dataSync()[0], grads: names.map((n) => grads[n].dataSync() as Float32Array) };
  tf.dispose([x, value, ...Object.values(grads)]);
  assert.equal(tf.memory().numTensors, before, `tensors leaked on ${backend}`);
  return result;
}

describe('whole small model: gradients on wasm (project kernels) vs cpu (stock)', () => {
  after(() => restoreStockKernels());

  test('loss to 5 digits, every gradient within 5e-3 relative L2; cpu with project kernels within 1e-4', async () => {
    await tf.setBackend('cpu');
    restoreStockKernels();
    const model = smallModel();
    const ref = await lossAndGrads('cpu', model);
    registerTrainingKernels('wasm');
    registerTrainingKernels('cpu');
    const wasm = await lossAndGrads('wasm', model);
    const cpu = await lossAndGrads('cpu', model);
    assert.ok(Math.abs(ref.loss - wasm.loss) < 1e-5 * Math.abs(ref.loss), `loss ${ref.loss} vs ${wasm.loss}`);
    assert.equal(wasm.grads.length, ref.grads.length);
    const worstWasm = Math.max(...ref.grads.map((g, i) => relL2(g, wasm.grads[i])));
    const worstCpu = Math.max(...ref.grads.map((g, i) => relL2(g, cpu.grads[i])));
    assert.ok(worstWasm < 5e-3, `wasm worst relative L2 ${worstWasm.toExponential(2)}`);
    assert.ok(worstCpu < 1e-4, `cpu (project kernels) worst relative L2 ${worstCpu.toExponential(2)}`);
    model.dispose();
  });
});
