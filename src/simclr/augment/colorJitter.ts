/**
 * Colour jitter (Chen et al. 2020, arXiv:2002.05709, appendix A: colour distortion of strength s:
 * brightness, contrast and saturation 0.8s, hue 0.2s, applied with p = 0.8, in random order).
 * Factors are drawn per image as torchvision's ColorJitter does: brightness and contrast and
 * saturation factors uniform in [max(0, 1 - x), 1 + x], hue shift uniform in [-hue, hue] turns.
 * - brightness: x * f;  contrast: blend with the image's mean luma;  saturation: blend with the
 *   pixel's luma. Hue rotates chroma in YIQ space (a linear, batched stand-in for HSV hue shift).
 * - The order of the four is drawn once per batch (per-image order would need 24 code paths).
 * - 1-channel images: brightness and contrast only (saturation and hue do not exist in gray).
 * Every step clips to [0, 1], as torchvision's float path does.
 */
import type { Random } from '../random';
import { tf } from '../tf';
import {
  blend,
  checkImages,
  checkNonNegative,
  checkProbability,
  clip01,
  drawPerImage,
  luma,
  perImage,
  toRandom,
  type RandomSource,
} from './common';

export interface ColorJitterOptions {
  /** Probability of jittering each image (all four adjustments together). */
  p: number;
  /** Max brightness change: factor in [max(0, 1 - brightness), 1 + brightness]. */
  brightness: number;
  contrast: number;
  saturation: number;
  /** Max hue shift in turns, at most 0.5. */
  hue: number;
  /** Shuffle the order of the four adjustments (once per batch); false: b, c, s, h. */
  randomOrder: boolean;
}

/** SimCLR's colour jitter of strength s: brightness/contrast/saturation 0.8s, hue 0.2s, p = 0.8. */
export function colorJitterStrength(s: number, p = 0.8): ColorJitterOptions {
  checkNonNegative(s, 'colorJitterStrength: s', 2.5);
  return { p, brightness: 0.8 * s, contrast: 0.8 * s, saturation: 0.8 * s, hue: 0.2 * s, randomOrder: true };
}

export const DEFAULT_COLOR_JITTER: ColorJitterOptions = colorJitterStrength(1);

type Adjustment = 'brightness' | 'contrast' | 'saturation' | 'hue';
const ADJUSTMENTS: Adjustment[] = ['brightness', 'contrast', 'saturation', 'hue'];

const factor = (random: Random, x: number) => random.uniform(Math.max(0, 1 - x), 1 + x);

/** RGB -> YIQ (NTSC), and its exact inverse so that a zero hue shift is the identity. */
const LUMA_WEIGHTS = [0.299, 0.587, 0.114];
const RGB_TO_YIQ = [
  [0.299, 0.587, 0.114],
  [0.595716, -0.274453, -0.321263],
  [0.211456, -0.522591, 0.311135],
];
const YIQ_TO_RGB = invert3(RGB_TO_YIQ);

function invert3(m: number[][]): number[][] {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
  return [
    [(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det],
    [(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det],
    [(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det],
  ];
}

/** The transposed RGB->RGB matrix that rotates chroma by `turns`, flattened (row vector times it). */
function hueMatrixT(turns: number): number[] {
  const cos = Math.cos(2 * Math.PI * turns),
    sin = Math.sin(2 * Math.PI * turns);
  const rot = [
    [1, 0, 0],
    [0, cos, -sin],
    [0, sin, cos],
  ];
  const mul = (x: number[][], y: number[][]) =>
    x.map((row) => y[0].map((_, j) => row.reduce((s, v, k) => s + v * y[k][j], 0)));
  const m = mul(YIQ_TO_RGB, mul(rot, RGB_TO_YIQ));
  return [0, 1, 2].flatMap((k) => [0, 1, 2].map((j) => m[j][k]));
}

/** The transposed matrix of (x - luma) * f + luma, flattened: f * I + (1 - f) * luma weights. */
function saturationMatrixT(f: number): number[] {
  return [0, 1, 2].flatMap((k) => [0, 1, 2].map((j) => (k === j ? f : 0) + (1 - f) * LUMA_WEIGHTS[k]));
}

/** Applies one adjustment with per-image parameters. x: [B, H, W, C] -> [B, H, W, C]. */
function adjust(x: tf.Tensor4D, kind: Adjustment, values: Float32Array): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  switch (kind) {
    case 'brightness':
      return clip01(tf.mul(x, perImage(values)));
    case 'contrast': {
      const gray = c === 3 ? luma(x) : x;
      const mean = tf.mean(gray, [1, 2, 3], true);
      return clip01(tf.add(tf.mul(tf.sub(x, mean), perImage(values)), mean));
    }
    case 'saturation':
    case 'hue': {
      // Both are per-image linear maps of RGB: one batched [B, H*W, 3] x [B, 3, 3] matMul.
      const matrix = kind === 'hue' ? hueMatrixT : saturationMatrixT;
      const matrices = tf.tensor3d(Float32Array.from([...values].flatMap(matrix)), [b, 3, 3]);
      return clip01(tf.reshape(tf.matMul(tf.reshape(x, [b, h * w, 3]), matrices), [b, h, w, c]));
    }
  }
}

/**
 * Jitters brightness, contrast, saturation and hue of each image with probability p.
 * @param images [B, H, W, C], C = 1 or 3, in [0, 1]
 * @returns [B, H, W, C] in [0, 1]
 */
export function colorJitter(
  images: tf.Tensor4D,
  options: Partial<ColorJitterOptions> = {},
  random: RandomSource = 0,
): tf.Tensor4D {
  const [b, , , c] = checkImages(images, 'colorJitter', [1, 3]);
  const o = { ...DEFAULT_COLOR_JITTER, ...options };
  checkProbability(o.p, 'colorJitter: p');
  for (const kind of ['brightness', 'contrast', 'saturation'] as const)
    checkNonNegative(o[kind], `colorJitter: ${kind}`);
  checkNonNegative(o.hue, 'colorJitter: hue', 0.5);
  const rng = toRandom(random);

  const params: Record<Adjustment, Float32Array> = {
    brightness: new Float32Array(b),
    contrast: new Float32Array(b),
    saturation: new Float32Array(b),
    hue: new Float32Array(b),
  };
  let i = 0;
  const coins = drawPerImage(rng, b, o.p, (r, applied) => {
    const drawn = [factor(r, o.brightness), factor(r, o.contrast), factor(r, o.saturation), r.uniform(-o.hue, o.hue)];
    params.brightness[i] = applied ? drawn[0] : 1;
    params.contrast[i] = applied ? drawn[1] : 1;
    params.saturation[i] = applied ? drawn[2] : 1;
    params.hue[i] = applied ? drawn[3] : 0;
    i++;
  });
  const order = o.randomOrder ? rng.shuffle([0, 1, 2, 3]).map((k) => ADJUSTMENTS[k]) : ADJUSTMENTS;
  const active = order.filter((kind) => {
    if (c === 1 && (kind === 'saturation' || kind === 'hue')) return false;
    return kind === 'hue' ? o.hue > 0 : o[kind] > 0;
  });
  if (coins.count === 0 || active.length === 0) return tf.tidy(() => images.clone());
  return tf.tidy(() => {
    let x = images;
    for (const kind of active) x = adjust(x, kind, params[kind]);
    return blend(coins, x, images);
  });
}
