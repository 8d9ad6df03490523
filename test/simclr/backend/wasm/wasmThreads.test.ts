/**
 * Multithreaded wasm (wasmThreads.ts), in child processes because threads are fixed when the wasm
 * module first starts: it starts (or falls back to one thread with a note), computes the same
 * numbers as one thread, and the process exits by itself (the pool's workers are unref'd).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const child = join(__dirname, 'fixtures', 'wasmThreadsChild.ts');

function run(threads: string): { threads: number; reason: string; checksum: number } {
  const out = spawnSync(process.execPath, ['--import', 'tsx', child], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, LOOK_TWICE_WASM_THREADS: threads },
  });
  assert.equal(out.error, undefined, `child did not exit by itself: ${out.error?.message}`);
  assert.equal(out.status, 0, out.stderr);
  const line = out.stdout.split('\n').find((l) => l.startsWith('{'));
  assert.ok(line, `no result line in: ${out.stdout}`);
  return JSON.parse(line);
}

test('LOOK_TWICE_WASM_THREADS=1 runs single-threaded; =2 runs a pool or says why not; same numbers; both exit', () => {
  const one = run('1');
  assert.equal(one.threads, 1);
  assert.match(one.reason, /1 thread\)/);
  const two = run('2');
  if (two.threads === 2) assert.match(two.reason, /2 threads \(worker-thread pool\)/);
  else assert.match(two.reason, /1 thread \(threaded wasm (failed|files)/);
  assert.ok(
    Math.abs(two.checksum - one.checksum) <= 1e-4 * Math.abs(one.checksum),
    `${two.checksum} vs ${one.checksum}`,
  );
});

test('a bad LOOK_TWICE_WASM_THREADS is an error naming the variable', () => {
  const out = spawnSync(process.execPath, ['--import', 'tsx', child], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, LOOK_TWICE_WASM_THREADS: 'many' },
  });
  assert.notEqual(out.status, 0);
  assert.match(out.stderr + out.stdout, /LOOK_TWICE_WASM_THREADS must be a positive integer, got 'many'/);
});
