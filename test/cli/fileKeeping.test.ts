// `look-twice run` keeps what files were (issue 12, items 3-5), end to end through the CLI: untouched
// cells, metadata and outputs byte for byte; mode and symlinks kept; failed writes named, results kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'src/cli/main.ts');

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, ...args], {
      cwd: ROOT,
      timeout: 120_000,
      env: { ...process.env, LOOK_TWICE_BACKEND: 'cpu' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const MARKDOWN = Buffer.concat([
  Buffer.from(
    '  {\n   "cell_type": "markdown",\n   "metadata": {"n": 12345678901234567890, "tiny": 1e-400, "one": 1.0},\n   "source": ["caf',
  ),
  Buffer.from([0xe9, 0xff, 0xfe]),
  Buffer.from('"]\n  }'),
]);
const OLD_OUTPUT = '{"output_type": "stream", "name": "stdout", "text": ["kept 1.0\\n"]}';
const UNTOUCHED_CODE = `  {\n   "cell_type": "code", "execution_count": 7, "metadata": {"x": 1.0},\n   "outputs": [${OLD_OUTPUT}],\n   "source": ["3"]\n  }`;

/** A notebook whose second code cell fails, so the third keeps its old outputs; written by hand, not by us. */
function handWritten(
  metadata = '{"custom": {"big": 12345678901234567890}, "kernelspec": {"name": "look-twice", "display_name": "LT"}}',
): Buffer {
  return Buffer.concat([
    Buffer.from(`{\n "metadata": ${metadata},\n "nbformat": 4,\n "nbformat_minor": 5,\n "cells": [\n`),
    MARKDOWN,
    Buffer.from(
      ',\n  {"cell_type": "code", "execution_count": null, "metadata": {"keep": 1.0}, "outputs": [], "source": ["console.log(1)"]},\n',
    ),
    Buffer.from(
      '  {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": ["throw new Error(\\"stop\\")"]},\n',
    ),
    Buffer.from(UNTOUCHED_CODE),
    Buffer.from('\n ]\n}\n'),
  ]);
}

function scratch(name = 'nb.ipynb', content = handWritten()): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lt-keep-'));
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return { dir, file };
}

test('cli files: untouched cells, metadata and outputs come back byte for byte; what ran is nbformat', async () => {
  const { file } = scratch();
  const result = await cli('run', file);
  assert.equal(result.code, 1, result.stdout + result.stderr);
  const out = readFileSync(file);
  for (const part of [
    MARKDOWN,
    Buffer.from(UNTOUCHED_CODE),
    Buffer.from('"custom": {"big": 12345678901234567890}'),
    Buffer.from('"metadata": {"keep": 1.0}'),
  ]) {
    assert.ok(out.includes(part), `kept byte for byte: ${part.toString('latin1').slice(0, 60)}`);
  }
  const nb = JSON.parse(out.toString('utf8'));
  assert.deepEqual(nb.cells[1].outputs, [{ output_type: 'stream', name: 'stdout', text: ['1\n'] }]);
  assert.equal(nb.cells[1].execution_count, 1);
  assert.equal(nb.cells[2].outputs[0].ename, 'Error');
});

test('cli files: mode 600 stays 600, and a symlinked notebook is written through its link', async () => {
  const { dir, file } = scratch();
  chmodSync(file, 0o600);
  const link = path.join(dir, 'link.ipynb');
  symlinkSync('nb.ipynb', link);
  await cli('run', link);
  assert.equal(lstatSync(link).isSymbolicLink(), true);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(JSON.parse(readFileSync(file, 'utf8')).cells[1].execution_count, 1);
});

test('cli files: a read-only notebook is refused and not replaced; the results are kept elsewhere, named', async () => {
  const { dir, file } = scratch();
  chmodSync(file, 0o444);
  const before = readFileSync(file);
  const result = await cli('run', file);
  assert.equal(result.code, 2);
  assert.match(
    result.stderr,
    new RegExp(`cannot write ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: it is read-only \\(mode 444\\)`),
  );
  assert.deepEqual(readFileSync(file), before);
  const rescued = /saved to (\S+) instead/.exec(result.stderr)?.[1];
  assert.ok(rescued && existsSync(rescued), result.stderr);
  assert.equal(statSync(rescued).mode & 0o777, 0o600);
  assert.equal(JSON.parse(readFileSync(rescued, 'utf8')).cells[1].execution_count, 1);
  assert.deepEqual(readdirSync(dir), ['nb.ipynb']);
});

const badOuts: [string, (dir: string) => string, RegExp][] = [
  ['--out in a missing folder', (dir) => path.join(dir, 'nowhere', 'out.ipynb'), /the folder .*nowhere does not exist/],
  [
    '--out a folder',
    (dir) => {
      mkdirSync(path.join(dir, 'folder.ipynb'));
      return path.join(dir, 'folder.ipynb');
    },
    /it is a folder, not a file/,
  ],
];

for (const [name, out, reason] of badOuts) {
  test(`cli files: ${name}: the message names the file and why, the results are kept, no temporary file`, async () => {
    const { dir, file } = scratch();
    const target = out(dir);
    const result = await cli('run', file, '--out', target);
    assert.equal(result.code, 2);
    assert.ok(result.stderr.includes(`cannot write ${target}: `), result.stderr);
    assert.match(result.stderr, reason);
    assert.doesNotMatch(result.stderr, /\.tmp/);
    const rescued = /saved to (\S+) instead/.exec(result.stderr)?.[1];
    assert.ok(rescued && existsSync(rescued), result.stderr);
    assert.equal(JSON.parse(readFileSync(rescued, 'utf8')).cells[1].execution_count, 1);
    assert.deepEqual(
      readdirSync(dir).filter((n) => n.includes('tmp')),
      [],
    );
  });
}

test('cli files: metadata nested 20,000 deep is written back (it used to lose the results)', async () => {
  const deep = '{"d":'.repeat(20_000) + '1.0' + '}'.repeat(20_000);
  const { file } = scratch('deep.ipynb', handWritten(`{"deep": ${deep}}`));
  const result = await cli('run', file);
  assert.equal(result.code, 1, result.stdout + result.stderr);
  const out = readFileSync(file);
  assert.ok(out.includes(Buffer.from(deep)));
  assert.ok(
    out.includes(Buffer.from('"kernelspec": {\n   "name": "look-twice"')),
    'the missing kernelspec was added in nbformat style',
  );
});
