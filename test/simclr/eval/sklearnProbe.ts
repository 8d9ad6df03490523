/**
 * The scikit-learn side of linearProbe's reference check: the probe's inputs as binary files, the
 * interpreter that has scikit-learn, and sklearn_probe.py's answer. Used by the test (live check)
 * and by the script that regenerates its fixture.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFashionMnist } from '../../../src/simclr/data/fashionMnist';
import { Random } from '../../../src/simclr/random';
import { BENCH_VENV, DEBIAN_PYTHON } from '../../bench/pytorchVenv';

export interface ProbeInputs {
  train: { vectors: Float32Array; n: number; dim: number; labels: Int32Array };
  test: { vectors: Float32Array; n: number; dim: number; labels: Int32Array };
  weightDecays: number[];
  /** linearProbe's held-out fraction and seed, to reproduce its split. */
  validationFraction: number;
  seed: number;
}

export interface SklearnAnswer {
  sklearn: string;
  search: Array<{ weightDecay: number; validationAccuracy: number }>;
  weightDecay: number;
  testAccuracy: number;
  fixedTestAccuracy: Array<{ weightDecay: number; testAccuracy: number }>;
}

/** The rows linearProbe holds out: the first round(fraction * n) of its seeded shuffle. */
export function heldOutRows(n: number, fraction: number, seed: number): Int32Array {
  const order = new Random(seed).shuffle(Int32Array.from({ length: n }, (_, i) => i));
  return order.slice(0, Math.round(fraction * n));
}

const bytes = (a: Float32Array | Int32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export function writeProbeInputs(dir: string, inputs: ProbeInputs): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'inputs.json'),
    JSON.stringify({
      n: inputs.train.n,
      dim: inputs.train.dim,
      nTest: inputs.test.n,
      weightDecays: inputs.weightDecays,
    }),
  );
  writeFileSync(join(dir, 'train_x.bin'), bytes(inputs.train.vectors));
  writeFileSync(join(dir, 'train_y.bin'), bytes(inputs.train.labels));
  writeFileSync(join(dir, 'test_x.bin'), bytes(inputs.test.vectors));
  writeFileSync(join(dir, 'test_y.bin'), bytes(inputs.test.labels));
  writeFileSync(join(dir, 'held.bin'), bytes(heldOutRows(inputs.train.n, inputs.validationFraction, inputs.seed)));
}

/** A python that imports sklearn: LOOK_TWICE_BENCH_PYTHON, the bench venv, Debian's, then PATH's. */
export function sklearnPython(): string | undefined {
  const candidates = [process.env.LOOK_TWICE_BENCH_PYTHON, join(BENCH_VENV, 'bin/python'), DEBIAN_PYTHON, 'python3'];
  for (const python of candidates) {
    if (!python || (python.includes('/') && !existsSync(python))) continue;
    if (spawnSync(python, ['-c', 'import sklearn, numpy'], { stdio: 'ignore' }).status === 0) return python;
  }
  return undefined;
}

export function runSklearnProbe(python: string, dir: string): SklearnAnswer {
  const r = spawnSync(python, [join(__dirname, 'sklearn_probe.py'), dir], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`sklearn_probe.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as SklearnAnswer;
}

/**
 * The check's fixed features: Fashion-MNIST images (the first `n` of a split, which the embedded
 * subset holds) averaged over 2x2 blocks to 14x14 = 196 values in [0, 1]: real, correlated features
 * of a size that fits a unit test.
 */
export function pooledFashionMnist(split: 'train' | 'test', n: number): ProbeInputs['train'] {
  const data = loadFashionMnist({ split, limit: n });
  if (data.shape[0] !== n) throw new Error(`pooledFashionMnist: only ${data.shape[0]} ${split} images`);
  const vectors = new Float32Array(n * 196);
  for (let i = 0; i < n; i++) {
    for (let y = 0; y < 14; y++) {
      for (let x = 0; x < 14; x++) {
        const at = i * 784 + 2 * y * 28 + 2 * x;
        vectors[i * 196 + y * 14 + x] =
          (data.pixels[at] + data.pixels[at + 1] + data.pixels[at + 28] + data.pixels[at + 29]) / 1020;
      }
    }
  }
  return { vectors, n, dim: 196, labels: Int32Array.from(data.labels!) };
}

/** The inputs of the fixture and the live check. */
export const checkInputs = (): ProbeInputs => ({
  train: pooledFashionMnist('train', 2000),
  test: pooledFashionMnist('test', 1000),
  weightDecays: [1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6],
  validationFraction: 0.2,
  seed: 0,
});
