// Where kernelspecs go (jupyter_core's rules) and install/remove in a scratch prefix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  installKernelspec,
  kernelspecDir,
  LOGO_FILES,
  removeKernelspec,
  userDataDir,
} from '../../src/jupyter/kernelspec';

const ROOT = path.resolve(__dirname, '../..');

test('kernelspec: the user data folder follows jupyter_core', () => {
  assert.equal(userDataDir({ JUPYTER_DATA_DIR: '/j' }, 'linux', '/home/u'), '/j');
  assert.equal(userDataDir({}, 'linux', '/home/u'), '/home/u/.local/share/jupyter');
  assert.equal(userDataDir({ XDG_DATA_HOME: '/x' }, 'linux', '/home/u'), '/x/jupyter');
  assert.equal(userDataDir({}, 'darwin', '/Users/u'), '/Users/u/Library/Jupyter');
});

test('kernelspec: install writes kernel.json and logos under PREFIX/share/jupyter/kernels/NAME; remove deletes them', () => {
  const prefix = mkdtempSync(path.join(os.tmpdir(), 'lt-spec-'));
  const dir = installKernelspec({
    prefix,
    name: 'lt-test',
    command: ['/usr/bin/node', '/opt/lt/dist/cli.js'],
    logos: path.join(ROOT, 'media/jupyter'),
  });
  assert.equal(dir, path.join(prefix, 'share/jupyter/kernels/lt-test'));
  const spec = JSON.parse(readFileSync(path.join(dir, 'kernel.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual(spec.argv, [
    '/usr/bin/node',
    '/opt/lt/dist/cli.js',
    'jupyter',
    '--connection-file',
    '{connection_file}',
  ]);
  assert.equal(spec.interrupt_mode, 'message');
  assert.equal(spec.language, 'typescript');
  for (const logo of LOGO_FILES) assert.ok(existsSync(path.join(dir, logo)), logo);
  assert.equal(removeKernelspec({ prefix, name: 'lt-test' }), dir);
  assert.equal(existsSync(dir), false);
  assert.throws(() => removeKernelspec({ prefix, name: 'lt-test' }), /no kernelspec at/);
});

test('kernelspec: a name that could leave the kernels folder is refused', () => {
  for (const name of ['../evil', 'a/b', '', 'sp ace'])
    assert.throws(() => kernelspecDir({ prefix: '/p', name }), /kernel name/);
  assert.equal(kernelspecDir({ prefix: '/p' }), '/p/share/jupyter/kernels/look-twice');
});
