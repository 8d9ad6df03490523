// `look-twice run` and a cell's `await input()`: answered from a real terminal (a pseudo-terminal from
// util-linux's `script`), a password not echoed; without a terminal, a clear error and exit 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { emptyNotebook, type NbCodeCell, type Notebook } from '../../src/host/nbformat';
import { writeNotebook } from '../../src/host/notebookFile';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'src/cli/main.ts');
const ASKING = [
  'const who = await input("Who? ")',
  'const key = await input("Key: ", { password: true })\nconsole.log(`hi ${who}, ${key.length}`)',
];
const env = { ...process.env, LOOK_TWICE_BACKEND: 'cpu' };

function notebook(cells: string[]): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'lt-input-')), 'asks.ipynb');
  writeNotebook(file, emptyNotebook(cells));
  return file;
}

const printed = (file: string): string =>
  (JSON.parse(readFileSync(file, 'utf8')) as Notebook).cells
    .filter((c): c is NbCodeCell => c.cell_type === 'code')
    .flatMap((c) => c.outputs)
    .flatMap((o) => (o.output_type === 'stream' ? [Array.isArray(o.text) ? o.text.join('') : String(o.text)] : []))
    .join('');

test('cli input: without a terminal (a pipe, CI) the cell fails at once with the reason', async () => {
  const file = notebook(ASKING);
  const failed = await promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, 'run', file], {
    cwd: ROOT,
    env,
  }).then(
    () => assert.fail('the run must fail'),
    (error: { code: number; stdout: string }) => error,
  );
  assert.equal(failed.code, 1);
  assert.match(
    failed.stdout,
    /\[1\/2\] failed: InputUnavailable: `look-twice run` answers input\(\) from its terminal, and its stdin is not one/,
  );
});

const hasScript = spawnSync('script', ['--version']).status === 0;

test(
  'cli input: in a terminal the prompts are answered there, and a password is not echoed',
  { skip: !hasScript && 'util-linux script is missing' },
  async () => {
    const file = notebook(ASKING);
    const command = [process.execPath, '--import', 'tsx', CLI, 'run', file].map((arg) => `'${arg}'`).join(' ');
    // script gives the CLI a pseudo-terminal as stdin and stdout; we type into it once each prompt shows.
    const child = spawn('script', ['--quiet', '--flush', '--return', '--command', command, '/dev/null'], {
      cwd: ROOT,
      env,
    });
    let transcript = '';
    const answers: [string, string][] = [
      ['Who? ', 'Ada'],
      ['Key: ', 'hunter2'],
    ];
    child.stdout.on('data', (chunk: Buffer) => {
      transcript += chunk.toString();
      const next = answers[0];
      if (next && transcript.includes(next[0])) {
        answers.shift();
        child.stdin.write(`${next[1]}\r`);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, transcript);
    assert.equal(printed(file), 'hi Ada, 7\n');
    // eslint-disable-next-line no-control-regex -- readline's cursor moves are ESC [ sequences
    const screen = transcript.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
    assert.match(screen, /^Who\? Ada$/m, 'typing is echoed');
    assert.match(screen, /^Key: $/m);
    assert.doesNotMatch(screen, /hunter2/, 'the password is not');
  },
);
