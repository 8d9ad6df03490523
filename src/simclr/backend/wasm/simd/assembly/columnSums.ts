// Column sums of a row-major float32 matrix in wasm SIMD: the reductions over N, H, W of NHWC
// activations that batch norm and its gradient need (tfjs-backend-wasm transposes, then loops).

/** Rows summed into fresh accumulators before they join the totals (pairwise-style accuracy). */
const BLOCK_ROWS: i32 = 256;

/**
 * out[j] = sum_i x[i * cols + j] * scale.
 * @param x    float32 [rows, cols]
 * @param out  float32 [cols]
 */
export function columnSums(x: usize, rows: i32, cols: i32, out: usize, scale: f32): void {
  const stride = <usize>cols << 2;
  let j: i32 = 0;
  // 16 columns at a time: four f32x4 running totals, four block accumulators.
  for (; j + 16 <= cols; j += 16) {
    let t0 = f32x4.splat(0), t1 = f32x4.splat(0), t2 = f32x4.splat(0), t3 = f32x4.splat(0);
    let p = x + (<usize>j << 2);
    for (let i: i32 = 0; i < rows; i += BLOCK_ROWS) {
      const end = min(rows, i + BLOCK_ROWS);
      let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
      for (let r = i; r < end; r++) {
        a0 = f32x4.add(a0, v128.load(p, 0));
        a1 = f32x4.add(a1, v128.load(p, 16));
        a2 = f32x4.add(a2, v128.load(p, 32));
        a3 = f32x4.add(a3, v128.load(p, 48));
        p += stride;
      }
      t0 = f32x4.add(t0, a0); t1 = f32x4.add(t1, a1); t2 = f32x4.add(t2, a2); t3 = f32x4.add(t3, a3);
    }
    const s = f32x4.splat(scale);
    const o = out + (<usize>j << 2);
    v128.store(o, f32x4.mul(t0, s), 0);
    v128.store(o, f32x4.mul(t1, s), 16);
    v128.store(o, f32x4.mul(t2, s), 32);
    v128.store(o, f32x4.mul(t3, s), 48);
  }
  for (; j + 4 <= cols; j += 4) {
    let t = f32x4.splat(0);
    let p = x + (<usize>j << 2);
    for (let i: i32 = 0; i < rows; i += BLOCK_ROWS) {
      const end = min(rows, i + BLOCK_ROWS);
      let a = f32x4.splat(0);
      for (let r = i; r < end; r++) { a = f32x4.add(a, v128.load(p)); p += stride; }
      t = f32x4.add(t, a);
    }
    v128.store(out + (<usize>j << 2), f32x4.mul(t, f32x4.splat(scale)));
  }
  for (; j < cols; j++) {
    let t: f32 = 0;
    let p = x + (<usize>j << 2);
    for (let i: i32 = 0; i < rows; i += BLOCK_ROWS) {
      const end = min(rows, i + BLOCK_ROWS);
      let a: f32 = 0;
      for (let r = i; r < end; r++) { a += load<f32>(p); p += stride; }
      t += a;
    }
    store<f32>(out + (<usize>j << 2), t * scale);
  }
}
