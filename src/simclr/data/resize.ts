/**
 * Deterministic image resizing in plain JS for loaders (runs once per image at load time, so it is
 * not a tensor op): separable triangle (bilinear) filtering whose support widens with the
 * downscale factor, i.e. antialiased like PIL's BILINEAR resize, so large photos shrink to 32 px
 * without aliasing; when enlarging it is ordinary bilinear interpolation (half-pixel centres).
 */

interface Taps {
  /** First source index per output index. */
  start: Int32Array;
  /** Number of taps per output index. */
  count: Int32Array;
  /** Normalised weights, `maxTaps` per output index. */
  weights: Float32Array;
  maxTaps: number;
}

/** Filter taps mapping `inSize` samples to `outSize`. */
function taps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const support = Math.max(1, scale);
  const maxTaps = Math.ceil(2 * support) + 2;
  const start = new Int32Array(outSize),
    count = new Int32Array(outSize);
  const weights = new Float32Array(outSize * maxTaps);
  for (let o = 0; o < outSize; o++) {
    const centre = (o + 0.5) * scale;
    const lo = Math.max(0, Math.floor(centre - support));
    const hi = Math.min(inSize, Math.ceil(centre + support));
    let sum = 0,
      n = 0;
    for (let i = lo; i < hi && n < maxTaps; i++, n++) {
      const weight = Math.max(0, 1 - Math.abs((i + 0.5 - centre) / support));
      weights[o * maxTaps + n] = weight;
      sum += weight;
    }
    if (sum === 0) {
      // The centre fell between samples with zero weight (only at extreme ratios): take the nearest.
      weights[o * maxTaps] = 1;
      start[o] = Math.min(inSize - 1, Math.max(0, Math.round(centre - 0.5)));
      count[o] = 1;
      continue;
    }
    for (let k = 0; k < n; k++) weights[o * maxTaps + k] /= sum;
    start[o] = lo;
    count[o] = n;
  }
  return { start, count, weights, maxTaps };
}

/**
 * Resizes row-major [height, width, channels] bytes to [outHeight, outWidth, channels].
 * Returns the input unchanged (same array) when the size already matches.
 */
export function resizePixels(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: number,
  outWidth: number,
  outHeight: number,
): Uint8Array {
  if (width === outWidth && height === outHeight) return pixels;
  const xs = taps(width, outWidth),
    ys = taps(height, outHeight);
  // Horizontal pass into floats [height, outWidth, channels], then vertical pass into bytes.
  const mid = new Float32Array(height * outWidth * channels);
  for (let y = 0; y < height; y++) {
    for (let o = 0; o < outWidth; o++) {
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let k = 0; k < xs.count[o]; k++) {
          acc += xs.weights[o * xs.maxTaps + k] * pixels[(y * width + xs.start[o] + k) * channels + c];
        }
        mid[(y * outWidth + o) * channels + c] = acc;
      }
    }
  }
  const out = new Uint8Array(outHeight * outWidth * channels);
  for (let o = 0; o < outHeight; o++) {
    for (let x = 0; x < outWidth; x++) {
      for (let c = 0; c < channels; c++) {
        let acc = 0;
        for (let k = 0; k < ys.count[o]; k++) {
          acc += ys.weights[o * ys.maxTaps + k] * mid[((ys.start[o] + k) * outWidth + x) * channels + c];
        }
        out[(o * outWidth + x) * channels + c] = Math.min(255, Math.max(0, Math.round(acc)));
      }
    }
  }
  return out;
}

/** The central square of row-major [height, width, channels] bytes, and its side. */
export function centerCropSquare(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: number,
): { pixels: Uint8Array; side: number } {
  const side = Math.min(width, height);
  if (width === height) return { pixels, side };
  const top = Math.floor((height - side) / 2),
    left = Math.floor((width - side) / 2);
  const out = new Uint8Array(side * side * channels);
  for (let y = 0; y < side; y++) {
    const from = ((top + y) * width + left) * channels;
    out.set(pixels.subarray(from, from + side * channels), y * side * channels);
  }
  return { pixels: out, side };
}
