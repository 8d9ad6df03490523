/**
 * Random resized crop, SimCLR's most important augmentation (Chen et al. 2020, arXiv:2002.05709,
 * appendix A: "random crop with resize", area scale uniform in [0.08, 1], aspect ratio log-uniform
 * in [3/4, 4/3], then resize to the original size). Boxes are drawn per image as torchvision's
 * RandomResizedCrop does (10 tries, then a centre crop), and all images are cut and resized in one
 * tf.image.cropAndResize (bilinear). Boxes are continuous (sub-pixel), not rounded to pixels.
 */
import type { Random } from '../random';
import { tf } from '../tf';
import { checkImages, checkProbability, checkRange, drawPerImage, toRandom, type RandomSource } from './common';

export interface RandomResizedCropOptions {
  /** Probability of cropping an image; the rest are only resized (identity at the same size). */
  p: number;
  /** Range of the crop's area as a fraction of the image's. */
  scale: [number, number];
  /** Range of the crop's width / height (sampled log-uniformly). */
  ratio: [number, number];
  /** Output side(s) in pixels; default: the input's height and width. */
  size?: number | [height: number, width: number];
}

export const DEFAULT_CROP: RandomResizedCropOptions = { p: 1, scale: [0.08, 1], ratio: [3 / 4, 4 / 3] };

/** A crop in pixel units: top, left, height, width (continuous). */
export interface CropBox {
  top: number;
  left: number;
  height: number;
  width: number;
}

/** One crop of an h x w image, torchvision's algorithm: up to 10 draws, else the centre crop. */
export function sampleCropBox(
  random: Random,
  h: number,
  w: number,
  scale: [number, number],
  ratio: [number, number],
): CropBox {
  const area = h * w;
  const logRatio = [Math.log(ratio[0]), Math.log(ratio[1])];
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * random.uniform(scale[0], scale[1]);
    const aspect = Math.exp(random.uniform(logRatio[0], logRatio[1]));
    const width = Math.sqrt(target * aspect),
      height = Math.sqrt(target / aspect);
    if (width > 0 && height > 0 && width <= w && height <= h) {
      return { top: random.uniform(0, h - height), left: random.uniform(0, w - width), height, width };
    }
  }
  // Fallback: the largest centred crop whose aspect lies within `ratio`.
  const aspect = w / h;
  let width = w,
    height = h;
  if (aspect < ratio[0]) height = w / ratio[0];
  else if (aspect > ratio[1]) width = h * ratio[1];
  return { top: (h - height) / 2, left: (w - width) / 2, height, width };
}

/**
 * The box as cropAndResize's normalised [y1, x1, y2, x2], which map to pixel indices
 * y1 * (h - 1) .. y2 * (h - 1): the crop's first and last pixel centres.
 */
function normalisedBox(box: CropBox, h: number, w: number): number[] {
  const ny = (y: number) => (h > 1 ? y / (h - 1) : 0);
  const nx = (x: number) => (w > 1 ? x / (w - 1) : 0);
  return [ny(box.top), nx(box.left), ny(box.top + box.height - 1), nx(box.left + box.width - 1)];
}

function outputSize(size: RandomResizedCropOptions['size'], h: number, w: number): [number, number] {
  const [oh, ow] = size === undefined ? [h, w] : typeof size === 'number' ? [size, size] : size;
  if (![oh, ow].every((s) => Number.isInteger(s) && s > 0)) {
    throw new RangeError(
      `randomResizedCrop: size must be a positive integer or [height, width], got ${JSON.stringify(size)}`,
    );
  }
  return [oh, ow];
}

/**
 * Crops a random box of each image and resizes it (bilinear).
 * @param images [B, H, W, C] float32 in [0, 1]
 * @returns [B, size, size, C] (default [B, H, W, C]) in [0, 1]
 */
export function randomResizedCrop(
  images: tf.Tensor4D,
  options: Partial<RandomResizedCropOptions> = {},
  random: RandomSource = 0,
): tf.Tensor4D {
  const [b, h, w] = checkImages(images, 'randomResizedCrop');
  const o = { ...DEFAULT_CROP, ...options };
  const p = checkProbability(o.p, 'randomResizedCrop: p');
  const scale = checkRange(o.scale, 'randomResizedCrop: scale', 0, 1);
  if (scale[1] <= 0) throw new RangeError('randomResizedCrop: scale must allow a crop of positive area');
  const ratio = checkRange(o.ratio, 'randomResizedCrop: ratio', Number.MIN_VALUE, Infinity);
  const [oh, ow] = outputSize(o.size, h, w);
  const rng = toRandom(random);

  const boxes = new Float32Array(4 * b);
  const whole: CropBox = { top: 0, left: 0, height: h, width: w };
  let i = 0;
  const coins = drawPerImage(rng, b, p, (r, applied) => {
    const box = sampleCropBox(r, h, w, scale, ratio);
    boxes.set(normalisedBox(applied ? box : whole, h, w), 4 * i++);
  });
  if (coins.count === 0 && oh === h && ow === w) return tf.tidy(() => images.clone());
  return tf.tidy(() => {
    const boxIndices = tf.tensor1d(
      Int32Array.from({ length: b }, (_, k) => k),
      'int32',
    );
    return tf.clipByValue(
      tf.image.cropAndResize(images, tf.tensor2d(boxes, [b, 4]), boxIndices, [oh, ow], 'bilinear'),
      0,
      1,
    );
  });
}
