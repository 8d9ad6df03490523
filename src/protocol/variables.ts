/**
 * The kernel's top-level names as the Variables view shows them, and the tensor memory of the last cell.
 * Summaries only: the kernel reads shapes and sizes from its own objects and never serialises a value.
 */

export type VariableKind =
  | 'tensor'
  | 'dataset'
  | 'model'
  | 'function'
  | 'class'
  | 'array'
  | 'typedArray'
  | 'object'
  | 'promise'
  | 'string'
  | 'number'
  | 'boolean'
  | 'bigint'
  | 'symbol'
  | 'undefined'
  | 'null';

export interface TensorSummary {
  shape: number[];
  dtype: string;
  /** Bytes of its data (size x bytes per element; strings counted as 0). */
  bytes: number;
  /** The backend holding its data ('tensorflow', 'wasm', 'cpu'). */
  backend: string;
  disposed: boolean;
  /** Whether it can be shown as an image: [h, w], [h, w, 1|3|4] or [n, h, w, 1|3|4]. */
  image: boolean;
}

export interface VariableSummary {
  name: string;
  kind: VariableKind;
  /** Short type summary: 'Tensor3D float32', 'ImageDataset', 'SimclrModel', 'number[] (12)'. */
  type: string;
  /** A short preview of plain values (at most PREVIEW_CHARS characters). */
  preview?: string;
  tensor?: TensorSummary;
  dataset?: { size: number; source: string; shape: number[] };
  model?: { parameters: number };
}

/** A tensor a cell created and did not dispose, with the name it is bound to when it is a top-level variable. */
export interface LiveTensor {
  id: number;
  shape: number[];
  dtype: string;
  bytes: number;
  name?: string;
  /** A tf.Variable (model weights, optimizer state): owned by what created it, not a leak. */
  variable?: boolean;
}

/** tf.memory() before and after one cell, and the tensors the cell left alive. */
export interface CellMemory {
  /** The execution's id (the host's), so the view can say which cell it describes. */
  executionId: string;
  cellName?: string;
  before: { numTensors: number; numBytes: number };
  after: { numTensors: number; numBytes: number };
  /** At most LIVE_TENSORS_LISTED, largest first; `liveCount` is the full count. */
  live: LiveTensor[];
  liveCount: number;
}

export const PREVIEW_CHARS = 80;
export const LIVE_TENSORS_LISTED = 50;
/** Variables listed at most (a notebook with more top-level names shows the first ones, alphabetically). */
export const VARIABLES_LISTED = 500;
/** The longest side of a tensor image the kernel sends to the panel. */
export const TENSOR_IMAGE_MAX_SIDE = 128;
