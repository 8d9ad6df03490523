// Per-channel passes over a row-major float32 matrix [rows, C] (NHWC activations viewed with the
// channel last): what batch norm's forward and backward pass are made of. Each is one sequential
// pass over its inputs, rows outer and channels inner (a channel-outer loop would read every cache
// line C/4 times); running sums live in a small scratch buffer that stays in L1, and are folded
// into the totals every BLOCK_ROWS rows (pairwise-style accuracy). C must be a multiple of 4.

const BLOCK_ROWS: i32 = 256;

/**
 * out[j] = scale * sum_i (x[i, j] - mean[j])^2: the centred second moment (a second pass after the
 * mean, as accurate as two-pass variance is).
 * @param x [rows, C], mean [C], out [C], scratch [C] (overwritten)
 */
export function columnCenteredSquares(x: usize, rows: i32, cols: i32, mean: usize, out: usize, scale: f32, scratch: usize): void {
  const rowBytes = <usize>cols << 2;
  memory.fill(out, 0, rowBytes);
  let p = x;
  for (let i = 0; i < rows; i += BLOCK_ROWS) {
    const end = min(rows, i + BLOCK_ROWS);
    memory.fill(scratch, 0, rowBytes);
    for (let r = i; r < end; r++) {
      for (let off: usize = 0; off < rowBytes; off += 16) {
        const d = f32x4.sub(v128.load(p + off), v128.load(mean + off));
        v128.store(scratch + off, f32x4.add(v128.load(scratch + off), f32x4.mul(d, d)));
      }
      p += rowBytes;
    }
    for (let off: usize = 0; off < rowBytes; off += 16) v128.store(out + off, f32x4.add(v128.load(out + off), v128.load(scratch + off)));
  }
  const s = f32x4.splat(scale);
  for (let off: usize = 0; off < rowBytes; off += 16) v128.store(out + off, f32x4.mul(v128.load(out + off), s));
}

/**
 * s1[j] = sum_i dy[i, j] and s2[j] = sum_i dy[i, j] * (x[i, j] - mean[j]), in one pass over both.
 * @param dy, x [rows, C]; mean, s1, s2 [C]; scratch [2C] (overwritten)
 */
export function columnGradientSums(dy: usize, x: usize, rows: i32, cols: i32, mean: usize, s1: usize, s2: usize, scratch: usize): void {
  const rowBytes = <usize>cols << 2;
  const acc1 = scratch, acc2 = scratch + rowBytes;
  memory.fill(s1, 0, rowBytes);
  memory.fill(s2, 0, rowBytes);
  let pd = dy, px = x;
  for (let i = 0; i < rows; i += BLOCK_ROWS) {
    const end = min(rows, i + BLOCK_ROWS);
    memory.fill(scratch, 0, rowBytes << 1);
    for (let r = i; r < end; r++) {
      for (let off: usize = 0; off < rowBytes; off += 16) {
        const g = v128.load(pd + off);
        v128.store(acc1 + off, f32x4.add(v128.load(acc1 + off), g));
        v128.store(acc2 + off, f32x4.add(v128.load(acc2 + off), f32x4.mul(g, f32x4.sub(v128.load(px + off), v128.load(mean + off)))));
      }
      pd += rowBytes; px += rowBytes;
    }
    for (let off: usize = 0; off < rowBytes; off += 16) {
      v128.store(s1 + off, f32x4.add(v128.load(s1 + off), v128.load(acc1 + off)));
      v128.store(s2 + off, f32x4.add(v128.load(s2 + off), v128.load(acc2 + off)));
    }
  }
}

/**
 * y[i, j] = x[i, j] * a[j] + c[j] (+ z[i, j] * b[j] when z != 0), rows [r0, r1).
 * Batch norm's normalisation (a = gamma / sigma, c = beta - mean * a) and its input gradient
 * (x = dy, z = the saved input).
 * @param x, z, y [rows, C]; a, b, c [C]
 */
export function channelAffine(x: usize, z: usize, cols: i32, a: usize, b: usize, c: usize, y: usize, r0: i32, r1: i32): void {
  const rowBytes = <usize>cols << 2;
  let px = x + <usize>r0 * rowBytes, py = y + <usize>r0 * rowBytes;
  if (z) {
    let pz = z + <usize>r0 * rowBytes;
    for (let r = r0; r < r1; r++) {
      for (let off: usize = 0; off < rowBytes; off += 16) {
        const v = f32x4.add(f32x4.mul(v128.load(px + off), v128.load(a + off)), f32x4.mul(v128.load(pz + off), v128.load(b + off)));
        v128.store(py + off, f32x4.add(v, v128.load(c + off)));
      }
      px += rowBytes; py += rowBytes; pz += rowBytes;
    }
  } else {
    for (let r = r0; r < r1; r++) {
      for (let off: usize = 0; off < rowBytes; off += 16) {
        v128.store(py + off, f32x4.add(f32x4.mul(v128.load(px + off), v128.load(a + off)), v128.load(c + off)));
      }
      px += rowBytes; py += rowBytes;
    }
  }
}
