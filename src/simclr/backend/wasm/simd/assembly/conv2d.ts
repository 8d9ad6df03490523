// A direct 2-D convolution (NHWC input, tfjs filter layout [kh, kw, Cin, Cout]) in wasm SIMD, with
// an optional bias and ReLU applied as each output block is stored:
//
//   y[b, p, q, o] = act(bias[o] + sum over i, j, c of x[b, p*sh + i - padTop, q*sw + j - padLeft, c] * w[i, j, c, o])
//
// Four neighbouring output positions x eight output channels are held in eight f32x4 registers
// through the whole reduction over taps and input channels, so every output is stored once.
// A tap that falls in the padding reads a row of zeros instead, so border positions run in the
// same blocks as interior ones; a row's last block overlaps the one before it when the width is
// not a multiple of 4 (rewriting equal values). Rows narrower than 4 go one position at a time.
// Output channels go eight at a time, then one. Rows [n0, n1) of the flattened (image, output
// row) index are this call's share.

import { madd } from './madd';

/**
 * @param x     float32 [B, H, W, Cin]
 * @param w     float32 [kh, kw, Cin, Cout]
 * @param bias  float32 [Cout], or 0 for none
 * @param relu  1: max(0, .) on the output
 * @param zeros float32 [Cin] of zeros (what a padding tap reads)
 * @param y     float32 [B, Ho, Wo, Cout] (rows n0..n1-1 of B*Ho written)
 */
export function conv2d(
  x: usize, h: i32, w_: i32, cin: i32,
  w: usize, kh: i32, kw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32,
  bias: usize, relu: i32, zeros: usize,
  y: usize, ho: i32, wo: i32, cout: i32,
  n0: i32, n1: i32,
): void {
  for (let n = n0; n < n1; n++) {
    const b = n / ho, p = n % ho;
    // Taps i whose input row lies inside the image.
    const i0 = max(0, padTop - p * sh), i1 = min(kh, h + padTop - p * sh);
    const xRow0 = x + (<usize>((b * h + p * sh - padTop) * w_) * cin << 2);
    const yRow = y + (<usize>(n * wo * cout) << 2);
    if (wo < 4) {
      for (let q = 0; q < wo; q++) single(xRow0, <usize>(sw * cin) << 2, w_, cin, w, kw, sw, padLeft, i0, i1, bias, relu, yRow, cout, q);
      continue;
    }
    for (let q0 = 0; q0 < wo; q0 += 4) {
      const q = min(q0, wo - 4);
      const yq = yRow + (<usize>(q * cout) << 2);
      let o = 0;
      for (; o + 8 <= cout; o += 8) block4x8(xRow0, q, sw, padLeft, w_, cin, w, kw, i0, i1, cout, bias, relu, zeros, yq, o);
      for (; o < cout; o++) block4x1(xRow0, q, sw, padLeft, w_, cin, w, kw, i0, i1, cout, bias, relu, zeros, yq, o);
    }
  }
}

/** Where position q's tap j reads its Cin values: the input pixel, or the zero row in the padding. */
// @ts-ignore: decorator
@inline
function tapPointer(xRowI: usize, q: i32, j: i32, sw: i32, padLeft: i32, wIn: i32, cin: i32, zeros: usize): usize {
  const ix = q * sw + j - padLeft;
  return ix >= 0 && ix < wIn ? xRowI + (<usize>(ix * cin) << 2) : zeros;
}

/** Positions q..q+3 x eight output channels from o. */
// @ts-ignore: decorator
@inline
function block4x8(
  xRow0: usize, q: i32, sw: i32, padLeft: i32, wIn: i32, cin: i32, w: usize, kw: i32, i0: i32, i1: i32, cout: i32,
  bias: usize, relu: i32, zeros: usize, yq: usize, o: i32,
): void {
  let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
  let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
  const wRowBytes = <usize>cout << 2;
  for (let i = i0; i < i1; i++) {
    const xRowI = xRow0 + (<usize>(i * wIn * cin) << 2);
    for (let j = 0; j < kw; j++) {
      let p0 = tapPointer(xRowI, q, j, sw, padLeft, wIn, cin, zeros);
      let p1 = tapPointer(xRowI, q + 1, j, sw, padLeft, wIn, cin, zeros);
      let p2 = tapPointer(xRowI, q + 2, j, sw, padLeft, wIn, cin, zeros);
      let p3 = tapPointer(xRowI, q + 3, j, sw, padLeft, wIn, cin, zeros);
      let wp = w + (<usize>(((i * kw + j) * cin) * cout + o) << 2);
      for (let c = 0; c < cin; c++) {
        const w0 = v128.load(wp, 0), w1 = v128.load(wp, 16);
        const x0 = v128.load32_splat(p0), x1 = v128.load32_splat(p1);
        const x2 = v128.load32_splat(p2), x3 = v128.load32_splat(p3);
        a00 = madd(x0, w0, a00); a01 = madd(x0, w1, a01);
        a10 = madd(x1, w0, a10); a11 = madd(x1, w1, a11);
        a20 = madd(x2, w0, a20); a21 = madd(x2, w1, a21);
        a30 = madd(x3, w0, a30); a31 = madd(x3, w1, a31);
        p0 += 4; p1 += 4; p2 += 4; p3 += 4; wp += wRowBytes;
      }
    }
  }
  let b0 = f32x4.splat(0), b1 = f32x4.splat(0);
  if (bias) { b0 = v128.load(bias + (<usize>o << 2), 0); b1 = v128.load(bias + (<usize>o << 2), 16); }
  const yo = yq + (<usize>o << 2), yStep = <usize>cout << 2;
  store8(yo, a00, a01, b0, b1, relu);
  store8(yo + yStep, a10, a11, b0, b1, relu);
  store8(yo + 2 * yStep, a20, a21, b0, b1, relu);
  store8(yo + 3 * yStep, a30, a31, b0, b1, relu);
}

