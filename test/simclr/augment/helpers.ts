// Shared set-up for the augmentation tests: the wasm backend (through initBackend) and seeded images.
import { initBackend } from '../../../src/simclr/backend/initBackend';
import { Random } from '../../../src/simclr/random';
import { tf } from '../../../src/simclr/tf';

/** Starts the backend named by LOOK_TWICE_BACKEND, else wasm (the one training runs on here). */
export async function useBackend(): Promise<string> {
  const forced = process.env.LOOK_TWICE_BACKEND as 'wasm' | 'cpu' | 'node' | undefined;
  return (await initBackend({ backend: forced ?? 'wasm' })).name;
}

/** [b, h, w, c] images of seeded uniform noise in [low, high). */
export function noiseImages(shape: [number, number, number, number], seed = 1, low = 0, high = 1): tf.Tensor4D {
  const random = new Random(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor4d(
    Float32Array.from({ length: size }, () => random.uniform(low, high)),
    shape,
  );
}

/** Per-image max |a - b|. */
export function perImageMaxDiff(a: tf.Tensor4D, b: tf.Tensor4D): number[] {
  const [n] = a.shape;
  const size = a.size / n;
  const x = a.dataSync(),
    y = b.dataSync();
  return Array.from({ length: n }, (_, i) => {
    let max = 0;
    for (let j = i * size; j < (i + 1) * size; j++) max = Math.max(max, Math.abs(x[j] - y[j]));
    return max;
  });
}

export function range(t: tf.Tensor): [number, number] {
  const data = t.dataSync();
  let min = Infinity,
    max = -Infinity;
  for (const v of data) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}
