// `look-twice run` end to end: the CLI from source (tsx) as a child process on fixture notebooks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { emptyNotebook, type NbCodeCell, type Notebook } from '../../src/host/nbformat';
import { writeNotebook } from '../../src/host/notebookFile';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'src/cli/main.ts');
const FIXTURES = path.join(__dirname, 'fixtures');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliWithin(0, ...args);
}

/** The CLI killed after `timeoutMs` (0: never); a killed CLI has code -1. */
async function cliWithin(
  timeoutMs: number,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: ROOT,
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      env: { ...process.env, LOOK_TWICE_BACKEND: 'cpu' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

function scratch(fixture: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lt-cli-'));
  const file = path.join(dir, fixture);
  copyFileSync(path.join(FIXTURES, fixture), file);
  return file;
}

const read = (file: string): Notebook => JSON.parse(readFileSync(file, 'utf8')) as Notebook;
const code = (nb: Notebook): NbCodeCell[] => nb.cells.filter((c): c is NbCodeCell => c.cell_type === 'code');

test('cli: a passing notebook runs in place, exit 0, outputs written', async () => {
  const file = scratch('passing.ipynb');
  const result = await cli('run', file);
  assert.equal(result.code, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /\[1\/4\] ok/);
  assert.match(result.stdout, /\[4\/4\] ok/);
  const cells = code(read(file));
  assert.deepEqual(
    cells.map((c) => c.execution_count),
    [1, 2, 3, 4],
  );
  assert.deepEqual(cells[0].outputs, [{ output_type: 'stream', name: 'stdout', text: ['x is 2\n'] }]);
  // A cell's value is an execute_result with the cell's count (as Jupyter writes it); display() a display_data.
  const tensor = cells[1].outputs[0];
  assert.equal(tensor.output_type, 'execute_result');
  if (tensor.output_type === 'execute_result') {
    assert.equal(tensor.execution_count, 2);
    assert.match((tensor.data['text/plain'] as string[]).join(''), /\[2, 4, 6\]/);
  }
  const json = cells[2].outputs[0];
  if (json.output_type === 'display_data') assert.deepEqual(json.data['application/json'], { answer: 42 });
  else assert.fail('expected display_data');
  const done = cells[3].outputs[0];
  if (done.output_type === 'execute_result') assert.equal(done.execution_count, 4);
  else assert.fail('expected execute_result');
});

test('cli: a failing notebook stops at the failing cell, exit 1, error output written, later cells untouched', async () => {
  const file = scratch('failing.ipynb');
  const out = path.join(path.dirname(file), 'out.ipynb');
  const before = readFileSync(file, 'utf8');
  const result = await cli('run', file, '--out', out);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /\[2\/3\] failed: TypeError/);
  assert.match(result.stdout, /:3:15/);
  assert.equal(readFileSync(file, 'utf8'), before, 'the input is not touched when --out is given');
  const cells = code(read(out));
  const error = cells[1].outputs.at(-1);
  assert.equal(error?.output_type, 'error');
  if (error?.output_type === 'error') {
    assert.equal(error.ename, 'TypeError');
    assert.match(error.traceback.join('\n'), /:3:15/);
  }
  assert.equal(cells[2].execution_count, null);
  assert.deepEqual(cells[2].outputs, []);
});

test('cli: a cell over --timeout is stopped, exit 1, the note is in the file', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lt-cli-'));
  const file = path.join(dir, 'slow.ipynb');
  writeNotebook(file, emptyNotebook(['1', 'await new Promise(() => {})', '2']));
  const result = await cli('run', file, '--timeout', '1');
  assert.equal(result.code, 1);
  assert.match(result.stdout, /\[2\/3\] timed out after 1 s/);
  const error = code(read(file))[1].outputs.at(-1);
  assert.equal(error?.output_type, 'error');
  if (error?.output_type === 'error') assert.match(error.evalue, /--timeout 1 s/);
});

test('cli: a synchronous infinite loop over --timeout restarts the kernel, and the CLI still exits', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lt-cli-'));
  const file = path.join(dir, 'spin.ipynb');
  writeNotebook(file, emptyNotebook(['1', 'while (true) {}', '3']));
  const result = await cliWithin(60_000, 'run', file, '--timeout', '1');
  assert.equal(result.code, 1, `the CLI must exit by itself (-1: killed after 60 s)\n${result.stdout}${result.stderr}`);
  assert.match(result.stdout, /\[2\/3\] timed out after 1 s \(kernel restarted, state lost\)/);
  assert.match(result.stdout, /FAILED: 2 of 3/);
});

const malformed: [string, string, RegExp][] = [
  ['not JSON', '{"cells": [', /invalid JSON/],
  ['wrong nbformat', JSON.stringify({ nbformat: 3, cells: [] }), /nbformat is 3/],
  ['cells not an array', JSON.stringify({ nbformat: 4, cells: {} }), /"cells" is not an array/],
  [
    'bad cell type',
    JSON.stringify({ nbformat: 4, cells: [{ cell_type: 'python', source: '' }] }),
    /cell 1 has cell_type/,
  ],
];

