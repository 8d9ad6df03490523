/**
 * Bundles the integration suite (test/vscode/suite/*.ts) into out/test/vscode/suite/ for the extension host,
 * which loads index.js as extensionTestsPath. `vscode` comes from the host, mocha from node_modules.
 */
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const suiteDir = path.join(root, 'test', 'vscode', 'suite');
const entryPoints = readdirSync(suiteDir)
  .filter((name) => name.endsWith('.ts'))
  .map((name) => path.join(suiteDir, name));

await esbuild.build({
  entryPoints,
  outdir: path.join(root, 'out', 'test', 'vscode', 'suite'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  logLevel: 'warning',
});
