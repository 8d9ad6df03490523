// The ReLU gradient in one pass: dx = dy where x > 0, else 0 (tfjs composes it as
// dy * cast(step(x)): three full-size passes and two temporaries).

/** dx[k] = x[k] > 0 ? dy[k] : 0 for k in [k0, k1). */
export function reluGrad(dy: usize, x: usize, dx: usize, k0: i32, k1: i32): void {
  let k = k0;
  const zero = f32x4.splat(0);
  for (; k + 4 <= k1; k += 4) {
    const off = <usize>k << 2;
    v128.store(dx + off, v128.and(v128.load(dy + off), f32x4.gt(v128.load(x + off), zero)));
  }
  for (; k < k1; k++) {
    const off = <usize>k << 2;
    store<f32>(dx + off, load<f32>(x + off) > 0 ? load<f32>(dy + off) : 0);
  }
}
