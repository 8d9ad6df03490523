/**
 * Whether the SIMD kernels run their relaxed-SIMD build, where assembly/madd.ts is
 * `f32x4.relaxed_madd` (one fused multiply-add per lane pair on x86 with FMA, and on ARM) instead of
 * a multiply then an add. Relaxed SIMD (WebAssembly's relaxed-simd proposal) is on by default from
 * V8 11.4: VS Code's Electron and Node 22+ have it; Node 20 only with `--experimental-wasm-relaxed-simd`.
 * A runtime without it rejects the whole module, so it is asked with a module of a few bytes first.
 */

/**
 * (func (param v128 v128 v128) (result v128) local.get 0 local.get 1 local.get 2 f32x4.relaxed_madd),
 * the smallest module holding the one instruction the relaxed build adds.
 */
// prettier-ignore
const RELAXED_MADD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b, // type section: [v128 v128 v128] -> [v128]
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x0d, 0x01, 0x0b, 0x00, // code section: one body of 11 bytes, no locals
  0x20, 0x00, 0x20, 0x01, 0x20, 0x02, // local.get 0, 1, 2
  0xfd, 0x85, 0x02, // f32x4.relaxed_madd (SIMD prefix, opcode 0x105 as LEB128)
  0x0b, // end
]);

/** The runtime validates relaxed SIMD's fused multiply-add. */
export function relaxedSimdSupported(): boolean {
  try {
    return WebAssembly.validate(RELAXED_MADD_PROBE);
  } catch {
    return false;
  }
}

/**
 * Which build to load: relaxed where supported, unless LOOK_TWICE_WASM_RELAXED=0 (plain SIMD, for
 * A/B comparisons). `why` is for status reports.
 */
export function relaxedSimdChoice(): { relaxed: boolean; why: string } {
  if (process.env.LOOK_TWICE_WASM_RELAXED === '0') return { relaxed: false, why: 'LOOK_TWICE_WASM_RELAXED=0' };
  if (!relaxedSimdSupported()) return { relaxed: false, why: 'no relaxed SIMD in this runtime' };
  return { relaxed: true, why: 'supported' };
}
