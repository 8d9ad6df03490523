/**
 * The SIMD kernels' worker pool (simd/simdThreads.ts) on the real wasm heap: shares split over
 * threads give the one-thread result, a trap on a worker surfaces as an error on the caller and
 * leaves the pool usable, and the unref'd workers do not keep a script alive.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { tf } from '../../../../../src/simclr/tf';
import { initBackend } from '../../../../../src/simclr/backend/initBackend';
import { pointerOf, simdPool, type WasmBackendLike } from '../../../../../src/simclr/backend/wasm/simd/simdKernels';
import { restoreStockKernels } from '../../../../../src/simclr/backend/kernelRegistry';
import { splitRange } from '../../../../../src/simclr/backend/wasm/simd/simdThreads';

describe('SIMD worker pool', () => {
  after(() => restoreStockKernels());

  test('splitRange: contiguous, covering, non-empty shares with aligned inner cuts', () => {
    assert.deepEqual(splitRange(5, 2), [
      [0, 2],
      [2, 5],
    ]);
    assert.deepEqual(splitRange(3, 4), [
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    assert.deepEqual(splitRange(10, 0), [[0, 10]]);
    assert.deepEqual(splitRange(0, 3), [[0, 0]]);
    assert.deepEqual(splitRange(18, 2, 4), [
      [0, 8],
      [8, 18],
    ]);
    for (const [n, parts, align] of [
      [1000, 3, 1],
      [1001, 4, 4],
      [7, 2, 4],
      [65537, 2, 4],
    ]) {
      const shares = splitRange(n, parts, align);
      assert.equal(shares[0][0], 0);
      assert.equal(shares.at(-1)?.[1], n);
      shares.forEach(([a, b], i) => {
        assert.ok(b > a || n === 0, `share ${i} of [${n}, ${parts}, ${align}] is empty`);
        if (i > 0) assert.equal(a, shares[i - 1][1]);
        if (i < shares.length - 1) assert.equal(b % align, 0);
      });
    }
  });

  test('column sums split over threads equal the single call; a trapping share throws and the pool goes on', async (t) => {
    await initBackend({ backend: 'wasm' });
    const backend = tf.backend() as unknown as WasmBackendLike;
    const pool = simdPool(backend);
    assert.ok(pool, 'the SIMD kernels load');
    if (pool.threads < 2) {
      t.skip(
        `one thread here (${tf.env().getNumber('WASM_HAS_MULTITHREAD_SUPPORT') ? 'threads on' : 'no shared memory'}): nothing to split`,
      );
      return;
    }
    const x = tf.randomNormal([300, 40], 0, 1, 'float32', 7);
    const whole = tf.zeros([40]),
      split = tf.zeros([40]);
    const px = pointerOf(backend, x);
    pool.run('columnSums', [[px, 300, 40, pointerOf(backend, whole), 1]]);
    // Two shares: columns 0-19 and 20-39 of the same rows (a row stride the kernel does not know, so
    // each share works on its own contiguous copy).
    const left = tf.slice(x, [0, 0], [300, 20]),
      right = tf.slice(x, [0, 20], [300, 20]);
    pool.run('columnSums', [
      [pointerOf(backend, left), 300, 20, pointerOf(backend, split), 1],
      [pointerOf(backend, right), 300, 20, pointerOf(backend, split) + 80, 1],
    ]);
    assert.deepEqual(await split.data(), await whole.data());

    const outside = 2 ** 32 - 64; // beyond any wasm32 heap tfjs has grown to
    assert.throws(
      () =>
        pool.run(
          'zeroFill',
          Array.from({ length: pool.threads }, () => [outside, 1024]),
        ),
      /out of bounds/,
    );
    const again = tf.zeros([40]);
    pool.run('columnSums', [[px, 300, 40, pointerOf(backend, again), 1]]);
    assert.deepEqual(await again.data(), await whole.data());
    tf.dispose([x, whole, split, left, right, again]);
  });

  test('the built modules export every kernel the loader declares and import only the backend memory', async () => {
    const { readFileSync } = await import('node:fs');
    const { simdKernelFile } = await import('../../../../../src/simclr/backend/wasm/simd/simdKernels');
    const { relaxedSimdSupported } = await import('../../../../../src/simclr/backend/wasm/simd/relaxedSimd');
    // The relaxed builds compile only where the runtime has relaxed SIMD (relaxedSimd.test.ts checks that).
    const builds = [false, true].flatMap((shared) =>
      (relaxedSimdSupported() ? [false, true] : [false]).map((relaxed) => ({ shared, relaxed })),
    );
    for (const { shared, relaxed } of builds) {
      const module = new WebAssembly.Module(readFileSync(simdKernelFile(shared, relaxed)));
      const exports = WebAssembly.Module.exports(module)
        .map((e) => e.name)
        .sort();
      assert.deepEqual(exports, [
        'addInto',
        'channelAffine',
        'columnCenteredSquares',
        'columnGradientSums',
        'columnSums',
        'conv2d',
        'conv2dBackpropInput',
        'filterGradient',
        'reluGrad',
        'winogradConv3x3',
        'zeroFill',
      ]);
      const imports = WebAssembly.Module.imports(module);
      assert.deepEqual(
        imports.map((i) => `${i.module}.${i.name}:${i.kind}`),
        ['env.memory:memory'],
        'only the backend memory is imported',
      );
    }
  });

  test('a script that used the pool exits by itself', () => {
    const script = `
      const { initBackend, tf } = require('./src/simclr/index');
      initBackend({ backend: 'wasm' }).then(() => {
        const a = tf.randomNormal([64, 28, 28, 8]), w = tf.randomNormal([3, 3, 8, 16]);
        tf.conv2d(a, w, 1, 'same').dataSync();
        console.log('done');
      });`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: process.cwd(),
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /done/);
  });
});
