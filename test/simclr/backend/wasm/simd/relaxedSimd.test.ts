/**
 * The two builds of the SIMD kernels (relaxedSimd.ts): the run-time probe agrees with what the
 * runtime accepts, LOOK_TWICE_WASM_RELAXED=0 forces the plain build, and each build, in its own
 * process (the build is fixed when the kernels first load), matches the cpu backend. Node 20 runs
 * the relaxed build only with --experimental-wasm-relaxed-simd, which the test then passes; a runtime
 * with neither skips it, saying so.
 *
 * Tolerance: both sides sum float32 products in float32 (the cpu kernels round each product-sum to a
 * Float32Array element; the plain build rounds the product and then the sum, the relaxed build's
 * fused multiply-add once, so its error bound is no larger), and each carries a summation error
 * that grows with the few hundred terms per output here; relative to the largest output it is about
 * 1e-6 for either build (measured on these shapes and larger ones against a float64 reference: up to
 * 1.0e-6 plain, 1.1e-6 relaxed). 1e-5, the tolerance of the other convolution suites, leaves a tenfold
 * margin, while a wrong or missing term is off by about one term's size, orders of magnitude more.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { relaxedSimdChoice, relaxedSimdSupported } from '../../../../../src/simclr/backend/wasm/simd/relaxedSimd';
import { simdKernelFile } from '../../../../../src/simclr/backend/wasm/simd/simdKernels';

const child = join(__dirname, '..', 'fixtures', 'simdBuildChild.ts');
const TOLERANCE = 1e-5;

test('the probe says relaxed SIMD exactly where the relaxed binaries validate; the plain ones always do', () => {
  const supported = relaxedSimdSupported();
  for (const shared of [false, true]) {
    assert.ok(WebAssembly.validate(readFileSync(simdKernelFile(shared, false))), `plain ${shared ? 'shared' : ''}`);
    assert.equal(
      WebAssembly.validate(readFileSync(simdKernelFile(shared, true))),
      supported,
      `relaxed${shared ? ' shared' : ''} binary vs probe (${supported})`,
    );
  }
});

test('LOOK_TWICE_WASM_RELAXED=0 forces the plain build; otherwise relaxed exactly where supported', () => {
  const saved = process.env.LOOK_TWICE_WASM_RELAXED;
  try {
    process.env.LOOK_TWICE_WASM_RELAXED = '0';
    assert.deepEqual(relaxedSimdChoice(), { relaxed: false, why: 'LOOK_TWICE_WASM_RELAXED=0' });
    delete process.env.LOOK_TWICE_WASM_RELAXED;
    assert.equal(relaxedSimdChoice().relaxed, relaxedSimdSupported());
  } finally {
    if (saved === undefined) delete process.env.LOOK_TWICE_WASM_RELAXED;
    else process.env.LOOK_TWICE_WASM_RELAXED = saved;
  }
});

function runChild(nodeArgs: string[], env: Record<string, string | undefined>) {
  const environment = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete environment[k];
  const out = spawnSync(process.execPath, [...nodeArgs, '--import', 'tsx', child], {
    encoding: 'utf8',
    timeout: 120_000,
    env: environment,
  });
  return out;
}

function checkErrors(stdout: string, build: RegExp): void {
  const line = stdout.split('\n').find((l) => l.startsWith('{'));
  assert.ok(line, `no result line in: ${stdout}`);
  const { status, errors } = JSON.parse(line) as { status: string; errors: Record<string, number> };
  assert.match(status, build, 'the child ran the build under test');
  assert.equal(Object.keys(errors).length, 16);
  for (const [what, err] of Object.entries(errors)) {
    assert.ok(err < TOLERANCE, `${what}: relative error ${err.toExponential(2)} (${status})`);
  }
}

test('the plain build matches the cpu backend', () => {
  const out = runChild([], { LOOK_TWICE_WASM_RELAXED: '0' });
  assert.equal(out.status, 0, out.stderr);
  checkErrors(out.stdout, /^on \(.*, SIMD \(LOOK_TWICE_WASM_RELAXED=0\)/);
});

test('the relaxed build (fused multiply-add) matches the cpu backend', (t) => {
  // Node 20 has relaxed SIMD behind a V8 flag (passed on when this process runs with it, since a
  // child does not inherit it); later runtimes have it on and reject the flag.
  const relaxedFlag = '--experimental-wasm-relaxed-simd';
  const flag = process.execArgv.includes(relaxedFlag) || !relaxedSimdSupported() ? [relaxedFlag] : [];
  const out = runChild(flag, { LOOK_TWICE_WASM_RELAXED: undefined });
  const unavailable = /bad option/.test(out.stderr) || (out.status === 0 && !out.stdout.includes('relaxed SIMD (FMA)'));
  if (flag.length > 0 && unavailable) {
    t.skip(`no relaxed SIMD in ${process.version}, even with ${flag[0]}`);
    return;
  }
  assert.equal(out.status, 0, out.stderr);
  checkErrors(out.stdout, /^on \(.*, relaxed SIMD \(FMA\)/);
});
