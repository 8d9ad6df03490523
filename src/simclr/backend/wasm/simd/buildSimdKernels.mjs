// Compiles the AssemblyScript kernels in ./assembly into four wasm binaries: for a shared memory
// (tfjs-backend-wasm's multithreaded module) and a plain one (its single-threaded module), each with
// 128-bit SIMD only and with relaxed SIMD too (assembly/madd.ts becomes a fused multiply-add; V8 11.4+
// without a flag, so VS Code's Electron and Node 22+, not Node 20). Run by esbuild.config.mjs; the
// loader, which picks the relaxed pair where the runtime validates it, is simdKernels.ts.
import asc from 'assemblyscript/asc';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** The binaries by memory and instruction set; simdKernelFile() in simdKernels.ts names the same files. */
export const SIMD_KERNEL_FILES = [
  { file: 'look-twice-simd.wasm', shared: false, relaxed: false },
  { file: 'look-twice-simd-shared.wasm', shared: true, relaxed: false },
  { file: 'look-twice-simd-relaxed.wasm', shared: false, relaxed: true },
  { file: 'look-twice-simd-relaxed-shared.wasm', shared: true, relaxed: true },
];

/** @param outDir folder for the .wasm files (created) */
export async function buildSimdKernels(outDir) {
  mkdirSync(outDir, { recursive: true });
  for (const { file, shared, relaxed } of SIMD_KERNEL_FILES) {
    const out = join(outDir, file);
    const { error, stderr } = await asc.main([
      join(here, 'assembly', 'index.ts'),
      '--outFile',
      out,
      '-O3',
      '--noAssert',
      '--runtime',
      'stub',
      // wasm32's whole 4 GiB, as tfjs-backend-wasm declares; threads for atomics on shared memory.
      '--importMemory',
      '--noExportMemory',
      '--initialMemory',
      '1',
      '--maximumMemory',
      '65536',
      ...(shared ? ['--sharedMemory'] : []),
      '--enable',
      relaxed ? 'simd,threads,relaxed-simd' : 'simd,threads',
    ]);
    if (error) throw new Error(`AssemblyScript build of ${out} failed: ${error.message}\n${stderr.toString()}`);
    assertOwnsNoMemory(readFileSync(out), out);
  }
}

/**
 * The module shares tfjs's heap, so a data segment (a static string, a constant table) would be
 * written over tfjs's tensors when the module is instantiated. Fail the build if one appears.
 */
function assertOwnsNoMemory(bytes, file) {
  let at = 8;
  const leb = () => {
    let value = 0,
      shift = 0,
      byte;
    do {
      byte = bytes[at++];
      value |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return value >>> 0;
  };
  while (at < bytes.length) {
    const id = bytes[at++],
      size = leb();
    if (id === 11 || id === 12)
      throw new Error(`${file} has a data section: the kernels must own no memory (no static data)`);
    at += size;
  }
}
