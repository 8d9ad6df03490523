// Builds every entry point of Look Twice with esbuild. Type checking is `npm run typecheck` (tsc --noEmit).
// An entry point whose source file is missing fails the build (a moved or deleted file must not ship a stale bundle).
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { buildSimdKernels } from './src/simclr/backend/wasm/simd/buildSimdKernels.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Node-side bundles: npm packages stay external so that cells, the library and tfjs share one tf engine. */
const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  packages: 'external',
  logLevel: 'info',
  minify: production,
};

/** Browser-side bundles for notebook renderers and the side panel: everything is bundled, nothing from a CDN. */
const browser = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  sourcemap: true,
  logLevel: 'info',
  minify: production,
  loader: { '.css': 'text' },
};

const entries = [
  { ...node, entryPoints: { simclr: 'src/simclr/index.ts' } },
  // The kernel bundles its pure-JS packages (d3 is ESM-only, which a CommonJS bundle cannot require);
  // tfjs stays external so cells, the library and the wasm/native backends share one engine.
  {
    ...node,
    entryPoints: { kernel: 'src/kernel/main.ts' },
    packages: undefined,
    external: ['@tensorflow/*', 'esbuild'],
  },
  { ...node, entryPoints: { cli: 'src/cli/main.ts' }, banner: { js: '#!/usr/bin/env node' } },
  // The extension host loads `vscode` itself; the rest of its code is bundled in.
  {
    ...node,
    entryPoints: { extension: 'src/extension/extension.ts' },
    packages: undefined,
    external: ['vscode', '@tensorflow/*', 'esbuild', 'typescript'],
  },
  { ...browser, format: 'esm', entryPoints: { 'webview/renderers': 'src/webview/renderers/index.ts' } },
  { ...browser, format: 'iife', entryPoints: { 'webview/panel': 'src/webview/panel/main.ts' } },
];

const missing = entries.flatMap((entry) => Object.values(entry.entryPoints)).filter((file) => !existsSync(file));
if (missing.length > 0) {
  console.error(`esbuild.config.mjs: entry point(s) missing: ${missing.join(', ')}`);
  process.exit(1);
}

const options = entries.map((entry) => ({ outdir: 'dist', ...entry }));

if (watch) {
  await buildSimdKernels('dist/simd');
  const contexts = await Promise.all(options.map((o) => esbuild.context(o)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all([...options.map((o) => esbuild.build(o)), buildSimdKernels('dist/simd')]);
  if (process.argv.includes('--types')) emitLibraryTypes();
}

/** Declarations of the library (`look-twice/simclr` resolves its types to dist/types/simclr/index.d.ts). */
function emitLibraryTypes() {
  const tsc = spawnSync(
    process.execPath,
    [
      'node_modules/typescript/bin/tsc',
      'src/simclr/index.ts',
      'src/kernel/display/displayApi.ts',
      'src/kernel/display/show.ts',
      'src/kernel/panel/panelApi.ts',
      '--declaration',
      '--emitDeclarationOnly',
      '--declarationDir',
      'dist/types',
      '--rootDir',
      'src',
      '--target',
      'ES2022',
      '--module',
      'ESNext',
      '--moduleResolution',
      'Bundler',
      '--types',
      'node',
      '--strict',
      '--esModuleInterop',
      '--skipLibCheck',
    ],
    { stdio: 'inherit' },
  );
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}
