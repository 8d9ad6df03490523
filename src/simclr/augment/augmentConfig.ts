/**
 * The SimCLR augmentation pipeline's settings: defaults per image size and channel count, and a
 * one-line summary for the augmentation grid. Defaults follow Chen et al. 2020 (arXiv:2002.05709):
 * - ImageNet-sized images (side >= 64), appendix A: crop scale 0.08-1, ratio 3/4-4/3, flip 0.5,
 *   colour jitter s = 1 with p = 0.8, grayscale p = 0.2, blur p = 0.5 with a 10% kernel.
 * - Small RGB images (side < 64, e.g. CIFAR-10 32 px), appendix B.9: colour jitter s = 0.5 and no
 *   Gaussian blur ("we do not use Gaussian blur" at this resolution); crop as for ImageNet.
 * - Grayscale images (e.g. Fashion-MNIST 28 px), our choice: crop scale 0.2-1 (8% of 28x28 is a
 *   ~8x8 patch, too little of a garment to identify it), jitter of brightness and contrast only at
 *   s = 0.5 (saturation and hue do not exist in gray), grayscale off (already gray), blur off.
 */
import { DEFAULT_BLUR, defaultBlurKernelSize, type GaussianBlurOptions } from './gaussianBlur';
import { colorJitterStrength, type ColorJitterOptions } from './colorJitter';
import { DEFAULT_CROP, type RandomResizedCropOptions } from './randomResizedCrop';
import { DEFAULT_FLIP, type HorizontalFlipOptions } from './horizontalFlip';
import { DEFAULT_GRAYSCALE, type RandomGrayscaleOptions } from './randomGrayscale';

/** Every op's options; `simclrAugment` applies them in this order. */
export interface AugmentConfig {
  crop: RandomResizedCropOptions;
  flip: HorizontalFlipOptions;
  colorJitter: ColorJitterOptions;
  grayscale: RandomGrayscaleOptions;
  blur: GaussianBlurOptions;
}

/** The default pipeline for square images of side `imageSize` with `channels` channels (1 or 3). */
export function defaultAugmentConfig(imageSize: number, channels: 1 | 3): AugmentConfig {
  if (!Number.isInteger(imageSize) || imageSize <= 0)
    throw new RangeError(`defaultAugmentConfig: imageSize must be a positive integer, got ${imageSize}`);
  if (channels !== 1 && channels !== 3)
    throw new RangeError(`defaultAugmentConfig: channels must be 1 or 3, got ${channels}`);
  const small = imageSize < 64;
  const blur: GaussianBlurOptions = {
    ...DEFAULT_BLUR,
    sigma: [...DEFAULT_BLUR.sigma],
    kernelSize: defaultBlurKernelSize(imageSize),
  };
  if (channels === 1) {
    return {
      crop: { ...DEFAULT_CROP, scale: [0.2, 1], ratio: [...DEFAULT_CROP.ratio] },
      flip: { ...DEFAULT_FLIP },
      colorJitter: { ...colorJitterStrength(0.5), saturation: 0, hue: 0 },
      grayscale: { p: 0 },
      blur: { ...blur, p: 0 },
    };
  }
  return {
    crop: { ...DEFAULT_CROP, scale: [...DEFAULT_CROP.scale], ratio: [...DEFAULT_CROP.ratio] },
    flip: { ...DEFAULT_FLIP },
    colorJitter: colorJitterStrength(small ? 0.5 : 1),
    grayscale: { ...DEFAULT_GRAYSCALE },
    blur: small ? { ...blur, p: 0 } : blur,
  };
}

const num = (x: number) => String(Number(x.toFixed(2)));
const pct = (p: number) => `${Number((p * 100).toFixed(1))}%`;

/**
 * One line for people, e.g. "crop scale 0.2-1 ratio 0.75-1.33 | flip 50% | jitter 80% (b 0.4, c 0.4)
 * | gray off | blur off". Ops with p = 0 (or nothing to change) read "off".
 */
export function describeAugmentConfig(config: AugmentConfig): string {
  const { crop, flip, colorJitter: jitter, grayscale, blur } = config;
  const size =
    crop.size === undefined
      ? ''
      : ` to ${typeof crop.size === 'number' ? `${crop.size}px` : `${crop.size[0]}x${crop.size[1]}px`}`;
  const cropText =
    crop.p === 0
      ? `crop off${size ? ` (resize${size})` : ''}`
      : `crop${crop.p < 1 ? ` ${pct(crop.p)}` : ''} scale ${num(crop.scale[0])}-${num(crop.scale[1])} ratio ${num(crop.ratio[0])}-${num(crop.ratio[1])}${size}`;
  const parts = (
    [
      ['b', jitter.brightness],
      ['c', jitter.contrast],
      ['s', jitter.saturation],
      ['h', jitter.hue],
    ] as const
  )
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k} ${num(v)}`);
  const jitterText =
    jitter.p === 0 || parts.length === 0 ? 'jitter off' : `jitter ${pct(jitter.p)} (${parts.join(', ')})`;
  const blurText =
    blur.p === 0
      ? 'blur off'
      : `blur ${pct(blur.p)} (${blur.kernelSize === undefined ? 'kernel 10%' : `kernel ${blur.kernelSize}`}, sigma ${num(blur.sigma[0])}-${num(blur.sigma[1])})`;
  return [
    cropText,
    flip.p === 0 ? 'flip off' : `flip ${pct(flip.p)}`,
    jitterText,
    grayscale.p === 0 ? 'gray off' : `gray ${pct(grayscale.p)}`,
    blurText,
  ].join(' | ');
}
