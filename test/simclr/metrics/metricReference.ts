/**
 * What the metric tests share: the PyTorch values of test/fixtures/make_loss_fixtures.py metrics
 * (committed fixture, live when torch imports), float64 references, and inputs in both accepted forms.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from '../../../src/simclr/tf';
import type { FeatureArray } from '../../../src/simclr/eval/features';
import { fixtureDir } from '../losses/torchReference';

export { assertNear, normalizeRows, dot, randomMatrix, torchSkip } from '../losses/torchReference';

export interface MetricCase {
  z1: number[][];
  z2: number[][];
  alpha: number;
  t: number;
  representationStd: number;
  alignment: number;
  uniformity: number | null;
  singularValues: number[];
  effectiveRank: number;
}

export function loadMetricFixture(): MetricCase[] {
  return (JSON.parse(readFileSync(join(fixtureDir, 'metrics-torch.json'), 'utf8')) as { cases: MetricCase[] }).cases;
}

export function torchMetrics(cases: { z1: number[][]; z2: number[][]; alpha: number; t: number }[]): MetricCase[] {
  const output = execFileSync('/usr/bin/python3', [join(fixtureDir, 'make_loss_fixtures.py'), 'metrics', '--stdin'], {
    input: JSON.stringify({ cases }),
    encoding: 'utf8',
    env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  return (JSON.parse(output) as { cases: MetricCase[] }).cases;
}

export function featureArray(rows: number[][]): FeatureArray {
  return { vectors: Float32Array.from(rows.flat()), n: rows.length, dim: rows[0].length };
}

/** Runs `f` on the rows as a tensor (disposed after) and as a FeatureArray; asserts both agree and no tensor leaks. */
export function bothForms<T>(rows: number[][], f: (z: tf.Tensor2D | FeatureArray) => T): T {
  const before = tf.memory().numTensors;
  const tensor = tf.tensor2d(rows);
  const fromTensor = f(tensor);
  tensor.dispose();
  const fromArray = f(featureArray(rows));
  if (tf.memory().numTensors !== before) throw new Error(`tensor count ${before} -> ${tf.memory().numTensors}`);
  if (JSON.stringify(fromTensor) !== JSON.stringify(fromArray))
    throw new Error(`tensor and FeatureArray disagree: ${fromTensor} vs ${fromArray}`);
  return fromTensor;
}

/** Both views as tensors and as FeatureArrays, same checks as `bothForms`. */
export function bothFormsPair<T>(
  a: number[][],
  b: number[][],
  f: (z1: tf.Tensor2D | FeatureArray, z2: tf.Tensor2D | FeatureArray) => T,
): T {
  const before = tf.memory().numTensors;
  const [ta, tb] = [tf.tensor2d(a), tf.tensor2d(b)];
  const fromTensor = f(ta, tb);
  tf.dispose([ta, tb]);
  const fromArray = f(featureArray(a), featureArray(b));
  if (tf.memory().numTensors !== before) throw new Error(`tensor count ${before} -> ${tf.memory().numTensors}`);
  if (JSON.stringify(fromTensor) !== JSON.stringify(fromArray))
    throw new Error(`tensor and FeatureArray disagree: ${fromTensor} vs ${fromArray}`);
  return fromTensor;
}
