/**
 * Does a TensorFlow library export what tfjs-node's binding calls? The set needed is derived, not
 * hard-coded: every `TF_*` / `TFE_*` function the binding's C++ sources call that the TensorFlow C
 * API headers declare with TF_CAPI_EXPORT (header-inline helpers such as TF_TString_* are not
 * exported and need no symbol). The set offered is the dynamic symbol table (`nm -D`, ELF .dynsym).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { SetupError } from './errors';

function filesUnder(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, pattern));
    else if (pattern.test(name)) out.push(path);
  }
  return out;
}

/** Names of C API functions the sources call: `TF_Foo(` or `TFE_Foo(`. */
export function calledFunctions(sources: string[]): Set<string> {
  const names = new Set<string>();
  for (const text of sources) for (const m of text.matchAll(/\b(TFE?_[A-Za-z0-9_]+)\s*\(/g)) names.add(m[1]);
  return names;
}

/** Names of functions declared `TF_CAPI_EXPORT extern <type> Name(` in header text. */
export function exportedDeclarations(headers: string[]): Set<string> {
  const names = new Set<string>();
  for (const text of headers)
    for (const m of text.matchAll(/TF_CAPI_EXPORT\s+extern\s+[^;(]*?\b(TFE?_[A-Za-z0-9_]+)\s*\(/g)) names.add(m[1]);
  return names;
}

/** The C API functions tfjs-node's binding needs, from its sources and the wheel's headers. */
export function requiredSymbols(bindingDir: string, includeDir: string): string[] {
  const sources = filesUnder(bindingDir, /\.(cc|h)$/).map((f) => readFileSync(f, 'utf8'));
  const headers = filesUnder(join(includeDir, 'tensorflow', 'c'), /\.h$/).map((f) => readFileSync(f, 'utf8'));
  const declared = exportedDeclarations(headers);
  const needed = [...calledFunctions(sources)].filter((name) => declared.has(name)).sort();
  if (needed.length < 20) {
    throw new SetupError(
      'missing symbols',
      `only ${needed.length} C API calls found in ${bindingDir} against the headers in ${includeDir}`,
      'the wheel lacks the C API headers (tensorflow/include/tensorflow/c); use a tensorflow-cpu 2.x wheel',
    );
  }
  return needed;
}

/** Defined dynamic symbols of the shared libraries, via `nm -D --defined-only`. */
export function definedSymbols(libraries: string[]): Set<string> {
  const names = new Set<string>();
  for (const lib of libraries) {
    const r = spawnSync('nm', ['-D', '--defined-only', lib], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
    if (r.error)
      throw new SetupError(
        'compiler missing',
        `nm cannot run (${r.error.message})`,
        'install binutils (Debian: apt-get install binutils, part of build-essential)',
      );
    if (r.status !== 0)
      throw new SetupError(
        'missing symbols',
        `nm -D ${lib} failed: ${r.stderr.trim()}`,
        'the library in the wheel is not a readable ELF shared object; use another wheel',
      );
    for (const line of r.stdout.split('\n')) {
      const name = line.trim().split(/\s+/).pop();
      if (name && /^TFE?_/.test(name)) names.add(name.replace(/@.*$/, ''));
    }
  }
  return names;
}

const ELF_MACHINE: Record<string, number> = { x64: 62, arm64: 183 };

/** Checks the ELF header: 64-bit little-endian shared object for this machine's architecture. */
export async function checkElf(path: string, arch: string = process.arch): Promise<void> {
  const handle = await open(path, 'r');
  const header = Buffer.alloc(20);
  await handle.read(header, 0, 20, 0);
  await handle.close();
  if (header.readUInt32BE(0) !== 0x7f454c46)
    throw new SetupError(
      'wrong platform',
      `${path} is not an ELF file`,
      'use a Linux (manylinux) tensorflow-cpu wheel',
    );
  const machine = header.readUInt16LE(18);
  if (header[4] !== 2 || header[5] !== 1 || machine !== ELF_MACHINE[arch]) {
    throw new SetupError(
      'wrong platform',
      `${path} is ELF class ${header[4]}, machine ${machine}; this machine (${arch}) needs 64-bit little-endian machine ${ELF_MACHINE[arch]}`,
      'use a wheel built for this architecture',
    );
  }
}
