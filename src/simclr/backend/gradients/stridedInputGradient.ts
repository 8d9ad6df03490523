/**
 * The input gradient of a strided convolution by sub-pixel (phase) decomposition, as in
 * Shi et al. 2016 ("Is the deconvolution layer the same as a convolutional layer?", arXiv:1609.07009):
 * dx splits into s_h x s_w interleaved phases, and each phase is a small stride-1 'valid' convolution
 * of dy with the filter taps that reach it. Same flops as the forward convolution, where convolving a
 * zero-inserted dy (conv2dBackpropInput.ts's general path) spends s_h x s_w times as many.
 *
 * Per axis, for y[p] = sum_i x[s*p + i - top] w[i] and output index n = s*u + r (phase r):
 *   dx_r[u] = sum_t dy[u + D - t] * w[i0 + t*s],  i0 = (r + top) mod s,  D = (r + top - i0) / s,
 * with t over the T taps i0, i0 + s, ... < k; as a correlation, dy is shifted by dmin = D - T + 1.
 */
import { tf } from '../../tf';
import type { ConvGeometry } from './convGradGeometry';

interface AxisPhase {
  taps: number[];
  shift: number;
  length: number;
}

/** Taps (filter indices, correlation order), dy shift and output length of phase r along one axis. */
function axisPhase(r: number, top: number, s: number, k: number, inSize: number): AxisPhase {
  const i0 = (((r + top) % s) + s) % s;
  const count = i0 < k ? Math.ceil((k - i0) / s) : 0;
  const d = (r + top - i0) / s;
  const taps = Array.from({ length: count }, (_, q) => i0 + (count - 1 - q) * s);
  return { taps, shift: d - count + 1, length: Math.max(0, Math.ceil((inSize - r) / s)) };
}

/** Shifts dy by `shift` rows/cols (crop when positive, zero-pad when negative) and pads/crops the end to `size`. */
function window1d(t: tf.Tensor4D, axis: 1 | 2, shift: number, size: number): tf.Tensor4D {
  const n = t.shape[axis];
  const before = -shift,
    after = size - (n - shift);
  let r = t;
  const cropB = Math.max(0, -before),
    cropA = Math.max(0, -after);
  if (cropB || cropA) {
    const begin = [0, 0, 0, 0],
      len = [...r.shape];
    begin[axis] = cropB;
    len[axis] = n - cropB - cropA;
    r = tf.slice(r, begin, len);
  }
  if (before > 0 || after > 0) {
    const pads: Array<[number, number]> = [
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
    ];
    pads[axis] = [Math.max(0, before), Math.max(0, after)];
    r = tf.pad(r, pads);
  }
  return r;
}

/** Interleaves phases along `axis`: parts[r] holds indices s*u + r; result cropped to `size`. */
function interleave(parts: tf.Tensor4D[], axis: 1 | 2, size: number): tf.Tensor4D {
  const s = parts.length,
    longest = Math.max(...parts.map((p) => p.shape[axis]));
  const even = parts.map((p) => (p.shape[axis] === longest ? p : window1d(p, axis, 0, longest)));
  const stacked = tf.stack(even, axis + 1); // [.., longest, s, ..] at axis, axis+1
  const shape = [...even[0].shape];
  shape[axis] = longest * s;
  const merged = tf.reshape(stacked, shape) as unknown as tf.Tensor4D;
  if (shape[axis] === size) return merged;
  const len = [...shape];
  len[axis] = size;
  return tf.slice(merged, [0, 0, 0, 0], len);
}

/**
 * @param dy [B, Ho, Wo, Cout], filter [kh, kw, Cin, Cout], g the forward geometry (stride > 1 somewhere)
 * @returns dx [B, H, W, Cin]
 */
export function stridedInputGradient(dy: tf.Tensor4D, filter: tf.Tensor4D, g: ConvGeometry): tf.Tensor4D {
  return tf.tidy(() => {
    const sh = g.strideHeight,
      sw = g.strideWidth;
    const rows: tf.Tensor4D[] = [];
    for (let rh = 0; rh < sh; rh++) {
      const ph = axisPhase(rh, g.padTop, sh, g.filterHeight, g.inHeight);
      const cols: tf.Tensor4D[] = [];
      for (let rw = 0; rw < sw; rw++) {
        const pw = axisPhase(rw, g.padLeft, sw, g.filterWidth, g.inWidth);
        if (ph.taps.length === 0 || pw.taps.length === 0 || ph.length === 0 || pw.length === 0) {
          cols.push(tf.zeros([g.batch, ph.length, pw.length, g.inChannels]));
          continue;
        }
        const sub = tf.gather(tf.gather(filter, ph.taps, 0), pw.taps, 1); // [Th, Tw, Cin, Cout]
        const subT = tf.transpose(sub, [0, 1, 3, 2]) as tf.Tensor4D; // [Th, Tw, Cout, Cin]
        let d = window1d(dy, 1, ph.shift, ph.length + ph.taps.length - 1);
        d = window1d(d, 2, pw.shift, pw.length + pw.taps.length - 1);
        cols.push(tf.conv2d(d, subT, 1, 'valid'));
      }
      rows.push(sw === 1 ? cols[0] : interleave(cols, 2, g.inWidth));
    }
    return sh === 1 ? rows[0] : interleave(rows, 1, g.inHeight);
  });
}
