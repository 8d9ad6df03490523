// The filter gradient of a 2-D convolution (NHWC, tfjs filter layout [kh, kw, Cin, Cout]) in wasm
// SIMD, read straight from the forward input and the output gradient: no padding, transposing or
// im2col copies. tfjs-backend-wasm has no Conv2DBackpropFilter at all (tensorflow/tfjs#8474).
//
//   dW[i, j, c, o] = sum over b, p, q of x[b, p*sh + i - padTop, q*sw + j - padLeft, c] * dy[b, p, q, o]
//
// Work is split into chunks of whole output rows of one image (about 64 positions, which fit L1
// with their input rows); within a chunk every tap and channel block streams the same positions.
// A 4 (Cin) x 8 (Cout) block of dW is held in eight f32x4 registers across a chunk. Each image's
// sum goes to a scratch dW first and then into the total, so float32 rounding grows with the
// number of images, not of positions.

import { madd } from './madd';

/** Output positions per chunk, about (rows are kept whole). */
const CHUNK_POSITIONS: i32 = 64;

/**
 * @param x        float32 [B, H, W, Cin] forward input
 * @param dy       float32 [B, Ho, Wo, Cout] gradient of the forward output
 * @param dw       float32 [kh, kw, Cin, Cout] result (overwritten)
 * @param scratch  float32 [kh, kw, Cin, Cout] work space (overwritten)
 * @param b0, b1   the images [b0, b1) to sum over (a thread's share)
 */
export function filterGradient(
  x: usize, h: i32, w: i32, cin: i32,
  dy: usize, ho: i32, wo: i32, cout: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32,
  dw: usize, scratch: usize, b0: i32, b1: i32,
): void {
  const size = <usize>(kh * kw * cin * cout) << 2;
  memory.fill(dw, 0, size);
  const rowsPerChunk = max(1, CHUNK_POSITIONS / wo);
  for (let b = b0; b < b1; b++) {
    memory.fill(scratch, 0, size);
    for (let oy0 = 0; oy0 < ho; oy0 += rowsPerChunk) {
      const oy1 = min(ho, oy0 + rowsPerChunk);
      for (let i = 0; i < kh; i++) {
        // Rows of the chunk whose input row p*sh + i - padTop lies inside the image.
        const pLo = max(oy0, ceilDiv(padTop - i, sh)), pHi = min(oy1, floorDiv(h - 1 + padTop - i, sh) + 1);
        if (pLo >= pHi) continue;
        for (let j = 0; j < kw; j++) {
          const qLo = max(0, ceilDiv(padLeft - j, sw)), qHi = min(wo, floorDiv(w - 1 + padLeft - j, sw) + 1);
          if (qLo >= qHi) continue;
          const xStart = x + ((<usize>(((b * h + pLo * sh + i - padTop) * w + qLo * sw + j - padLeft) * cin)) << 2);
          const dyStart = dy + ((<usize>(((b * ho + pLo) * wo + qLo) * cout)) << 2);
          const tap = scratch + ((<usize>((i * kw + j) * cin * cout)) << 2);
          tapBlocks(xStart, dyStart, tap, cin, cout, pHi - pLo, qHi - qLo,
            <usize>(sh * w * cin) << 2, <usize>(sw * cin) << 2, <usize>(wo * cout) << 2);
        }
      }
    }
    addInto(dw, scratch, size);
  }
}

/**
 * One tap over a rows x cols grid of positions: dWtap[c, o] += sum x[pos, c] * dy[pos, o].
 * Strides are in bytes: xRow/dyRow between grid rows, xCol between grid columns (dy's is cout*4).
 */
function tapBlocks(
  x: usize, dy: usize, tap: usize, cin: i32, cout: i32, rows: i32, cols: i32,
  xRow: usize, xCol: usize, dyRow: usize,
): void {
  const tapRow = <usize>cout << 2, dyCol = <usize>cout << 2;
  let c = 0;
  for (; c + 4 <= cin; c += 4) {
    let o = 0;
    for (; o + 8 <= cout; o += 8) {
      block4x8(x + (<usize>c << 2), dy + (<usize>o << 2), tap + (<usize>(c * cout + o) << 2), tapRow, rows, cols, xRow, xCol, dyRow, dyCol);
    }
    for (; o < cout; o++) {
      for (let k = 0; k < 4; k++) block1x1(x + (<usize>(c + k) << 2), dy + (<usize>o << 2), tap + (<usize>((c + k) * cout + o) << 2), rows, cols, xRow, xCol, dyRow, dyCol);
    }
  }
  for (; c < cin; c++) {
    let o = 0;
    for (; o + 8 <= cout; o += 8) {
      block1x8(x + (<usize>c << 2), dy + (<usize>o << 2), tap + (<usize>(c * cout + o) << 2), rows, cols, xRow, xCol, dyRow, dyCol);
    }
    for (; o < cout; o++) block1x1(x + (<usize>c << 2), dy + (<usize>o << 2), tap + (<usize>(c * cout + o) << 2), rows, cols, xRow, xCol, dyRow, dyCol);
  }
}

