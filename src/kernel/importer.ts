/**
 * What `import ... from 'X'` (and `import('X')`) means in a cell:
 *   'look-twice'        -> the library merged with the kernel's display API (`display`, `show`);
 *   '@tensorflow/tfjs'  -> the very tf namespace the library uses (one engine, one backend);
 *   Node built-ins      -> require();
 *   './file' (.ts)      -> the notebook folder's TypeScript, bundled by esbuild (localModules.ts);
 *   anything else       -> resolved from the notebook's folder: CommonJS through require(),
 *                          ESM-only packages (require fails) through a dynamic import() of the file.
 * Every result is a namespace object whose `default` is the module (CommonJS) or its default export.
 */
import { createRequire, builtinModules } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadTypeScript, resolveTypeScript } from './localModules';

export type Namespace = Record<string, unknown>;
export type Importer = (specifier: string) => Promise<Namespace>;
/** The kernel's own modules by specifier. A Map, so that 'constructor' or 'toString' is a package name, not Object's. */
export type FixedModules = ReadonlyMap<string, Namespace>;

/** import() that esbuild leaves alone in the CommonJS bundle (it would otherwise turn it into require). */
const dynamicImport = new Function('url', 'return import(url)') as (url: string) => Promise<Namespace>;

export function createImporter(notebookDir: string, fixed: FixedModules): Importer {
  const requireFromNotebook = createRequire(path.join(notebookDir, '__look_twice_notebook__.js'));
  return async (specifier) => {
    if (typeof specifier !== 'string')
      throw new TypeError(`import(): the module name must be a string, got ${typeof specifier}`);
    const known = fixed.get(specifier);
    if (known) return known;
    if (specifier.startsWith('node:') || builtinModules.includes(specifier)) {
      return namespaceOf(requireFromNotebook(specifier));
    }
    const typescript = resolveTypeScript(specifier, notebookDir);
    if (typescript) return namespaceOf(loadTypeScript(typescript, fixed));
    try {
      return namespaceOf(requireFromNotebook(specifier));
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'ERR_REQUIRE_ESM' && code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED' && code !== 'MODULE_NOT_FOUND')
        throw error;
      const file = resolveEsm(specifier, notebookDir);
      if (!file) {
        throw new Error(
          `Cannot find module '${specifier}' from ${notebookDir} (install it in the notebook's folder: npm install ${specifier})`,
        );
      }
      return dynamicImport(pathToFileURL(file).href);
    }
  };
}

/** A CommonJS module as a namespace: its properties, and itself as `default`. */
function namespaceOf(exported: unknown): Namespace {
  if ((typeof exported !== 'object' && typeof exported !== 'function') || exported === null)
    return { default: exported };
  const namespace: Namespace = Object.create(null);
  for (const key of Object.keys(exported)) namespace[key] = (exported as Namespace)[key];
  if (!('default' in namespace) || (exported as { __esModule?: boolean }).__esModule !== true)
    namespace.default = exported;
  return namespace;
}

/** Resolves a bare or relative specifier to an ES module file using package.json `exports` ('import' condition) or `module`/`main`. */
function resolveEsm(specifier: string, fromDir: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    const file = path.resolve(fromDir, specifier);
    return existsSync(file) ? file : undefined;
  }
  const parts = specifier.split('/');
  const packageName = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const subpath = '.' + specifier.slice(packageName.length);
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const packageDir = path.join(dir, 'node_modules', packageName);
    const manifest = path.join(packageDir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { exports?: unknown; module?: string; main?: string };
      const target =
        pkg.exports !== undefined
          ? exportTarget(pkg.exports, subpath)
          : subpath === '.'
            ? (pkg.module ?? pkg.main ?? 'index.js')
            : subpath;
      return target ? path.join(packageDir, target) : undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

const CONDITIONS = ['import', 'node', 'default'];

function exportTarget(exports: unknown, subpath: string): string | undefined {
  if (typeof exports === 'string') return subpath === '.' ? exports : undefined;
  if (Array.isArray(exports)) {
    for (const entry of exports) {
      const found = exportTarget(entry, subpath);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof exports !== 'object' || exports === null) return undefined;
  const record = exports as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.some((key) => key.startsWith('.'))) {
    return Object.hasOwn(record, subpath) ? conditional(record[subpath]) : undefined;
  }
  return subpath === '.' ? conditional(record) : undefined;
}

function conditional(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(conditional).find((v) => v !== undefined);
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  for (const condition of CONDITIONS)
    if (Object.hasOwn(record, condition)) {
      const found = conditional(record[condition]);
      if (found) return found;
    }
  return undefined;
}
