// The README's plain-Node walk-through: notebooks/pretrain-and-probe.mjs imports the *built* library
// through the package's `look-twice/simclr` export, exactly as a user's script would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

test('pretrain-and-probe.mjs pre-trains on the built library and prints both probe accuracies', () => {
  assert.ok(existsSync(join(root, 'dist', 'simclr.js')), 'run `npm run build` first (npm test does)');
  const output = execFileSync(
    process.execPath,
    [
      join(root, 'notebooks', 'pretrain-and-probe.mjs'),
      '--steps',
      '4',
      '--batch',
      '32',
      '--train',
      '600',
      '--test',
      '300',
      '--encoder',
      'cnn',
    ],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, LOOK_TWICE_BACKEND: process.env.LOOK_TWICE_BACKEND ?? 'wasm' },
    },
  );
  assert.match(output, /^backend: \w+/m);
  assert.match(output, /simclr pre-training done: loss \d+\.\d+ -> \d+\.\d+/);
  const accuracies = [...output.matchAll(/linear probe on .*?(\d+\.\d)% test accuracy/g)].map((m) => Number(m[1]));
  assert.equal(accuracies.length, 2, output);
  // Ten balanced classes: chance is 10%. Even a few steps give features far above it.
  for (const accuracy of accuracies) assert.ok(accuracy > 30, `accuracy ${accuracy}% in:\n${output}`);
});

test('pretrain-and-probe.mjs --method runs the other methods from a plain Node script', () => {
  for (const method of ['moco-v2', 'byol']) {
    const output = execFileSync(
      process.execPath,
      [
        join(root, 'notebooks', 'pretrain-and-probe.mjs'),
        '--method',
        method,
        '--steps',
        '3',
        '--batch',
        '32',
        '--train',
        '300',
        '--test',
        '200',
        '--encoder',
        'cnn',
      ],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, LOOK_TWICE_BACKEND: process.env.LOOK_TWICE_BACKEND ?? 'wasm' },
      },
    );
    assert.match(output, new RegExp(`${method} pre-training done: loss \\d+\\.\\d+ -> \\d+\\.\\d+`), output);
    assert.match(output, new RegExp(`linear probe on ${method} features: \\d+\\.\\d% test accuracy`), output);
  }
});
