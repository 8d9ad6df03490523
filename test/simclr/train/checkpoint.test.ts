import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../../../src/simclr/tf';
import { createSimclrModel } from '../../../src/simclr/models/simclrModel';
import { createOptimizer } from '../../../src/simclr/train/optimizers';
import { loadCheckpoint, readCheckpoint, saveCheckpoint } from '../../../src/simclr/train/checkpoint';
import { initBackend } from '../../../src/simclr/backend/initBackend';

const dir = mkdtempSync(join(tmpdir(), 'look-twice-ckpt-'));
test.before(async () => {
  await initBackend();
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** Moves the BN statistics and weights away from their initial values with a few Adam steps. */
function trainABit(model: ReturnType<typeof createSimclrModel>, optimizer: tf.Optimizer) {
  const x = tf.randomUniform([8, 28, 28, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
  for (let i = 0; i < 3; i++) {
    tf.tidy(() => {
      optimizer.minimize(
        () => tf.mean(tf.square(model.projectForTraining(x))) as tf.Scalar,
        false,
        model.trainableVariables(),
      );
    });
  }
  x.dispose();
}

test('checkpoint round-trip gives identical predictions (weights and BN statistics)', async () => {
  const small = { kind: 'resnet' as const, stemWidth: 8, widths: [8, 16] };
  for (const options of [
    { encoder: 'cnn' as const, seed: 1 },
    { encoder: small, seed: 2 },
  ]) {
    const model = createSimclrModel(options);
    const optimizer = createOptimizer({ name: 'adam', learningRate: 1e-2 });
    trainABit(model, optimizer);
    const path = join(dir, `model-${options.seed}.ckpt`);
    const before = tf.memory().numTensors;
    await saveCheckpoint(path, { model, optimizer, step: 3, meta: { note: 'test', history: [1, 2] } });
    assert.equal(tf.memory().numTensors, before, 'saving leaked tensors');
    const loaded = await loadCheckpoint(path);
    assert.equal(loaded.step, 3);
    assert.deepEqual(loaded.meta, { note: 'test', history: [1, 2] });
    assert.deepEqual(loaded.model.config, model.config);
    tf.tidy(() => {
      const x = tf.randomUniform([6, 28, 28, 1], 0, 1, 'float32', 9) as tf.Tensor4D;
      assert.deepEqual(loaded.model.embed(x).dataSync(), model.embed(x).dataSync());
      assert.deepEqual(loaded.model.project(x).dataSync(), model.project(x).dataSync());
      // and differ from a fresh model with the same seed (training moved them)
      const fresh = createSimclrModel(options);
      assert.notDeepEqual(fresh.embed(x).dataSync(), model.embed(x).dataSync());
      fresh.dispose();
    });
    loaded.model.dispose();
    // the optimiser state is in the file, in getWeights() order
    const contents = await readCheckpoint(path);
    assert.equal(contents.optimizerWeights.length, 1 + 2 * model.trainableVariables().length);
    assert.equal(contents.optimizerWeights[0].tensor.dataSync()[0], 3);
    tf.dispose([...contents.modelWeights, ...contents.optimizerWeights].map((w) => w.tensor));
    model.dispose();
    optimizer.dispose();
  }
});

test('saving is atomic: no temporary files remain and an existing checkpoint is replaced whole', async () => {
  const model = createSimclrModel({ encoder: 'cnn', seed: 3 });
  const path = join(dir, 'replace.ckpt');
  await saveCheckpoint(path, { model, step: 1 });
  await saveCheckpoint(path, { model, step: 2 });
  assert.equal(
    await loadCheckpoint(path).then((l) => {
      l.model.dispose();
      return l.step;
    }),
    2,
  );
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.includes('replace')),
    ['replace.ckpt'],
  );
  // a failed write (folder missing) leaves nothing behind and throws
  await assert.rejects(saveCheckpoint(join(dir, 'missing', 'x.ckpt'), { model, step: 1 }), /ENOENT/);
  model.dispose();
});

test('bad checkpoint files give errors naming the file', async () => {
  const model = createSimclrModel({ encoder: 'cnn', seed: 4 });
  const good = join(dir, 'good.ckpt');
  await saveCheckpoint(good, { model, step: 1 });
  const bytes = readFileSync(good);
  const cases: [string, Buffer, RegExp][] = [
    ['magic.ckpt', Buffer.from('not a checkpoint at all'), /not a Look Twice checkpoint/],
    ['short.ckpt', bytes.subarray(0, 6), /not a Look Twice checkpoint/],
    ['header.ckpt', bytes.subarray(0, 40), /truncated checkpoint \(header\)/],
    ['data.ckpt', bytes.subarray(0, bytes.length - 100), /checksum mismatch: the file is corrupted or truncated/],
  ];
  const before = tf.memory().numTensors;
  for (const [name, content, message] of cases) {
    const path = join(dir, name);
    writeFileSync(path, content);
    await assert.rejects(loadCheckpoint(path), (e: Error) => message.test(e.message) && e.message.includes(path));
  }
  assert.equal(tf.memory().numTensors, before, 'failed loads leaked tensors');
  await assert.rejects(loadCheckpoint(join(dir, 'nope.ckpt')), /ENOENT/);
  model.dispose();
});
