// The multiply-add every kernel's inner loop is made of, a * b + c on four f32 lanes. The relaxed
// build (buildSimdKernels.mjs, `--enable relaxed-simd`) makes it f32x4.relaxed_madd, which V8 lowers
// to one fused multiply-add (vfmadd231ps) where the CPU has FMA: one rounding instead of two, and
// one instruction instead of two on the loop's critical path. The plain build keeps mul then add.
// ASC_FEATURE_RELAXED_SIMD is a compile-time constant, so each binary holds one body only.

/** a * b + c, lane-wise on f32x4 (fused, rounded once, in the relaxed build). */
// @ts-ignore: decorator
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}
