/**
 * The CLI inside an installed .vsix, away from this repository: the package holds every file `look-twice run`
 * and `look-twice kernel install` need (the kernel, tfjs and its wasm binaries, esbuild's binary, zeromq).
 * Installs the .vsix with code-server's installer into a temporary folder, copies the sample notebook into
 * another (so nothing resolves from this repository's node_modules), runs it on the wasm backend, and
 * installs the Jupyter kernelspec pointing at the installed CLI.
 * usage: node test/e2e/installedCli.e2e.mjs --vsix FILE
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { installTools, installVsix, repoRoot } from '../vscode/harness/codeServer.mjs';

const { values: args } = parseArgs({ options: { vsix: { type: 'string' } } });
if (!args.vsix) {
  console.error('usage: node test/e2e/installedCli.e2e.mjs --vsix FILE');
  process.exit(2);
}
const started = Date.now();
const log = (...parts) => console.log(`[installed cli ${((Date.now() - started) / 1000).toFixed(1)}s]`, ...parts);
const scratch = mkdtempSync(path.join(tmpdir(), 'look-twice-installed-cli-'));

function check(condition, message) {
  if (!condition) throw new Error(message);
  log(`ok: ${message}`);
}

try {
  const extension = installVsix(installTools(), args.vsix, path.join(scratch, 'extensions'));
  log(`installed ${args.vsix} into ${extension}`);
  const cli = path.join(extension, 'dist', 'cli.js');
  const notebook = path.join(scratch, 'simclr-fashion-mnist.ipynb');
  copyFileSync(path.join(repoRoot, 'notebooks', 'simclr-fashion-mnist.ipynb'), notebook);

  const out = path.join(scratch, 'out.ipynb');
  const run = spawnSync(process.execPath, [cli, 'run', notebook, '--backend', 'wasm', '--out', out], {
    cwd: scratch,
    encoding: 'utf8',
    timeout: 600_000,
  });
  process.stdout.write(run.stdout + run.stderr);
  check(run.status === 0, `look-twice run exits 0 (got ${run.status ?? run.signal})`);
  const cells = JSON.parse(readFileSync(out, 'utf8')).cells.filter((c) => c.cell_type === 'code');
  check(
    cells.length > 0 && cells.every((c) => c.outputs.every((o) => o.output_type !== 'error')),
    `all ${cells.length} code cells ran without an error output`,
  );
  check(
    cells.some((c) => c.outputs.some((o) => o.data?.['application/vnd.look-twice.loss-curve+json'])),
    'the written notebook holds a loss curve',
  );

  const prefix = path.join(scratch, 'jupyter');
  const install = spawnSync(process.execPath, [cli, 'kernel', 'install', '--prefix', prefix], { encoding: 'utf8' });
  check(install.status === 0, `look-twice kernel install exits 0: ${install.stdout.trim()}${install.stderr.trim()}`);
  const spec = JSON.parse(
    readFileSync(path.join(prefix, 'share', 'jupyter', 'kernels', 'look-twice', 'kernel.json'), 'utf8'),
  );
  check(
    spec.argv[1] === cli && spec.argv[2] === 'jupyter',
    `the kernelspec starts the installed CLI: ${spec.argv.join(' ')}`,
  );
  const zeromq = spawnSync(
    process.execPath,
    [
      '-e',
      'if (typeof require(process.argv[1]).Router !== "function") process.exit(1)',
      path.join(extension, 'node_modules', 'zeromq'),
    ],
    { encoding: 'utf8' },
  );
  check(zeromq.status === 0, `zeromq's addon loads from the package ${zeromq.stderr.trim()}`);
  log('INSTALLED CLI PASS');
} catch (error) {
  console.error(error);
  log('INSTALLED CLI FAIL');
  process.exitCode = 1;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
