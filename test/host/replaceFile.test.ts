// Writing a file in place (issue 12, items 3 and 5): mode and owner kept, symlinks written through,
// read-only and other users' files refused, failures name the file and leave no temporary file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { replaceFile } from '../../src/host/replaceFile';

const ROOT = path.resolve(__dirname, '../..');
const isRoot = process.getuid?.() === 0;

function scratch(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lt-replace-'));
  chmodSync(dir, 0o777);
  return dir;
}

const noTemps = (dir: string): void =>
  assert.deepEqual(
    readdirSync(dir).filter((name) => name.endsWith('.tmp')),
    [],
    'a temporary file stayed behind',
  );

for (const mode of [0o600, 0o640, 0o755]) {
  test(`replaceFile: mode ${mode.toString(8)} is kept`, () => {
    const dir = scratch();
    const file = path.join(dir, 'nb.ipynb');
    writeFileSync(file, 'old');
    chmodSync(file, mode);
    replaceFile(file, Buffer.from('new'));
    assert.equal(readFileSync(file, 'utf8'), 'new');
    assert.equal(statSync(file).mode & 0o777, mode);
    noTemps(dir);
  });
}

test('replaceFile: a read-only file (mode 444) is refused, unchanged, even for root', () => {
  const dir = scratch();
  const file = path.join(dir, 'ro.ipynb');
  writeFileSync(file, 'keep');
  chmodSync(file, 0o444);
  assert.throws(
    () => replaceFile(file, Buffer.from('new')),
    (e: Error) => e.message.startsWith(`cannot write ${file}: it is read-only (mode 444)`),
  );
  assert.equal(readFileSync(file, 'utf8'), 'keep');
  noTemps(dir);
});

test('replaceFile: a symlinked file stays a link and its target gets the contents', () => {
  const dir = scratch();
  mkdirSync(path.join(dir, 'real'));
  const target = path.join(dir, 'real', 'nb.ipynb');
  writeFileSync(target, 'old');
  chmodSync(target, 0o600);
  const link = path.join(dir, 'link.ipynb');
  symlinkSync(path.join('real', 'nb.ipynb'), link);
  replaceFile(link, Buffer.from('new'));
  assert.equal(lstatSync(link).isSymbolicLink(), true);
  assert.equal(readlinkSync(link), path.join('real', 'nb.ipynb'));
  assert.equal(readFileSync(target, 'utf8'), 'new');
  assert.equal(statSync(target).mode & 0o777, 0o600);
  noTemps(dir);
  noTemps(path.join(dir, 'real'));
});

test('replaceFile: a dangling symlink creates its target', () => {
  const dir = scratch();
  const link = path.join(dir, 'out.ipynb');
  symlinkSync('made.ipynb', link);
  replaceFile(link, Buffer.from('x'));
  assert.equal(lstatSync(link).isSymbolicLink(), true);
  assert.equal(readFileSync(path.join(dir, 'made.ipynb'), 'utf8'), 'x');
});

test('replaceFile: failures name the file and the reason, and leave nothing behind', () => {
  const dir = scratch();
  const missing = path.join(dir, 'missing', 'out.ipynb');
  assert.throws(
    () => replaceFile(missing, Buffer.from('x')),
    (e: Error) => e.message === `cannot write ${missing}: the folder ${path.join(dir, 'missing')} does not exist`,
  );
  const folder = path.join(dir, 'a-folder');
  mkdirSync(folder);
  assert.throws(
    () => replaceFile(folder, Buffer.from('x')),
    (e: Error) => e.message === `cannot write ${folder}: it is a folder, not a file`,
  );
  noTemps(dir);
});

test(
  "replaceFile: the owner is kept (root writing another user's file)",
  { skip: !isRoot && 'needs root to make a file owned by someone else' },
  () => {
    const dir = scratch();
    const file = path.join(dir, 'theirs.ipynb');
    writeFileSync(file, 'old');
    chownSync(file, 65534, 65534);
    chmodSync(file, 0o640);
    replaceFile(file, Buffer.from('new'));
    const stats = statSync(file);
    assert.deepEqual([stats.uid, stats.gid, stats.mode & 0o777], [65534, 65534, 0o640]);
    assert.equal(readFileSync(file, 'utf8'), 'new');
  },
);

/** replaceFile run as user nobody, in a child process. */
function asNobody(file: string): { ok: boolean; message: string } {
  const script = `const { replaceFile } = require(${JSON.stringify(path.join(ROOT, 'src/host/replaceFile.ts'))}); try { replaceFile(${JSON.stringify(file)}, Buffer.from('new')); console.log(JSON.stringify({ ok: true, message: '' })) } catch (e) { console.log(JSON.stringify({ ok: false, message: e.message })) }`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: ROOT,
    uid: 65534,
    gid: 65534,
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { ok: boolean; message: string };
}

test(
  'replaceFile: a file the user cannot write is refused although its folder would allow the rename',
  { skip: !isRoot && 'needs root to run as another user' },
  () => {
    const dir = scratch();
    const file = path.join(dir, 'roots.ipynb');
    writeFileSync(file, 'root owns this');
    chmodSync(file, 0o644);
    const result = asNobody(file);
    assert.equal(result.ok, false);
    assert.match(result.message, /permission denied: you cannot write it \(mode 644, owner uid 0\)/);
    assert.equal(readFileSync(file, 'utf8'), 'root owns this');
    assert.equal(statSync(file).uid, 0);
    noTemps(dir);
  },
);

test(
  "replaceFile: another user's group-writable file is written in place, owner and mode kept",
  { skip: !isRoot && 'needs root to run as another user' },
  () => {
    const dir = scratch();
    const file = path.join(dir, 'shared.ipynb');
    writeFileSync(file, 'a longer original text');
    chmodSync(file, 0o666);
    const result = asNobody(file);
    assert.equal(result.ok, true, result.message);
    assert.equal(readFileSync(file, 'utf8'), 'new');
    const stats = statSync(file);
    assert.deepEqual([stats.uid, stats.mode & 0o777], [0, 0o666]);
    noTemps(dir);
  },
);
