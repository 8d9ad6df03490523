// The input gradient of a 2-D convolution (NHWC) in wasm SIMD, gathered straight from the output
// gradient: no dilated, padded or phase-split copies of dy.
//
//   dx[b, r, s, c] = sum over taps (i, j) and o of dy[b, (r + padTop - i) / sh, (s + padLeft - j) / sw, o] * w[i, j, c, o]
//
// where only taps with whole, in-range quotients count. Columns of dx are taken one phase
// s = phase + sw*u at a time, so four consecutive u read four consecutive dy columns through the
// same taps; a tap column outside dy reads a row of zeros. The weights come transposed,
// wt[i, j, o, c], so eight input channels are one contiguous pair of f32x4 loads.

import { madd } from './madd';

/**
 * @param dy     float32 [B, Ho, Wo, Cout]
 * @param wt     float32 [kh, kw, Cout, Cin] (the forward filter with its last two axes swapped)
 * @param zeros  float32 [Cout] of zeros
 * @param dx     float32 [B, H, W, Cin] (rows n0..n1-1 of B*H written)
 */
export function conv2dBackpropInput(
  dy: usize, ho: i32, wo: i32, cout: i32,
  wt: usize, kh: i32, kw: i32, sh: i32, sw: i32, padTop: i32, padLeft: i32,
  zeros: usize,
  dx: usize, h: i32, w: i32, cin: i32,
  n0: i32, n1: i32,
): void {
  const dxCol = <usize>(sw * cin) << 2;
  for (let n = n0; n < n1; n++) {
    const b = n / h, r = n % h;
    const dyImage = dy + (<usize>(b * ho * wo * cout) << 2);
    const dxRow = dx + (<usize>(n * w * cin) << 2);
    for (let phase = 0; phase < min(sw, w); phase++) {
      const count = (w - phase + sw - 1) / sw; // columns s = phase + sw*u < W
      if (count < 4) {
        for (let u = 0; u < count; u++) {
          const dxq = dxRow + (<usize>((phase + sw * u) * cin) << 2);
          for (let c = 0; c < cin; c++) gather1(dyImage, ho, wo, cout, wt, kh, kw, sh, sw, padTop, padLeft, cin, r, phase + sw * u, c, dxq + (<usize>c << 2));
        }
        continue;
      }
      for (let u0 = 0; u0 < count; u0 += 4) {
        const u = min(u0, count - 4);
        const dxq = dxRow + (<usize>((phase + sw * u) * cin) << 2);
        let c = 0;
        for (; c + 8 <= cin; c += 8) block4x8(dyImage, ho, wo, cout, wt, kh, kw, sh, sw, padTop, padLeft, zeros, cin, r, phase, u, c, dxq, dxCol);
        for (; c < cin; c++) {
          for (let k = 0; k < 4; k++) {
            gather1(dyImage, ho, wo, cout, wt, kh, kw, sh, sw, padTop, padLeft, cin, r, phase + sw * (u + k), c, dxq + <usize>k * dxCol + (<usize>c << 2));
          }
        }
      }
    }
  }
}

/** dx at columns phase + sw*(u..u+3) of row r, input channels c..c+7. */
// @ts-ignore: decorator
@inline
function block4x8(
  dyImage: usize, ho: i32, wo: i32, cout: i32, wt: usize, kh: i32, kw: i32, sh: i32, sw: i32,
  padTop: i32, padLeft: i32, zeros: usize, cin: i32, r: i32, phase: i32, u: i32, c: i32,
  dxq: usize, dxCol: usize,
): void {
  let a00 = f32x4.splat(0), a01 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
  let a20 = f32x4.splat(0), a21 = f32x4.splat(0), a30 = f32x4.splat(0), a31 = f32x4.splat(0);
  const wtRow = <usize>cin << 2;
  for (let i = 0; i < kh; i++) {
    const t = r + padTop - i;
    if (t < 0 || t % sh != 0 || t / sh >= ho) continue;
    const dyRow = dyImage + (<usize>((t / sh) * wo * cout) << 2);
    for (let j = 0; j < kw; j++) {
      const tj = phase + padLeft - j;
      if (tj % sw != 0) continue; // also rules out this phase for negative tj with a remainder
      const ox = u + tj / sw; // dy column of position u; u+1.. follow
      let p0 = dyColumn(dyRow, ox, wo, cout, zeros), p1 = dyColumn(dyRow, ox + 1, wo, cout, zeros);
      let p2 = dyColumn(dyRow, ox + 2, wo, cout, zeros), p3 = dyColumn(dyRow, ox + 3, wo, cout, zeros);
      let wp = wt + (<usize>((i * kw + j) * cout * cin + c) << 2);
      for (let o = 0; o < cout; o++) {
        const w0 = v128.load(wp, 0), w1 = v128.load(wp, 16);
        const x0 = v128.load32_splat(p0), x1 = v128.load32_splat(p1);
        const x2 = v128.load32_splat(p2), x3 = v128.load32_splat(p3);
        a00 = madd(x0, w0, a00); a01 = madd(x0, w1, a01);
        a10 = madd(x1, w0, a10); a11 = madd(x1, w1, a11);
        a20 = madd(x2, w0, a20); a21 = madd(x2, w1, a21);
        a30 = madd(x3, w0, a30); a31 = madd(x3, w1, a31);
        p0 += 4; p1 += 4; p2 += 4; p3 += 4; wp += wtRow;
      }
    }
  }
  const d = dxq + (<usize>c << 2);
  v128.store(d, a00, 0); v128.store(d, a01, 16);
  v128.store(d + dxCol, a10, 0); v128.store(d + dxCol, a11, 16);
  v128.store(d + 2 * dxCol, a20, 0); v128.store(d + 2 * dxCol, a21, 16);
  v128.store(d + 3 * dxCol, a30, 0); v128.store(d + 3 * dxCol, a31, 16);
}

/** dy[row, ox, :] or the zero row when ox is outside dy. */
// @ts-ignore: decorator
@inline
function dyColumn(dyRow: usize, ox: i32, wo: i32, cout: i32, zeros: usize): usize {
  return ox >= 0 && ox < wo ? dyRow + (<usize>(ox * cout) << 2) : zeros;
}

/** One dx value (row r, column s, channel c), scalar: narrow rows and channel tails. */
function gather1(
  dyImage: usize, ho: i32, wo: i32, cout: i32, wt: usize, kh: i32, kw: i32, sh: i32, sw: i32,
  padTop: i32, padLeft: i32, cin: i32, r: i32, s: i32, c: i32, out: usize,
): void {
  let a: f32 = 0;
  for (let i = 0; i < kh; i++) {
    const t = r + padTop - i;
    if (t < 0 || t % sh != 0 || t / sh >= ho) continue;
    for (let j = 0; j < kw; j++) {
      const tj = s + padLeft - j;
      if (tj < 0 || tj % sw != 0 || tj / sw >= wo) continue;
      let dp = dyImage + (<usize>(((t / sh) * wo + tj / sw) * cout) << 2);
      let wp = wt + (<usize>((i * kw + j) * cout * cin + c) << 2);
      for (let o = 0; o < cout; o++) { a += load<f32>(dp) * load<f32>(wp); dp += 4; wp += <usize>cin << 2; }
    }
  }
  store<f32>(out, a);
}
