// Fuzz target of checkpoint reading: byte mutations and header-field edits of a real checkpoint
// (with a recomputed checksum, so the field validation itself is exercised). Contract: the same
// contents as saved, or an Error starting with the file's path; never a tensor left behind.
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../../../src/simclr/tf';
import { createSimclrModel } from '../../../src/simclr/models/simclrModel';
import { createOptimizer } from '../../../src/simclr/train/optimizers';
import {
  disposeCheckpointContents,
  readCheckpoint,
  saveCheckpoint,
  type CheckpointContents,
} from '../../../src/simclr/train/checkpoint';
import { byteMutation, mutate, type ByteMutation, type FuzzTarget, type Outcome } from '../fuzzTarget';

type Case =
  | { kind: 'bytes'; mutations: ByteMutation[] }
  | { kind: 'header'; path: string[]; value: unknown; rechecksum: boolean };

const FIELDS = [
  'step',
  'version',
  'format',
  'meta',
  'tensors',
  'modelConfig',
  'tensors.0.dtype',
  'tensors.0.shape',
  'tensors.1.byteOffset',
  'tensors.1.byteLength',
  'tensors.2.group',
  'tensors.2.name',
  'modelConfig.headWidths',
  'modelConfig.encoder.kind',
  'tensors.3.shape.0',
];
const values = fc.oneof(
  fc.constantFrom<unknown>('5', -1, 2.5, 1e9, -4, 2, 0, null, [], {}, 'float3:', [1e9], [-1, 3], 'weights', true),
  fc.jsonValue({ maxDepth: 2 }),
);

interface Seed {
  bytes: Buffer;
  summary: string;
}

/** Everything a checkpoint holds, as one string to compare. */
function summarize(contents: CheckpointContents): string {
  const tensors = [...contents.modelWeights, ...contents.optimizerWeights, ...(contents.methodState ?? [])].map(
    (w) =>
      `${w.name}:${w.tensor.dtype}:${w.tensor.shape.join('x')}:${createHash('sha256')
        .update(Buffer.from((w.tensor.dataSync() as Float32Array).buffer))
        .digest('hex')}`,
  );
  return JSON.stringify({ config: contents.modelConfig, step: contents.step, meta: contents.meta, tensors });
}

export async function checkpointTarget(): Promise<FuzzTarget<Case>> {
  const dir = mkdtempSync(join(tmpdir(), 'lt-fuzz-ckpt-'));
  const model = createSimclrModel({
    encoder: { kind: 'cnn', widths: [8, 8], strides: [1, 2] },
    inputShape: [8, 8, 1],
    headWidths: [8, 8],
    seed: 1,
  });
  const optimizer = createOptimizer({ name: 'adam', learningRate: 1e-2 });
  tf.tidy(() => {
    optimizer.minimize(
      () => tf.mean(tf.square(model.projectForTraining(tf.ones([2, 8, 8, 1])))) as tf.Scalar,
      false,
      model.trainableVariables(),
    );
  });
  const path = join(dir, 'seed.ckpt');
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
  model.dispose();
  optimizer.dispose();
  const contents = await readCheckpoint(path);
  const seed: Seed = { bytes: readFileSync(path), summary: summarize(contents) };
  disposeCheckpointContents(contents);
  return {
    name: 'checkpoints: read',
    cases: fc.oneof(
      fc.record({
        kind: fc.constant('bytes' as const),
        mutations: fc.array(byteMutation, { minLength: 1, maxLength: 3 }),
      }),
      fc.record({
        kind: fc.constant('header' as const),
        path: fc.constantFrom(...FIELDS).map((f) => f.split('.')),
        value: values,
        rechecksum: fc.boolean(),
      }),
    ),
    async run(input, index): Promise<Outcome> {
      const bytes =
        input.kind === 'bytes'
          ? mutate(seed.bytes, input.mutations)
          : editHeader(seed.bytes, input.path, input.value, input.rechecksum);
      const file = join(dir, `${index}.ckpt`);
      writeFileSync(file, bytes);
      const before = tf.memory().numTensors;
      let outcome: Outcome;
      try {
        const read = await readCheckpoint(file);
        const same = summarize(read) === seed.summary;
        // A header edit with a fresh checksum is a well-formed, different checkpoint: it may load when every field is valid.
        const wellFormed =
          input.kind === 'header' &&
          input.rechecksum &&
          Number.isSafeInteger(read.step) &&
          read.step >= 0 &&
          typeof read.meta === 'object' &&
          read.meta !== null &&
          !Array.isArray(read.meta);
        disposeCheckpointContents(read);
        outcome =
          same || wellFormed
            ? { kind: 'ok' }
            : {
                kind: 'failure',
                why: `a corrupted checkpoint loaded silently (${input.kind === 'header' ? `${input.path.join('.')} = ${JSON.stringify(input.value)}` : 'bytes changed'})`,
              };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        outcome = message.startsWith(`${file}: `)
          ? { kind: 'clean' }
          : { kind: 'failure', why: `error without the path: ${message}` };
      } finally {
        rmSync(file, { force: true });
      }
      const leaked = tf.memory().numTensors - before;
      return leaked !== 0 && outcome.kind !== 'failure'
        ? { kind: 'failure', why: `${leaked} tensors leaked` }
        : outcome;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The file with one header field set (version 2 files get a recomputed checksum when asked). */
function editHeader(bytes: Buffer, path: string[], value: unknown, rechecksum: boolean): Buffer {
  const versioned = bytes.toString('latin1', 0, 8) === 'LTCKPT02';
  const headerLength = bytes.readUInt32LE(8);
  const header = JSON.parse(bytes.toString('utf8', 12, 12 + headerLength)) as Record<string, unknown>;
  let target: Record<string, unknown> = header;
  for (const key of path.slice(0, -1)) {
    const next = target[key];
    if (typeof next !== 'object' || next === null) return bytes;
    target = next as Record<string, unknown>;
  }
  target[path[path.length - 1]] = value;
  let text = Buffer.from(JSON.stringify(header));
  if (text.length % 4 !== 0) text = Buffer.concat([text, Buffer.alloc(4 - (text.length % 4), 0x20)]);
  const prefix = Buffer.from(bytes.subarray(0, 12));
  prefix.writeUInt32LE(text.length, 8);
  const end = versioned ? bytes.length - 32 : bytes.length;
  const body = Buffer.concat([prefix, text, bytes.subarray(12 + headerLength, end)]);
  if (!versioned) return body;
  return Buffer.concat([body, rechecksum ? createHash('sha256').update(body).digest() : bytes.subarray(end)]);
}
