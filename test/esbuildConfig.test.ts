// esbuild.config.mjs refuses to build when an entry point's source file is missing (it used to skip it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

test('esbuild.config.mjs fails, naming the files, when entry points are missing', () => {
  const empty = mkdtempSync(join(tmpdir(), 'lt-build-'));
  try {
    // Run from an empty folder: every entry point (relative to the working directory) is missing.
    const build = spawnSync(process.execPath, [resolve(__dirname, '..', 'esbuild.config.mjs')], {
      cwd: empty,
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(build.status, 1, build.stderr);
    assert.match(build.stderr, /entry point\(s\) missing: src\/simclr\/index\.ts, src\/kernel\/main\.ts/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});
