/**
 * Test helpers for the backend kernels: run the same seeded computation on two backends and
 * compare, with the tensor count checked around every run.
 */
import assert from 'node:assert/strict';
import '@tensorflow/tfjs-backend-wasm';
import { tf } from '../../../src/simclr/tf';

/** Runs `fn` on `backend` and returns its tensors' values; asserts no tensor leaked. */
export async function runOn(backend: string, fn: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  await tf.ready();
  const before = tf.memory().numTensors;
  const outs = tf.tidy(fn);
  const values = outs.map((t) => t.dataSync() as Float32Array);
  tf.dispose(outs);
  assert.equal(tf.memory().numTensors, before, `tensors leaked on ${backend}`);
  return values;
}

/** max |a - b| / max(|a|, 1e-6): a scale-free error for float32 against float64-summed references. */
export function relMaxError(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length, 'length mismatch');
  let diff = 0,
    scale = 1e-6;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(a[i]));
  }
  return diff / scale;
}

/** Relative L2 difference |a - b| / |a|. */
export function relL2(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length, 'length mismatch');
  let num = 0,
    den = 1e-24;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += a[i] ** 2;
  }
  return Math.sqrt(num / den);
}

/** A fixed, non-uniform upstream gradient: loss = sum(y * weights) with weights in (-1, 1). */
export function weightedSum(y: tf.Tensor): tf.Scalar {
  const w = tf.sin(tf.mul(tf.range(0, y.size), 0.37)).reshape(y.shape);
  return tf.sum(tf.mul(y, w));
}
