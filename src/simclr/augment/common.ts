/**
 * Shared pieces of the augmentation ops: argument checks, the seeded per-image draws, per-image
 * parameters as broadcastable [B, 1, 1, 1] tensors, and the masked blend that applies an op to the
 * chosen images only. Random parameters are drawn in JS from `Random` (not with tf.random*), so a
 * seed gives the same augmentations on every backend.
 */
import { Random } from '../random';
import { tf } from '../tf';

/** A generator, or a seed to start one. */
export type RandomSource = Random | number;

export function toRandom(source: RandomSource): Random {
  if (source instanceof Random) return source;
  if (!Number.isFinite(source))
    throw new TypeError(`augmentation seed must be a finite number or a Random, got ${source}`);
  return new Random(source);
}

/** [B, H, W, C] of `images`, after checking it is a float32 rank-4 tensor (and channels, if given). */
export function checkImages(images: tf.Tensor, op: string, channels?: number[]): [number, number, number, number] {
  if (!(images instanceof tf.Tensor)) throw new TypeError(`${op}: images must be a tf.Tensor4D [B, H, W, C]`);
  if (images.rank !== 4)
    throw new RangeError(`${op}: images must be [B, H, W, C], got shape [${images.shape.join(', ')}]`);
  if (images.dtype !== 'float32') throw new TypeError(`${op}: images must be float32 in [0, 1], got ${images.dtype}`);
  const [b, h, w, c] = images.shape as [number, number, number, number];
  if (channels && !channels.includes(c))
    throw new RangeError(`${op}: images must have ${channels.join(' or ')} channels, got ${c}`);
  return [b, h, w, c];
}

export function checkProbability(p: number, name: string): number {
  if (!(typeof p === 'number' && p >= 0 && p <= 1))
    throw new RangeError(`${name} must be a probability in [0, 1], got ${p}`);
  return p;
}

/** Checks `[low, high]` with min <= low <= high <= max. */
export function checkRange(range: readonly [number, number], name: string, min: number, max: number): [number, number] {
  const ok = Array.isArray(range) && range.length === 2 && range[0] >= min && range[0] <= range[1] && range[1] <= max;
  if (!ok)
    throw new RangeError(
      `${name} must be [low, high] with ${min} <= low <= high <= ${max}, got ${JSON.stringify(range)}`,
    );
  return [range[0], range[1]];
}

export function checkNonNegative(value: number, name: string, max = Infinity): number {
  if (!(typeof value === 'number' && value >= 0 && value <= max)) {
    throw new RangeError(`${name} must be a number in [0, ${max}], got ${value}`);
  }
  return value;
}

/** Per-image draws: `apply[i]` (1 with probability p, else 0) and the count of ones. */
export interface Coins {
  apply: Float32Array;
  count: number;
}

/**
 * For each of `b` images: one coin with probability `p`, then `draw(random, applied)` for its
 * parameters. Parameters are drawn for every image, applied or not, so that changing p does not
 * shift the random stream of the parameters.
 */
export function drawPerImage(
  random: Random,
  b: number,
  p: number,
  draw: (random: Random, applied: boolean) => void,
): Coins {
  const apply = new Float32Array(b);
  let count = 0;
  for (let i = 0; i < b; i++) {
    const applied = random.next() < p;
    if (applied) {
      apply[i] = 1;
      count++;
    }
    draw(random, applied);
  }
  return { apply, count };
}

/** Per-image scalars as a [B, 1, 1, 1] tensor that broadcasts over an image batch. */
export function perImage(values: Float32Array | number[]): tf.Tensor4D {
  return tf.tensor4d(values instanceof Float32Array ? values : Float32Array.from(values), [values.length, 1, 1, 1]);
}

/**
 * `applied` where the coin is 1, `images` where it is 0: mask * applied + (1 - mask) * images,
 * exact for both (0 * finite = 0). Skips the blend when every coin agrees.
 * @param images [B, H, W, C]
 * @param applied [B, H, W, C]
 */
export function blend(coins: Coins, applied: tf.Tensor4D, images: tf.Tensor4D): tf.Tensor4D {
  if (coins.count === coins.apply.length) return applied;
  if (coins.count === 0) return images.clone();
  const mask = perImage(coins.apply);
  return tf.add(tf.mul(mask, applied), tf.mul(tf.sub(1, mask), images));
}

const LUMA = [0.299, 0.587, 0.114];

/**
 * Luma (ITU-R BT.601) in `outChannels` identical channels: [B, H, W, 3] -> [B, H, W, outChannels].
 * A [B*H*W, 3] x [3, outChannels] matMul: far faster on wasm (XNNPACK) than a reduction over a
 * 3-wide axis followed by a tile.
 */
export function luma(images: tf.Tensor4D, outChannels = 1): tf.Tensor4D {
  const [b, h, w] = images.shape;
  const weights = tf.tensor2d(
    LUMA.flatMap((v) => new Array<number>(outChannels).fill(v)),
    [3, outChannels],
  );
  return tf.reshape(tf.matMul(tf.reshape(images, [b * h * w, 3]), weights), [b, h, w, outChannels]);
}

/** Clips to the valid pixel range [0, 1]. */
export function clip01<T extends tf.Tensor>(x: T): T {
  return tf.clipByValue(x, 0, 1);
}
