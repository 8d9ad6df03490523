/**
 * Properties measured on a grayscale image, the facts a composed caption states about it: how much
 * of the frame the ink covers, how bright the ink is, the width and height of its bounding box, and
 * how mirror-symmetric it is left to right. Pure functions of the pixels.
 */

/** Measured on one image; fractions in [0, 1]. */
export interface ImageProperties {
  /** Fraction of pixels with ink (value > INK_THRESHOLD). */
  ink: number;
  /** Mean value of the inked pixels / 255. */
  brightness: number;
  /** Bounding-box width and height of the ink / image side. */
  width: number;
  height: number;
  /** 1 - sum|x - mirror(x)| / (2 sum x): 1 for a perfectly left-right symmetric image. */
  symmetry: number;
}

/** A pixel counts as ink above this value (0-255); Fashion-MNIST backgrounds are 0. */
export const INK_THRESHOLD = 25;

/**
 * Properties of image `index` of row-major single-channel pixels.
 * @param pixels [n, h, w] uint8 values 0-255
 */
export function measureImage(pixels: Uint8Array, index: number, h: number, w: number): ImageProperties {
  const base = index * h * w;
  let inked = 0;
  let inkSum = 0;
  let total = 0;
  let asymmetry = 0;
  let top = h;
  let bottom = -1;
  let left = w;
  let right = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = pixels[base + y * w + x];
      total += v;
      asymmetry += Math.abs(v - pixels[base + y * w + (w - 1 - x)]);
      if (v > INK_THRESHOLD) {
        inked += 1;
        inkSum += v;
        if (y < top) top = y;
        if (y > bottom) bottom = y;
        if (x < left) left = x;
        if (x > right) right = x;
      }
    }
  }
  if (inked === 0) return { ink: 0, brightness: 0, width: 0, height: 0, symmetry: 1 };
  return {
    ink: inked / (h * w),
    brightness: inkSum / inked / 255,
    width: (right - left + 1) / w,
    height: (bottom - top + 1) / h,
    symmetry: total > 0 ? 1 - asymmetry / (2 * total) : 1,
  };
}
