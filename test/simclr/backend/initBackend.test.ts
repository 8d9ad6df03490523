/**
 * initBackend: preference order node > wasm > cpu, LOOK_TWICE_BACKEND forcing, clear errors for a
 * forced backend that cannot start or a bad value, idempotence, and the kernels it installs.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import { loadNativeBackend } from '../../../src/simclr/backend/native/nativeBackend';
import { restoreStockKernels } from '../../../src/simclr/backend/kernelRegistry';

const saved = process.env.LOOK_TWICE_BACKEND;
const nativeLoads = loadNativeBackend().ok;

describe('initBackend', () => {
  after(() => {
    if (saved === undefined) delete process.env.LOOK_TWICE_BACKEND;
    else process.env.LOOK_TWICE_BACKEND = saved;
    restoreStockKernels();
  });

  test('auto: tfjs-node when it loads, else wasm; the reason says what was tried', async () => {
    delete process.env.LOOK_TWICE_BACKEND;
    const info = await initBackend();
    assert.equal(info.name, nativeLoads ? 'node' : 'wasm');
    assert.equal(tf.getBackend(), info.tfBackend);
    if (!nativeLoads) {
      assert.match(info.reason, /tried node: tfjs-node did not load/);
      assert.ok(info.kernels.includes('Conv2DBackpropFilter'), 'wasm gets the filter-gradient kernel');
    }
    assert.match(info.reason, new RegExp(`using ${info.name}`));
  });

  const forced: Array<{ value: 'wasm' | 'cpu'; tfBackend: string; kernels: string[] }> = [
    {
      value: 'wasm',
      tfBackend: 'wasm',
      kernels: [
        'Conv2DBackpropFilter',
        'Conv2DBackpropInput',
        'Identity (shared buffer)',
        'Sum/Mean over leading axes',
        'Conv2D/FusedConv2D (direct SIMD)',
        'ReLU gradient (one SIMD pass)',
        'batch norm training pass (SIMD)',
        'lean backprop',
        'FusedBatchNorm gradient',
      ],
    },
    { value: 'cpu', tfBackend: 'cpu', kernels: ['Conv2DBackpropFilter', 'lean backprop', 'FusedBatchNorm gradient'] },
  ];
  for (const c of forced) {
    test(`LOOK_TWICE_BACKEND=${c.value} forces ${c.tfBackend}; a second call returns the same result`, async () => {
      process.env.LOOK_TWICE_BACKEND = c.value;
      const first = await initBackend();
      assert.equal(first.name, c.value);
      assert.equal(tf.getBackend(), c.tfBackend);
      assert.deepEqual(first.kernels, c.kernels);
      assert.match(first.reason, /forced by LOOK_TWICE_BACKEND/);
      await tf.setBackend(c.value === 'cpu' ? 'wasm' : 'cpu');
      const second = await initBackend();
      assert.equal(second, first);
      assert.equal(tf.getBackend(), c.tfBackend, 'the chosen backend is selected again');
    });
  }

  test('a forced backend that cannot start fails with a clear error (node here unless tfjs-node loads)', async () => {
    delete process.env.LOOK_TWICE_BACKEND;
    if (nativeLoads) {
      assert.equal((await initBackend({ backend: 'node' })).name, 'node');
    } else {
      await assert.rejects(
        initBackend({ backend: 'node' }),
        /forced backend 'node' cannot start: node: tfjs-node did not load/,
      );
    }
  });

  test('a bad LOOK_TWICE_BACKEND value is rejected naming the variable', async () => {
    process.env.LOOK_TWICE_BACKEND = 'gpu';
    await assert.rejects(initBackend(), /LOOK_TWICE_BACKEND must be one of node, wasm, cpu; got 'gpu'/);
  });

  test("backend: 'auto' ignores LOOK_TWICE_BACKEND (the kernel's fallback when a forced backend fails)", async () => {
    process.env.LOOK_TWICE_BACKEND = 'gpu';
    const info = await initBackend({ backend: 'auto' });
    assert.equal(info.name, nativeLoads ? 'node' : 'wasm');
    assert.doesNotMatch(info.reason, /forced by LOOK_TWICE_BACKEND/);
  });

  test('training works on wasm after initBackend: a conv gradient runs and leaks nothing', async () => {
    const info = await initBackend({ backend: 'wasm' });
    assert.equal(info.name, 'wasm');
    const before = tf.memory().numTensors;
    const norm = tf.tidy(() => {
      const x = tf.randomUniform([2, 8, 8, 3], 0, 1, 'float32', 1);
      const w = tf.randomUniform([3, 3, 3, 4], -1, 1, 'float32', 2);
      const [dw] = tf.grads((wv: tf.Tensor) =>
        tf.sum(tf.square(tf.conv2d(x as tf.Tensor4D, wv as tf.Tensor4D, 2, 'same'))),
      )([w]);
      return tf.norm(dw).dataSync()[0];
    });
    assert.ok(norm > 0 && Number.isFinite(norm));
    assert.equal(tf.memory().numTensors, before);
  });
});
