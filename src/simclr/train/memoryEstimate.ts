/**
 * Up-front memory estimate of a training step, so that `pretrain` refuses a batch the wasm backend
 * cannot hold instead of crashing: the wasm heap is wasm32 (at most 4 GiB), and running out of it
 * aborts the whole process ("memory access out of bounds"), which in a notebook kills the kernel.
 *
 * The estimate is the encoder's activation count per view (sum of every layer's output size) times
 * 4 bytes, times the number of views, times a factor for gradients and temporaries calibrated on the
 * team's probe of the default model at 28x28x1 on wasm: with batch norm, batch 128 used a 2.83 GiB
 * heap and batch 160 3.46 GiB (factor ~7), batch 192 crashed; without batch norm, batch 256 used
 * 2.2 GiB (factor ~4.5).
 */
import type { SimclrModel } from '../models/simclrModel';

/** The wasm32 heap limit. */
export const WASM_HEAP_LIMIT_BYTES = 4 * 1024 ** 3;
/** Leave room for weights, optimiser state, the batch and the allocator's fragmentation. */
const USABLE_FRACTION = 0.9;

/** Activations (elements) of the encoder for one image. */
export function activationsPerImage(model: SimclrModel): number {
  let total = 0;
  for (const layer of model.encoder.layers) {
    const shape = layer.outputShape as (number | null)[];
    total += shape.slice(1).reduce<number>((a, b) => a * (b ?? 1), 1);
  }
  return total;
}

/**
 * Estimated peak bytes of one training step on wasm.
 * @param batchSize source images per step (each gives two views)
 */
export function estimateTrainingBytes(model: SimclrModel, batchSize: number): number {
  const factor = model.config.encoder.batchNorm ? 7 : 4.5;
  return activationsPerImage(model) * 4 * factor * 2 * batchSize;
}

/** The largest batch the estimate lets wasm train. */
export function largestWasmBatch(model: SimclrModel): number {
  return Math.max(0, Math.floor((WASM_HEAP_LIMIT_BYTES * USABLE_FRACTION) / estimateTrainingBytes(model, 1)));
}

/** Throws a clear error when `batchSize` would not fit in the wasm heap. */
export function checkWasmBatch(model: SimclrModel, batchSize: number): void {
  // batchSize here is the images per forward pass: the micro-batch when gradient caching is on.
  const bytes = estimateTrainingBytes(model, batchSize);
  if (bytes > WASM_HEAP_LIMIT_BYTES * USABLE_FRACTION) {
    const gib = (bytes / 1024 ** 3).toFixed(1);
    throw new RangeError(
      `pretrain: batchSize ${batchSize} needs about ${gib} GiB on the wasm backend, which holds at most 4 GiB and ` +
        `aborts the process when it runs out; use batchSize <= ${largestWasmBatch(model)}, gradient caching ` +
        `(microBatch <= ${largestWasmBatch(model)}), a model without batch norm, or the node backend ` +
        `(or pass memoryCheck: false to try anyway)`,
    );
  }
}
