// Corrupted checkpoints (issue 12, items 12-14): every header field validated with the file named,
// a checksum that catches flipped and zeroed bytes, no tensor left behind by a failed load, and the
// temporary files of killed saves removed by the next save or load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../../../src/simclr/tf';
import { createSimclrModel } from '../../../src/simclr/models/simclrModel';
import { createOptimizer } from '../../../src/simclr/train/optimizers';
import {
  loadCheckpoint,
  readCheckpoint,
  saveCheckpoint,
  disposeCheckpointContents,
} from '../../../src/simclr/train/checkpoint';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import { asVersion1, joinCheckpoint, splitCheckpoint } from './checkpointFile';

const dir = mkdtempSync(join(tmpdir(), 'look-twice-ckpt-bad-'));
let good: Buffer;
test.before(async () => {
  await initBackend();
  const model = createSimclrModel({ encoder: 'cnn', seed: 4 });
  const optimizer = createOptimizer({ name: 'adam', learningRate: 1e-2 });
  // One Adam step, so the optimiser has state to save.
  tf.tidy(() => {
    optimizer.minimize(
      () => tf.mean(tf.square(model.projectForTraining(tf.ones([2, 28, 28, 1])))) as tf.Scalar,
      false,
      model.trainableVariables(),
    );
  });
  const path = join(dir, 'good.ckpt');
  await saveCheckpoint(path, {
    model,
    optimizer,
    step: 5,
    methodState: [
      {
        name: 'queue',
        tensor: tf.tensor2d([
          [1, 2],
          [3, 4],
        ]),
      },
    ],
    meta: { note: 'x' },
  });
  good = readFileSync(path);
  model.dispose();
  optimizer.dispose();
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

type Header = Record<string, unknown> & { tensors: Record<string, unknown>[] };
/** Header edits, each written with a fresh checksum so that the field validation is what must object. */
const headerCases: [string, (h: Header) => unknown, RegExp][] = [
  ['step as a string', (h) => (h.step = '5'), /header\.step must be a non-negative integer, got "5"/],
  ['negative step', (h) => (h.step = -1), /header\.step/],
  ['fractional step', (h) => (h.step = 2.5), /header\.step/],
  ['tensors not iterable', (h) => (h.tensors = 7 as never), /header\.tensors must be an array/],
  [
    'unknown dtype',
    (h) => (h.tensors[0].dtype = 'float3:'),
    /header\.tensors\[0\]\.dtype must be float32 or int32, got "float3:"/,
  ],
  ['negative byteOffset', (h) => (h.tensors[1].byteOffset = -4), /header\.tensors\[1\]\.byteOffset must be \d+/],
  [
    'unaligned byteOffset',
    (h) => (h.tensors[1].byteOffset = (h.tensors[1].byteOffset as number) + 2),
    /byteOffset must be/,
  ],
  ['byteLength not the shape', (h) => (h.tensors[0].byteLength = 4), /byteLength must be/],
  ['shape with a negative size', (h) => (h.tensors[0].shape = [-1, 3]), /shape must be/],
  ['shape not an array', (h) => (h.tensors[0].shape = 'abc'), /shape must be/],
  ['unknown group', (h) => (h.tensors[0].group = 'weights'), /group must be one of/],
  ['name not a string', (h) => (h.tensors[0].name = 5), /name must be a string/],
  ['entry not an object', (h) => (h.tensors[0] = null as never), /header\.tensors\[0\] must be an object/],
  ['a tensor dropped (data left over)', (h) => h.tensors.pop(), /bytes of tensor data that no header entry describes/],
  ['wrong format', (h) => (h.format = 'other'), /header\.format/],
  ['unknown version', (h) => (h.version = 3), /unsupported checkpoint version 3/],
  ['version 1 under a version 2 magic', (h) => (h.version = 1), /does not match the file's magic/],
  ['meta an array', (h) => (h.meta = []), /header\.meta must be an object/],
  ['model config missing', (h) => delete h.modelConfig, /header\.modelConfig must be an object/],
  [
    'model config with a huge head',
    (h) => ((h.modelConfig as { headWidths: number[] }).headWidths = [1e9]),
    /headWidths must be integers/,
  ],
  [
    'model config of an unknown encoder',
    (h) => ((h.modelConfig as { encoder: { kind: string } }).encoder.kind = 'vit'),
    /not a model config/,
  ],
];

async function rejectsNamingFile(bytes: Buffer, name: string, message: RegExp): Promise<void> {
  const path = join(dir, `${name.replace(/\W+/g, '-')}.ckpt`);
  writeFileSync(path, bytes);
  const before = tf.memory().numTensors;
  await assert.rejects(readCheckpoint(path), (e: Error) => {
    assert.ok(e.message.startsWith(`${path}: `), `${name}: the error names the file: ${e.message}`);
    assert.match(e.message, message, name);
    return true;
  });
  await assert.rejects(loadCheckpoint(path), (e: Error) => e.message.startsWith(`${path}: `));
  assert.equal(tf.memory().numTensors, before, `${name}: a failed load leaked tensors`);
}

for (const [name, edit, message] of headerCases) {
  test(`checkpoint header: ${name} is rejected, naming the file, nothing leaked`, async () => {
    const parts = splitCheckpoint(good);
    edit(parts.header as Header);
    await rejectsNamingFile(joinCheckpoint(parts), name, message);
  });
}

test('checkpoint: the magic number is compared byte for byte (a set high bit is not "L")', async () => {
  const bytes = Buffer.from(good);
  bytes[0] |= 0x80;
  await rejectsNamingFile(bytes, 'high-bit', /bad magic number/);
});

test('checkpoint: a flipped, zeroed or edited byte anywhere is a checksum error', async () => {
  const { data } = splitCheckpoint(good);
  const dataStart = good.length - 32 - data.length;
  const flipped = Buffer.from(good);
  flipped[dataStart + 100] ^= 0x01;
  await rejectsNamingFile(flipped, 'flipped', /checksum mismatch/);
  const zeroed = Buffer.from(good);
  zeroed.fill(0, dataStart, dataStart + 4096);
  await rejectsNamingFile(zeroed, 'zeroed', /checksum mismatch/);
  // A step rewritten as 1e9 with the old checksum: the header is covered too.
  const parts = splitCheckpoint(good);
  await rejectsNamingFile(
    joinCheckpoint({ ...parts, header: { ...parts.header, step: 1e9 } }, 'kept'),
    'step-1e9',
    /checksum mismatch/,
  );
});

test('checkpoint: version 1 files (no checksum) still load, with the same validation', async () => {
  const path = join(dir, 'v1.ckpt');
  writeFileSync(path, asVersion1(good));
  const contents = await readCheckpoint(path);
  assert.equal(contents.step, 5);
  assert.deepEqual(
    contents.methodState.map((w) => w.name),
    ['queue'],
  );
  assert.deepEqual([...contents.methodState[0].tensor.dataSync()], [1, 2, 3, 4]);
  disposeCheckpointContents(contents);
  const parts = splitCheckpoint(good);
  const badV1 = joinCheckpoint({
    ...parts,
    magic: Buffer.from('LTCKPT01'),
    header: { ...parts.header, version: 1, step: '5' },
  });
  await rejectsNamingFile(badV1.subarray(0, badV1.length - 32), 'v1-step-string', /header\.step/);
});

test('checkpoint: a folder or a FIFO is not read as a checkpoint', async () => {
  const folder = join(dir, 'folder.ckpt');
  mkdirSync(folder, { recursive: true });
  await assert.rejects(readCheckpoint(folder), (e: Error) => e.message.startsWith(`${folder}: not a regular file`));
});

test('checkpoint: temporary files of killed saves are removed by the next save and load; live writers are left alone', async () => {
  const model = createSimclrModel({ encoder: 'cnn', seed: 6 });
  const sub = mkdtempSync(join(dir, 'temps-'));
  const path = join(sub, 'run.ckpt');
  const deadWriter = join(sub, '.run.ckpt.2147483646-1700000000000-abc123.tmp');
  const oldUnnamed = join(sub, '.run.ckpt.1700000000000-zz9.tmp');
  const liveWriter = join(sub, '.run.ckpt.1-1700000000000-def456.tmp');
  const otherCheckpoint = join(sub, '.other.ckpt.2147483646-1-abc.tmp');
  for (const file of [deadWriter, oldUnnamed, liveWriter, otherCheckpoint]) writeFileSync(file, 'partial');
  utimesSync(oldUnnamed, new Date(Date.now() - 2 * 3600_000), new Date(Date.now() - 2 * 3600_000));
  await saveCheckpoint(path, { model, step: 1 });
  assert.deepEqual(readdirSync(sub).sort(), [
    '.other.ckpt.2147483646-1-abc.tmp',
    '.run.ckpt.1-1700000000000-def456.tmp',
    'run.ckpt',
  ]);
  writeFileSync(deadWriter, 'partial again');
  disposeCheckpointContents(await readCheckpoint(path));
  assert.equal(existsSync(deadWriter), false, 'a load removes them too');
  model.dispose();
});

test('checkpoint: a failed save says which file and why, and leaves no temporary file', async () => {
  const model = createSimclrModel({ encoder: 'cnn', seed: 7 });
  const sub = mkdtempSync(join(dir, 'fail-'));
  const target = join(sub, 'is-a-folder.ckpt');
  mkdirSync(target);
  await assert.rejects(saveCheckpoint(target, { model, step: 1 }), (e: Error) =>
    e.message.startsWith(`${target}: could not save the checkpoint`),
  );
  await assert.rejects(
    saveCheckpoint(join(sub, 'x.ckpt'), { model, step: -3 }),
    /refusing to save an unreadable checkpoint: header\.step/,
  );
  assert.deepEqual(readdirSync(sub), ['is-a-folder.ckpt']);
  model.dispose();
});
