// Compiles the AssemblyScript kernels in ./assembly into two wasm binaries, one importing a shared
// memory (tfjs-backend-wasm's multithreaded module) and one a plain memory (its single-threaded
// module). Run by esbuild.config.mjs; the loader is simdKernels.ts.
import asc from 'assemblyscript/asc';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const SIMD_KERNEL_FILES = { plain: 'look-twice-simd.wasm', shared: 'look-twice-simd-shared.wasm' };

/** @param outDir folder for the .wasm files (created) */
export async function buildSimdKernels(outDir) {
  mkdirSync(outDir, { recursive: true });
  for (const [variant, file] of Object.entries(SIMD_KERNEL_FILES)) {
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
      ...(variant === 'shared' ? ['--sharedMemory'] : []),
      '--enable',
      'simd,threads',
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
