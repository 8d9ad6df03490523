/**
 * Training checkpoints: one binary file holding the model config, every model weight (batch-norm
 * statistics included), the optimiser's state and step, the training method's own tensors, and the
 * training options, so a run can be resumed exactly. Written atomically: to a temporary file in the
 * same folder, flushed, then renamed over the target, so a crash mid-write never leaves a half
 * checkpoint (and the leftovers of killed saves are removed by the next save or load).
 *
 * Layout (version 2): 8-byte magic "LTCKPT02", uint32 LE header length, UTF-8 JSON header (padded
 * to 4 bytes with spaces; see checkpointHeader.ts), the raw little-endian tensor data the header
 * indexes, then a SHA-256 of every byte before it, so a flipped or zeroed byte anywhere is an error,
 * never silently different weights. Version 1 files ("LTCKPT01", no checksum) are still read.
 */
import { createHash } from 'node:crypto';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { tf } from '../tf';
import { SimclrModel } from '../models/simclrModel';
import { isDualEncoderConfig, type DualEncoder } from '../multimodal/dualEncoder';
import {
  parseCheckpointHeader,
  type CheckpointHeader,
  type CheckpointModelConfig,
  type Json,
  type TensorEntry,
} from './checkpointHeader';
import { checkpointTempPath, removeStaleCheckpointTemps } from './checkpointTemp';

const MAGIC = { 1: Buffer.from('LTCKPT01', 'latin1'), 2: Buffer.from('LTCKPT02', 'latin1') } as const;
const PREFIX_BYTES = 12;
const CHECKSUM_BYTES = 32;

/** What a checkpoint file holds, with its tensors materialised (the caller disposes them). */
export interface CheckpointContents {
  modelConfig: CheckpointModelConfig;
  /** Optimisation steps completed when it was saved. */
  step: number;
  /** Free-form JSON the trainer stores (options, optimiser name, history). */
  meta: Record<string, Json>;
  /** Model weights in the model's namedWeights() order. */
  modelWeights: { name: string; tensor: tf.Tensor }[];
  /** Optimiser weights as tf.Optimizer.getWeights() returned them. */
  optimizerWeights: { name: string; tensor: tf.Tensor }[];
  /** The training method's own state (target network, queue, memory bank, predictor), in its order. */
  methodState: { name: string; tensor: tf.Tensor }[];
}

export interface SaveCheckpointInput {
  /** A SimCLR model, or a two-tower CLIP/CLAP model (its tokenizer is in its config). */
  model: SimclrModel | DualEncoder;
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
  const header: CheckpointHeader = {
    format: 'look-twice-checkpoint',
    version: 2,
    modelConfig: input.model.config,
    step: input.step,
    meta: input.meta ?? {},
    tensors: entries,
  };
  const headerText = JSON.stringify(header);
  // What is written must read back: the same validation as a load, before anything touches the disk.
  try {
    parseCheckpointHeader(headerText, offset);
  } catch (error) {
    throw new Error(`${path}: refusing to save an unreadable checkpoint: ${(error as Error).message}`);
  }
  let headerBytes = Buffer.from(headerText, 'utf8');
  if (headerBytes.length % 4 !== 0)
    headerBytes = Buffer.concat([headerBytes, Buffer.alloc(4 - (headerBytes.length % 4), 0x20)]);
  const prefix = Buffer.alloc(PREFIX_BYTES);
  MAGIC[2].copy(prefix, 0);
  prefix.writeUInt32LE(headerBytes.length, 8);
  const hash = createHash('sha256');
  for (const part of [prefix, headerBytes, ...chunks]) hash.update(part);
  const checksum = hash.digest();

  await removeStaleCheckpointTemps(path);
  const temp = checkpointTempPath(path);
  try {
    const file = await open(temp, 'w');
    try {
      await file.writev([prefix, headerBytes, ...chunks, checksum]);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new Error(`${path}: could not save the checkpoint (${(error as Error).message})`, { cause: error });
  }
}

/** Reads and validates a checkpoint file; errors name the file and the problem, and leave no tensors behind. */
export async function readCheckpoint(path: string): Promise<CheckpointContents> {
  await removeStaleCheckpointTemps(path);
  const info = await stat(path);
  if (!info.isFile()) throw new Error(`${path}: not a regular file, so not a checkpoint`);
  const buffer = await readFile(path);
  let header: CheckpointHeader;
  let dataStart: number;
  try {
    ({ header, dataStart } = parseLayout(buffer));
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
  const contents: CheckpointContents = {
    modelConfig: header.modelConfig,
    step: header.step,
    meta: header.meta,
    modelWeights: [],
    optimizerWeights: [],
    methodState: [],
  };
  try {
    for (const entry of header.tensors) {
      const start = dataStart + entry.byteOffset;
      const bytes = buffer.buffer.slice(buffer.byteOffset + start, buffer.byteOffset + start + entry.byteLength);
      const values = entry.dtype === 'int32' ? new Int32Array(bytes) : new Float32Array(bytes);
      const tensor = tf.tensor(values, entry.shape, entry.dtype);
      const group =
        entry.group === 'model'
          ? contents.modelWeights
          : entry.group === 'optimizer'
            ? contents.optimizerWeights
            : contents.methodState;
      group.push({ name: entry.name, tensor });
    }
  } catch (error) {
    disposeCheckpointContents(contents);
    throw new Error(`${path}: ${(error as Error).message}`);
  }
  return contents;
}

/** Magic, header length, checksum (version 2), header: where the tensor data starts. */
function parseLayout(buffer: Buffer): { header: CheckpointHeader; dataStart: number } {
  const magic = buffer.subarray(0, 8);
  const version = magic.equals(MAGIC[2]) ? 2 : magic.equals(MAGIC[1]) ? 1 : undefined;
  if (buffer.length < PREFIX_BYTES || version === undefined)
    throw new Error('not a Look Twice checkpoint (bad magic number)');
  const end = version === 2 ? buffer.length - CHECKSUM_BYTES : buffer.length;
  const headerLength = buffer.readUInt32LE(8);
  if (PREFIX_BYTES + headerLength > end) throw new Error('truncated checkpoint (header)');
  if (headerLength % 4 !== 0) throw new Error(`header length ${headerLength} is not a multiple of 4`);
  if (version === 2) {
    const expected = createHash('sha256').update(buffer.subarray(0, end)).digest();
    if (!expected.equals(buffer.subarray(end)))
      throw new Error('checksum mismatch: the file is corrupted or truncated');
  }
  const dataStart = PREFIX_BYTES + headerLength;
  const header = parseCheckpointHeader(buffer.toString('utf8', PREFIX_BYTES, dataStart), end - dataStart);
  if (header.version !== version)
    throw new Error(`header.version ${header.version} does not match the file's magic (version ${version})`);
  return { header, dataStart };
}

/**
 * Rebuilds the model a checkpoint was saved from, with its weights.
 * @returns the model and the number of steps it had been trained for
 */
export async function loadCheckpoint(
  path: string,
): Promise<{ model: SimclrModel; step: number; meta: Record<string, Json> }> {
  const contents = await readCheckpoint(path);
  let model: SimclrModel | undefined;
  try {
    if (isDualEncoderConfig(contents.modelConfig))
      throw new Error('holds a two-tower (CLIP/CLAP) model: load it with loadDualEncoder');
    model = new SimclrModel(contents.modelConfig);
    model.setWeights(contents.modelWeights.map((w) => w.tensor));
  } catch (error) {
    model?.dispose();
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
