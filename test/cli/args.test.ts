// Argument parsing of `look-twice`, as a table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, type Command } from '../../src/cli/args';

const table: [string[], Command | RegExp][] = [
  [[], { command: 'help' }],
  [['--help'], { command: 'help' }],
  [['run', 'a.ipynb', '-h'], { command: 'help' }],
  [['run', 'a.ipynb'], { command: 'run', notebook: 'a.ipynb' }],
  [
    ['run', 'a.ipynb', '--out', 'b.ipynb', '--timeout', '30'],
    { command: 'run', notebook: 'a.ipynb', out: 'b.ipynb', timeoutSeconds: 30 },
  ],
  [
    ['run', '--timeout=2.5', 'a.ipynb', '--backend', 'wasm'],
    { command: 'run', notebook: 'a.ipynb', timeoutSeconds: 2.5, backend: 'wasm' },
  ],
  [['run'], /needs a notebook/],
  [['run', 'a.ipynb', '--timeout', '-1'], /positive number/],
  [['run', 'a.ipynb', '--timeout'], /positive number/],
  [['run', 'a.ipynb', '--out'], /--out needs/],
  [['run', 'a.ipynb', '--backend', 'gpu'], /node, wasm or cpu/],
  [['run', 'a.ipynb', 'b.ipynb'], /only one notebook/],
  [['run', 'a.ipynb', '--fast'], /unknown option/],
  [['exec', 'a.ipynb'], /unknown command/],
  [['jupyter', '--connection-file', '/run/k.json'], { command: 'jupyter', connectionFile: '/run/k.json' }],
  [['jupyter', '-f', 'k.json', '--backend=cpu'], { command: 'jupyter', connectionFile: 'k.json', backend: 'cpu' }],
  [['jupyter'], /needs --connection-file/],
  [['kernel', 'install'], { command: 'kernel-install' }],
  [['kernel', 'install', '--user', '--name', 'lt2'], { command: 'kernel-install', name: 'lt2' }],
  [['kernel', 'install', '--prefix', '/opt/venv'], { command: 'kernel-install', prefix: '/opt/venv' }],
  [['kernel', 'remove', '--prefix=/opt/venv'], { command: 'kernel-remove', prefix: '/opt/venv' }],
  [['kernel', 'install', '--user', '--prefix', '/x'], /exclude each other/],
  [['kernel', 'install', '--prefix'], /--prefix needs/],
  [['kernel', 'install', 'extra'], /unexpected argument/],
  [['kernel', 'list'], /install or remove/],
];

for (const [argv, expected] of table) {
  test(`args: ${JSON.stringify(argv)}`, () => {
    const parsed = parseArgs(argv);
    if (expected instanceof RegExp) {
      assert.equal(parsed.command, 'error');
      if (parsed.command === 'error') assert.match(parsed.message, expected);
    } else {
      assert.deepEqual(parsed, expected);
    }
  });
}
