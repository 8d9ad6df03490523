/**
 * The JSON header of a checkpoint file and its validation. Every field is checked before any
 * tensor is made, so a corrupted or hand-made header gives one clear error (the caller prefixes
 * the file's path) and allocates nothing: tensor entries must tile the data region exactly, in
 * order, each `byteLength` equal to its shape's element count times 4.
 */
import { resolveSimclrModelConfig, type SimclrModelConfig } from '../models/simclrModel';
import { checkDualEncoderConfig, isDualEncoderConfig, type DualEncoderConfig } from '../multimodal/dualEncoder';

/** The configs a checkpoint can rebuild its model from: a SimCLR model or a two-tower (CLIP/CLAP) model. */
export type CheckpointModelConfig = SimclrModelConfig | DualEncoderConfig;

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export const TENSOR_GROUPS = ['model', 'optimizer', 'method'] as const;
export type TensorGroup = (typeof TENSOR_GROUPS)[number];
export const TENSOR_DTYPES = ['float32', 'int32'] as const;

export interface TensorEntry {
  group: TensorGroup;
  name: string;
  shape: number[];
  dtype: (typeof TENSOR_DTYPES)[number];
  byteOffset: number;
  byteLength: number;
}

export interface CheckpointHeader {
  format: 'look-twice-checkpoint';
  /** 1: no checksum (still read); 2: a SHA-256 of everything before it ends the file. */
  version: 1 | 2;
  modelConfig: CheckpointModelConfig;
  step: number;
  meta: Record<string, Json>;
  tensors: TensorEntry[];
}

/** Rank above which a shape is not a weight of ours. */
const MAX_RANK = 8;
/** Widest projection layer a checkpoint may ask to build. */
const MAX_HEAD_WIDTH = 65_536;

/** Parses and validates a header; throws an Error saying which field is wrong. `dataLength`: bytes of tensor data. */
export function parseCheckpointHeader(text: string, dataLength: number): CheckpointHeader {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`unreadable checkpoint header (${(error as Error).message})`);
  }
  const header = record(raw, 'header');
  if (header.format !== 'look-twice-checkpoint')
    throw new Error(`header.format is ${show(header.format)}, not "look-twice-checkpoint"`);
  if (header.version !== 1 && header.version !== 2)
    throw new Error(`unsupported checkpoint version ${show(header.version)} (this version reads 1 and 2)`);
  const step = header.step;
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0)
    throw new Error(`header.step must be a non-negative integer, got ${show(step)}`);
  const meta = record(header.meta, 'header.meta') as Record<string, Json>;
  const modelConfig = checkModelConfig(header.modelConfig);
  if (!Array.isArray(header.tensors)) throw new Error(`header.tensors must be an array, got ${show(header.tensors)}`);
  const tensors = checkTensors(header.tensors, dataLength);
  return { format: 'look-twice-checkpoint', version: header.version, modelConfig, step, meta, tensors };
}

function checkModelConfig(value: unknown): CheckpointModelConfig {
  const config = record(value, 'header.modelConfig');
  if (isDualEncoderConfig(config)) {
    try {
      return checkDualEncoderConfig(config);
    } catch (error) {
      throw new Error(`header.modelConfig is not a model config: ${(error as Error).message}`);
    }
  }
  const widths = config.headWidths;
  if (
    !Array.isArray(widths) ||
    widths.length === 0 ||
    !widths.every((w) => Number.isInteger(w) && w >= 1 && w <= MAX_HEAD_WIDTH)
  ) {
    throw new Error(`header.modelConfig.headWidths must be integers in [1, ${MAX_HEAD_WIDTH}], got ${show(widths)}`);
  }
  let resolved: SimclrModelConfig;
  try {
    resolved = resolveSimclrModelConfig(config as never);
  } catch (error) {
    throw new Error(`header.modelConfig is not a model config: ${(error as Error).message}`);
  }
  if (JSON.stringify(resolved) !== JSON.stringify(config))
    throw new Error(`header.modelConfig is not a complete model config: ${show(config)}`);
  return resolved;
}

function checkTensors(list: unknown[], dataLength: number): TensorEntry[] {
  const entries: TensorEntry[] = [];
  let offset = 0;
  for (const [index, value] of list.entries()) {
    const at = `header.tensors[${index}]`;
    const { group, name, shape, dtype, byteOffset, byteLength } = record(value, at);
    if (!TENSOR_GROUPS.includes(group as TensorGroup))
      throw new Error(`${at}.group must be one of ${TENSOR_GROUPS.join(', ')}, got ${show(group)}`);
    if (typeof name !== 'string') throw new Error(`${at}.name must be a string, got ${show(name)}`);
    if (!TENSOR_DTYPES.includes(dtype as TensorEntry['dtype']))
      throw new Error(`${at}.dtype must be float32 or int32, got ${show(dtype)}`);
    if (!Array.isArray(shape) || shape.length > MAX_RANK || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new Error(`${at}.shape must be at most ${MAX_RANK} non-negative integers, got ${show(shape)}`);
    }
    const dims = shape as number[];
    const length = dims.reduce((n, d) => n * d, 1) * 4;
    if (byteOffset !== offset)
      throw new Error(`${at}.byteOffset must be ${offset} (right after the previous tensor), got ${show(byteOffset)}`);
    if (byteLength !== length)
      throw new Error(`${at}.byteLength must be ${length} for shape [${dims.join(', ')}], got ${show(byteLength)}`);
    if (offset + length > dataLength)
      throw new Error(
        `truncated checkpoint (tensor ${name} needs bytes up to ${offset + length}, the data has ${dataLength})`,
      );
    entries.push({
      group: group as TensorGroup,
      name,
      shape: [...dims],
      dtype: dtype as TensorEntry['dtype'],
      byteOffset: offset,
      byteLength: length,
    });
    offset += length;
  }
  if (offset !== dataLength)
    throw new Error(`${dataLength - offset} bytes of tensor data that no header entry describes`);
  return entries;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${what} must be an object, got ${show(value)}`);
  return value as Record<string, unknown>;
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}