/** dW[c..c+3, o..o+7] += x[pos, c..c+3]^T dy[pos, o..o+7] over the grid, in eight f32x4 accumulators. */
// @ts-ignore: decorator
@inline
function block4x8(
  x: usize, dy: usize, t: usize, tapRow: usize, rows: i32, cols: i32,
  xRow: usize, xCol: usize, dyRow: usize, dyCol: usize,
): void {
  let a00 = v128.load(t, 0), a01 = v128.load(t, 16);
  let a10 = v128.load(t + tapRow, 0), a11 = v128.load(t + tapRow, 16);
  let a20 = v128.load(t + 2 * tapRow, 0), a21 = v128.load(t + 2 * tapRow, 16);
  let a30 = v128.load(t + 3 * tapRow, 0), a31 = v128.load(t + 3 * tapRow, 16);
  for (let r = 0; r < rows; r++) {
    let xp = x + <usize>r * xRow, dp = dy + <usize>r * dyRow;
    for (let q = 0; q < cols; q++) {
      const d0 = v128.load(dp, 0), d1 = v128.load(dp, 16);
      const x0 = v128.load32_splat(xp, 0), x1 = v128.load32_splat(xp, 4);
      const x2 = v128.load32_splat(xp, 8), x3 = v128.load32_splat(xp, 12);
      a00 = madd(x0, d0, a00); a01 = madd(x0, d1, a01);
      a10 = madd(x1, d0, a10); a11 = madd(x1, d1, a11);
      a20 = madd(x2, d0, a20); a21 = madd(x2, d1, a21);
      a30 = madd(x3, d0, a30); a31 = madd(x3, d1, a31);
      xp += xCol; dp += dyCol;
    }
  }
  v128.store(t, a00, 0); v128.store(t, a01, 16);
  v128.store(t + tapRow, a10, 0); v128.store(t + tapRow, a11, 16);
  v128.store(t + 2 * tapRow, a20, 0); v128.store(t + 2 * tapRow, a21, 16);
  v128.store(t + 3 * tapRow, a30, 0); v128.store(t + 3 * tapRow, a31, 16);
}

/** dW[c, o..o+7] += x[pos, c] dy[pos, o..o+7] (an input channel left over from blocks of 4). */
function block1x8(
  x: usize, dy: usize, t: usize, rows: i32, cols: i32,
  xRow: usize, xCol: usize, dyRow: usize, dyCol: usize,
): void {
  let a0 = v128.load(t, 0), a1 = v128.load(t, 16);
  for (let r = 0; r < rows; r++) {
    let xp = x + <usize>r * xRow, dp = dy + <usize>r * dyRow;
    for (let q = 0; q < cols; q++) {
      const xs = v128.load32_splat(xp);
      a0 = madd(xs, v128.load(dp, 0), a0);
      a1 = madd(xs, v128.load(dp, 16), a1);
      xp += xCol; dp += dyCol;
    }
  }
  v128.store(t, a0, 0); v128.store(t, a1, 16);
}

/** dW[c, o] += x[pos, c] dy[pos, o] (output channels left over from blocks of 8). */
function block1x1(
  x: usize, dy: usize, t: usize, rows: i32, cols: i32,
  xRow: usize, xCol: usize, dyRow: usize, dyCol: usize,
): void {
  let a = load<f32>(t);
  for (let r = 0; r < rows; r++) {
    let xp = x + <usize>r * xRow, dp = dy + <usize>r * dyRow;
    for (let q = 0; q < cols; q++) {
      a += load<f32>(xp) * load<f32>(dp);
      xp += xCol; dp += dyCol;
    }
  }
  store<f32>(t, a);
}

/** a[k] += b[k] for `bytes` / 4 floats (bytes a multiple of 4). */
export function addInto(a: usize, b: usize, bytes: usize): void {
  let k: usize = 0;
  for (; k + 16 <= bytes; k += 16) v128.store(a + k, f32x4.add(v128.load(a + k), v128.load(b + k)));
  for (; k < bytes; k += 4) store<f32>(a + k, load<f32>(a + k) + load<f32>(b + k));
}

// @ts-ignore: decorator
@inline
function floorDiv(a: i32, b: i32): i32 {
  const q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

// @ts-ignore: decorator
@inline
function ceilDiv(a: i32, b: i32): i32 {
  return -floorDiv(-a, b);
}
