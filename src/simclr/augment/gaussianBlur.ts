/**
 * Random Gaussian blur (Chen et al. 2020, arXiv:2002.05709, appendix A: p = 0.5, kernel 10% of the
 * image side, sigma uniform in [0.1, 2.0]). Each image gets its own sigma, so the whole batch is
 * blurred in two depthwise convolutions (vertical, then horizontal) over a [1, H, W, B*C] view
 * in which every channel of every image has its own kernel. Borders are reflect-padded
 * (torchvision's choice), so edges do not darken. Images not chosen get a delta kernel: unchanged.
 */
import { tf } from '../tf';
import { checkImages, checkProbability, checkRange, drawPerImage, toRandom, type RandomSource } from './common';

export interface GaussianBlurOptions {
  /** Probability of blurring each image. */
  p: number;
  /** Odd kernel side in pixels; default: ~10% of the image side, odd, at least 3. */
  kernelSize?: number;
  /** Range of the per-image standard deviation, in pixels. */
  sigma: [number, number];
}

export const DEFAULT_BLUR: GaussianBlurOptions = { p: 0.5, sigma: [0.1, 2.0] };

/** SimCLR's kernel size for an image side: 10% of it, rounded to an odd number >= 3. */
export function defaultBlurKernelSize(side: number): number {
  const k = Math.round(side * 0.1);
  return Math.max(3, k % 2 === 1 ? k : k + 1);
}

/** A normalised 1-D Gaussian of `size` taps (odd). */
export function gaussianKernel(size: number, sigma: number): Float32Array {
  const r = (size - 1) / 2;
  const taps = Float32Array.from({ length: size }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const sum = taps.reduce((s, v) => s + v, 0);
  return taps.map((v) => v / sum);
}

/**
 * Blurs each image with probability p.
 * @param images [B, H, W, C] in [0, 1]
 * @returns [B, H, W, C] in [0, 1]
 */
export function gaussianBlur(
  images: tf.Tensor4D,
  options: Partial<GaussianBlurOptions> = {},
  random: RandomSource = 0,
): tf.Tensor4D {
  const [b, h, w, c] = checkImages(images, 'gaussianBlur');
  const o = { ...DEFAULT_BLUR, ...options };
  const p = checkProbability(o.p, 'gaussianBlur: p');
  const sigma = checkRange(o.sigma, 'gaussianBlur: sigma', Number.MIN_VALUE, Infinity);
  const k = o.kernelSize ?? defaultBlurKernelSize(Math.min(h, w));
  if (!Number.isInteger(k) || k < 1 || k % 2 === 0)
    throw new RangeError(`gaussianBlur: kernelSize must be a positive odd integer, got ${k}`);
  const r = (k - 1) / 2;
  if (r >= Math.min(h, w))
    throw new RangeError(`gaussianBlur: kernelSize ${k} is too large for ${h}x${w} images (reflect padding)`);

  // filter[tap, image * C + channel]: the image's kernel repeated for each of its channels.
  const filter = new Float32Array(k * b * c);
  let i = 0;
  const coins = drawPerImage(toRandom(random), b, p, (rng, applied) => {
    const s = rng.uniform(sigma[0], sigma[1]);
    const taps = applied ? gaussianKernel(k, s) : Float32Array.from({ length: k }, (_, t) => (t === r ? 1 : 0));
    for (let t = 0; t < k; t++) for (let ch = 0; ch < c; ch++) filter[t * b * c + i * c + ch] = taps[t];
    i++;
  });
  if (coins.count === 0 || k === 1) return tf.tidy(() => images.clone());
  return tf.tidy(() => {
    const stacked = tf.reshape<tf.Rank.R4>(tf.transpose(images, [1, 2, 0, 3]), [1, h, w, b * c]);
    const padded = tf.mirrorPad(
      stacked,
      [
        [0, 0],
        [r, r],
        [r, r],
        [0, 0],
      ],
      'reflect',
    );
    const vertical = tf.depthwiseConv2d(padded, tf.tensor4d(filter, [k, 1, b * c, 1]), 1, 'valid');
    const blurred = tf.depthwiseConv2d(vertical, tf.tensor4d(filter, [1, k, b * c, 1]), 1, 'valid');
    return tf.clipByValue(tf.transpose(tf.reshape(blurred, [h, w, b, c]), [2, 0, 1, 3]), 0, 1) as tf.Tensor4D;
  });
}
