/**
 * Training checkpoints: one binary file holding the model config, every model weight (batch-norm
 * statistics included), the optimiser's state and step, and the training options, so a run can be
 * resumed exactly. Written atomically: to a temporary file in the same folder, flushed, then
 * renamed over the target, so a crash mid-write never leaves a half checkpoint.
 *
 * Layout: 8-byte magic "LTCKPT01", uint32 LE header length, UTF-8 JSON header (padded to 4 bytes),
 * then the raw little-endian tensor data the header indexes.
 */
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { tf } from '../tf';
import type { SimclrModelConfig } from '../models/simclrModel';
import { SimclrModel } from '../models/simclrModel';

const MAGIC = 'LTCKPT01';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

interface TensorEntry {
  group: 'model' | 'optimizer' | 'method';
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  byteOffset: number;
  byteLength: number;
}

interface Header {
  format: 'look-twice-checkpoint';
  version: 1;
  modelConfig: SimclrModelConfig;
  step: number;
  meta: Record<string, Json>;
  tensors: TensorEntry[];
}

/** What a checkpoint file holds, with its tensors materialised (the caller disposes them). */
export interface CheckpointContents {
  modelConfig: SimclrModelConfig;
  /** Optimisation steps completed when it was saved. */
  step: number;
  /** Free-form JSON the trainer stores (options, optimiser name, history). */
  meta: Record<string, Json>;
  /** Model weights in SimclrModel.namedWeights() order. */
  modelWeights: { name: string; tensor: tf.Tensor }[];
  /** Optimiser weights as tf.Optimizer.getWeights() returned them. */
  optimizerWeights: { name: string; tensor: tf.Tensor }[];
  /** The training method's own state (target network, queue, memory bank, predictor), in its order. */
  methodState: { name: string; tensor: tf.Tensor }[];
}

export interface SaveCheckpointInput {
  model: SimclrModel;
  optimizer?: tf.Optimizer;
  /** Tensors of the training method's state (MethodTrainer.state()). */
  methodState?: { name: string; tensor: tf.Tensor }[];
  step: number;
  meta?: Record<string, Json>;
}

/** Writes a checkpoint to `path` atomically (temp file + rename). */
export async function saveCheckpoint(path: string, input: SaveCheckpointInput): Promise<void> {
  const optimizerWeights = input.optimizer ? await input.optimizer.getWeights() : [];
  const groups: [TensorEntry['group'], { name: string; tensor: tf.Tensor }[]][] = [
    ['model', input.model.namedWeights()],
    ['optimizer', optimizerWeights],
    ['method', input.methodState ?? []],
  ];
  const entries: TensorEntry[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [group, list] of groups) {
    for (const { name, tensor } of list) {
      const dtype = tensor.dtype === 'int32' ? 'int32' : 'float32';
      const data = dtype === 'int32' ? Int32Array.from(await tensor.data()) : Float32Array.from(await tensor.data());
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      entries.push({ group, name, shape: [...tensor.shape], dtype, byteOffset: offset, byteLength: bytes.byteLength });
      chunks.push(bytes);
      offset += bytes.byteLength;
    }
  }
  // getWeights() returns a fresh scalar for the iteration count; the rest are the optimiser's own variables.
  if (optimizerWeights.length > 0) optimizerWeights[0].tensor.dispose();
  const header: Header = { format: 'look-twice-checkpoint', version: 1, modelConfig: input.model.config, step: input.step, meta: input.meta ?? {}, tensors: entries };
  let headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  if (headerBytes.length % 4 !== 0) headerBytes = Buffer.concat([headerBytes, Buffer.alloc(4 - (headerBytes.length % 4), 0x20)]);
  const prefix = Buffer.alloc(12);
  prefix.write(MAGIC, 0, 'ascii');
  prefix.writeUInt32LE(headerBytes.length, 8);

  const temp = join(dirname(path), `.${basename(path)}.${Date.now()}-${Math.random().toString(36).slice(2)}.tmp`);
  const file = await open(temp, 'w');
  try {
    await file.writev([prefix, headerBytes, ...chunks]);
    await file.sync();
  } catch (error) {
    await file.close();
    await rm(temp, { force: true });
    throw error;
  }
  await file.close();
  await rename(temp, path);
}

/** Reads and validates a checkpoint file; errors name the file and the problem. */
export async function readCheckpoint(path: string): Promise<CheckpointContents> {
  const buffer = await readFile(path);
  if (buffer.length < 12 || buffer.toString('ascii', 0, 8) !== MAGIC) {
    throw new Error(`${path}: not a Look Twice checkpoint (bad magic number)`);
  }
  const headerLength = buffer.readUInt32LE(8);
  if (12 + headerLength > buffer.length) throw new Error(`${path}: truncated checkpoint (header)`);
  let header: Header;
  try {
    header = JSON.parse(buffer.toString('utf8', 12, 12 + headerLength)) as Header;
  } catch (error) {
    throw new Error(`${path}: unreadable checkpoint header (${(error as Error).message})`);
  }
  if (header.format !== 'look-twice-checkpoint' || header.version !== 1) throw new Error(`${path}: unsupported checkpoint format/version`);
  const dataStart = 12 + headerLength;
  const contents: CheckpointContents = { modelConfig: header.modelConfig, step: header.step, meta: header.meta, modelWeights: [], optimizerWeights: [], methodState: [] };
  for (const entry of header.tensors) {
    const start = dataStart + entry.byteOffset;
    if (start + entry.byteLength > buffer.length) {
      disposeCheckpointContents(contents);
      throw new Error(`${path}: truncated checkpoint (tensor ${entry.name})`);
    }
    const bytes = buffer.buffer.slice(buffer.byteOffset + start, buffer.byteOffset + start + entry.byteLength);
    const values = entry.dtype === 'int32' ? new Int32Array(bytes) : new Float32Array(bytes);
    const tensor = tf.tensor(values, entry.shape, entry.dtype);
    const group = entry.group === 'model' ? contents.modelWeights : entry.group === 'optimizer' ? contents.optimizerWeights : contents.methodState;
    group.push({ name: entry.name, tensor });
  }
  return contents;
}

/**
 * Rebuilds the model a checkpoint was saved from, with its weights.
 * @returns the model and the number of steps it had been trained for
 */
export async function loadCheckpoint(path: string): Promise<{ model: SimclrModel; step: number; meta: Record<string, Json> }> {
  const contents = await readCheckpoint(path);
  const model = new SimclrModel(contents.modelConfig);
  try {
    model.setWeights(contents.modelWeights.map((w) => w.tensor));
  } catch (error) {
    model.dispose();
    throw new Error(`${path}: ${(error as Error).message}`);
  } finally {
    disposeCheckpointContents(contents);
  }
  return { model, step: contents.step, meta: contents.meta };
}

/** Frees every tensor `readCheckpoint` materialised. */
export function disposeCheckpointContents(contents: CheckpointContents): void {
  tf.dispose([...contents.modelWeights, ...contents.optimizerWeights, ...contents.methodState].map((w) => w.tensor));
}

export type { Json as CheckpointJson };
