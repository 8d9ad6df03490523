/**
 * TypeScript files next to the notebook (`import { helper } from './helpers'`): bundled with esbuild
 * (their own relative imports included, packages left to require) to CommonJS and evaluated with a
 * require that gives them the kernel's fixed modules (look-twice, tfjs). Built again on every import,
 * so editing a helper and re-running the cell picks up the change.
 */
import { buildSync } from 'esbuild';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

const TS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];

/** The TypeScript file a relative or absolute specifier names (extension optional, or a folder's index.ts). */
export function resolveTypeScript(specifier: string, fromDir: string): string | undefined {
  if (!specifier.startsWith('.') && !path.isAbsolute(specifier)) return undefined;
  const base = path.resolve(fromDir, specifier);
  const candidates = [
    base,
    ...TS_EXTENSIONS.map((ext) => base + ext),
    ...TS_EXTENSIONS.map((ext) => path.join(base, `index${ext}`)),
  ];
  return candidates.find(
    (file) => TS_EXTENSIONS.includes(path.extname(file)) && existsSync(file) && statSync(file).isFile(),
  );
}

type ModuleFunction = (
  exports: unknown,
  require: (id: string) => unknown,
  module: { exports: unknown },
  filename: string,
  dirname: string,
) => void;

export function loadTypeScript(file: string, fixed: ReadonlyMap<string, unknown>): unknown {
  const result = buildSync({
    entryPoints: [file],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].text;
  const wrapper = vm.runInThisContext(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, {
    filename: file,
  }) as ModuleFunction;
  const requireFromFile = createRequire(file);
  const module = { exports: {} as unknown };
  wrapper(
    module.exports,
    (id) => (fixed.has(id) ? fixed.get(id) : requireFromFile(id)),
    module,
    file,
    path.dirname(file),
  );
  return module.exports;
}
