/**
 * What the kernel publishes after each cell for the Variables view: a summary of every top-level
 * name (alphabetical, at most VARIABLES_LISTED) and the cell's tensor memory.
 */
import {
  LIVE_TENSORS_LISTED,
  VARIABLES_LISTED,
  type CellMemory,
  type LiveTensor,
  type VariableSummary,
} from '../../protocol/variables';
import { tf } from '../../simclr/tf';
import { summariseValue, tensorSummary } from './summariseValue';

export function summariseScope(scope: Record<string, unknown>, hidden: ReadonlySet<string>): VariableSummary[] {
  const names = Object.keys(scope)
    .filter((name) => !hidden.has(name))
    .sort()
    .slice(0, VARIABLES_LISTED);
  return names.map((name) => {
    try {
      return summariseValue(name, scope[name]);
    } catch (error) {
      // A getter or proxy that throws must not lose the other names.
      return {
        name,
        kind: 'object',
        type: 'unreadable',
        preview: error instanceof Error ? error.message : String(error),
      };
    }
  });
}

export interface MemorySnapshot {
  numTensors: number;
  numBytes: number;
}

export function memorySnapshot(): MemorySnapshot {
  const { numTensors, numBytes } = tf.memory();
  return { numTensors, numBytes };
}

export function cellMemory(
  executionId: string,
  cellName: string | undefined,
  before: MemorySnapshot,
  alive: tf.Tensor[],
  scope: Record<string, unknown>,
): CellMemory {
  const names = new Map<tf.Tensor, string>();
  for (const [name, value] of Object.entries(scope)) if (value instanceof tf.Tensor) names.set(value, name);
  const live: LiveTensor[] = alive.map((tensor) => {
    const summary = tensorSummary(tensor);
    const name = names.get(tensor);
    return {
      id: tensor.id,
      shape: summary.shape,
      dtype: summary.dtype,
      bytes: summary.bytes,
      ...(name ? { name } : {}),
      ...(tensor instanceof tf.Variable ? { variable: true } : {}),
    };
  });
  live.sort((a, b) => b.bytes - a.bytes || a.id - b.id);
  return {
    executionId,
    ...(cellName ? { cellName } : {}),
    before,
    after: memorySnapshot(),
    live: live.slice(0, LIVE_TENSORS_LISTED),
    liveCount: live.length,
  };
}