// @ts-ignore: decorator
@inline
function store8(p: usize, a0: v128, a1: v128, b0: v128, b1: v128, relu: i32): void {
  let v0 = f32x4.add(a0, b0), v1 = f32x4.add(a1, b1);
  if (relu) { const z = f32x4.splat(0); v0 = f32x4.max(v0, z); v1 = f32x4.max(v1, z); }
  v128.store(p, v0, 0); v128.store(p, v1, 16);
}

/** Positions q..q+3 x one output channel (channels left over from blocks of 8). */
function block4x1(
  xRow0: usize, q: i32, sw: i32, padLeft: i32, wIn: i32, cin: i32, w: usize, kw: i32, i0: i32, i1: i32, cout: i32,
  bias: usize, relu: i32, zeros: usize, yq: usize, o: i32,
): void {
  for (let k = 0; k < 4; k++) {
    let a: f32 = 0;
    for (let i = i0; i < i1; i++) {
      for (let j = 0; j < kw; j++) {
        let xp = tapPointer(xRow0 + (<usize>(i * wIn * cin) << 2), q + k, j, sw, padLeft, wIn, cin, zeros);
        let wp = w + (<usize>(((i * kw + j) * cin) * cout + o) << 2);
        for (let c = 0; c < cin; c++) { a += load<f32>(xp) * load<f32>(wp); xp += 4; wp += <usize>cout << 2; }
      }
    }
    if (bias) a += load<f32>(bias + (<usize>o << 2));
    if (relu && a < 0) a = 0;
    store<f32>(yq + (<usize>(k * cout + o) << 2), a);
  }
}

/** One output position (a border one: taps outside the image are skipped), every output channel. */
function single(
  xRow0: usize, xCol: usize, wIn: i32, cin: i32, w: usize, kw: i32, sw: i32, padLeft: i32, i0: i32, i1: i32,
  bias: usize, relu: i32, yRow: usize, cout: i32, q: i32,
): void {
  const j0 = max(0, padLeft - q * sw), j1 = min(kw, wIn + padLeft - q * sw);
  const yq = yRow + (<usize>(q * cout) << 2);
  const xq = xRow0 + (<usize>((q * sw - padLeft) * cin) << 2);
  const wRowBytes = <usize>cout << 2;
  let o = 0;
  for (; o + 8 <= cout; o += 8) {
    let a0 = f32x4.splat(0), a1 = f32x4.splat(0);
    for (let i = i0; i < i1; i++) {
      for (let j = j0; j < j1; j++) {
        let xp = xq + (<usize>((i * wIn + j) * cin) << 2);
        let wp = w + (<usize>(((i * kw + j) * cin) * cout + o) << 2);
        for (let c = 0; c < cin; c++) {
          const xs = v128.load32_splat(xp);
          a0 = madd(xs, v128.load(wp, 0), a0);
          a1 = madd(xs, v128.load(wp, 16), a1);
          xp += 4; wp += wRowBytes;
        }
      }
    }
    let b0 = f32x4.splat(0), b1 = f32x4.splat(0);
    if (bias) { b0 = v128.load(bias + (<usize>o << 2), 0); b1 = v128.load(bias + (<usize>o << 2), 16); }
    store8(yq + (<usize>o << 2), a0, a1, b0, b1, relu);
  }
  for (; o < cout; o++) {
    let a: f32 = 0;
    for (let i = i0; i < i1; i++) {
      for (let j = j0; j < j1; j++) {
        let xp = xq + (<usize>((i * wIn + j) * cin) << 2);
        let wp = w + (<usize>(((i * kw + j) * cin) * cout + o) << 2);
        for (let c = 0; c < cin; c++) { a += load<f32>(xp) * load<f32>(wp); xp += 4; wp += wRowBytes; }
      }
    }
    if (bias) a += load<f32>(bias + (<usize>o << 2));
    if (relu && a < 0) a = 0;
    store<f32>(yq + (<usize>o << 2), a);
  }
}