test('cli: malformed notebooks give a clear error (exit 2) and are never overwritten', async () => {
  for (const [name, content, message] of malformed) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lt-cli-'));
    const file = path.join(dir, 'bad.ipynb');
    writeFileSync(file, content);
    const result = await cli('run', file);
    assert.equal(result.code, 2, name);
    assert.match(result.stderr, message, name);
    assert.match(result.stderr, /bad\.ipynb/, name);
    assert.equal(readFileSync(file, 'utf8'), content, `${name}: file unchanged`);
  }
});

test('cli: --help and usage errors', async () => {
  const help = await cli('--help');
  assert.equal(help.code, 0);
  assert.match(help.stdout, /look-twice run NOTEBOOK\.ipynb/);
  const missing = await cli('run');
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /needs a notebook/);
});

test('cli: the sample SimCLR notebook runs and leaves rich outputs with PNG/SVG fallbacks', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lt-cli-'));
  const out = path.join(dir, 'executed.ipynb');
  const result = await cli(
    'run',
    path.join(ROOT, 'notebooks/simclr-fashion-mnist.ipynb'),
    '--out',
    out,
    '--backend',
    'wasm',
    '--timeout',
    '300',
  );
  assert.equal(result.code, 0, result.stdout + result.stderr);
  const bundles = code(read(out))
    .flatMap((c) => c.outputs)
    .flatMap((o) => (o.output_type === 'display_data' || o.output_type === 'execute_result' ? [o.data] : []));
  const withMime = (mime: string) => bundles.find((data) => mime in data);
  assert.ok(withMime('application/vnd.look-twice.augmentations+json')?.['image/png'], 'augmentation grid with a PNG');
  assert.ok(withMime('application/vnd.look-twice.loss-curve+json')?.['image/svg+xml'], 'loss curve with an SVG');
  assert.ok(withMime('application/vnd.look-twice.embedding+json')?.['image/svg+xml'], 'projection with an SVG');
  assert.ok(withMime('application/vnd.look-twice.progress+json')?.['text/plain'], 'training progress');
});

test('cli: Ctrl-C (SIGINT to the process group) interrupts the running cell and still writes the notebook', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lt-cli-'));
  const file = path.join(dir, 'ctrl-c.ipynb');
  writeNotebook(file, emptyNotebook(['1', 'await new Promise(() => {})', '3']));
  // Its own process group, as a terminal's foreground job: the signal reaches the CLI and the kernel.
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'run', file], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, LOOK_TWICE_BACKEND: 'cpu' },
  });
  let stdout = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('[1/3] ok')) resolve();
    }),
  );
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(child.pid);
  process.kill(-child.pid, 'SIGINT');
  assert.equal(await exited, 1);
  assert.match(stdout, /\[2\/3\] interrupted/);
  const error = code(read(file))[1].outputs.at(-1);
  assert.ok(error?.output_type === 'error' && /Ctrl-C/.test(error.evalue), JSON.stringify(error));
});

test('cli: SIGTERM to the command alone interrupts the cell, writes the notebook, ends the kernel, exits 143', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lt-cli-'));
  const file = path.join(dir, 'terminated.ipynb');
  writeNotebook(file, emptyNotebook(["console.log('kernel pid', process.pid)", 'await new Promise(() => {})', '3']));
  // Not a process group: `kill PID` or a cancelled CI job signals the command only, never its kernel.
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'run', file], {
    cwd: ROOT,
    env: { ...process.env, LOOK_TWICE_BACKEND: 'cpu' },
  });
  let stdout = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('[1/3] ok')) resolve();
    }),
  );
  await new Promise((r) => setTimeout(r, 300));
  child.kill('SIGTERM');
  assert.equal(await exited, 143, stdout);
  assert.match(stdout, /\[2\/3\] interrupted \(SIGTERM\)/);
  assert.match(stdout, /FAILED: 2 of 3 code cells run; wrote/);
  const cells = code(read(file));
  const printed = cells[0].outputs.map((o) => ('text' in o ? String(o.text) : '')).join('');
  const kernelPid = Number(/kernel pid (\d+)/.exec(printed)?.[1]);
  assert.ok(kernelPid > 0, printed);
  const error = cells[1].outputs.at(-1);
  assert.ok(error?.output_type === 'error' && /SIGTERM/.test(error.evalue), JSON.stringify(error));
  assert.equal(cells[2].outputs.length, 0, 'the third cell never ran');
  const alive = (): boolean => {
    try {
      process.kill(kernelPid, 0);
      return true;
    } catch {
      return false;
    }
  };
  // The command awaited the kernel's shutdown before exiting; allow the OS a moment to reap it.
  for (let i = 0; i < 100 && alive(); i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(alive(), false, `kernel ${kernelPid} still running after the command exited`);
});
