/**
 * Up-front memory estimate of a training step, so that `pretrain` refuses a batch the wasm backend
 * cannot hold instead of crashing: the wasm heap is wasm32 (at most 4 GiB), and running out of it
 * aborts the whole process ("memory access out of bounds"), which in a notebook kills the kernel.
 *
 * The estimate is the encoder's activation count per view (sum of every layer's output size) times
 * 4 bytes, times the number of views, times a factor for gradients and temporaries, plus 64 MiB
 * that does not depend on the batch (weights, optimiser state, the module), calibrated on
 * this library's training step on wasm (default model, 28x28x1, wasm heap size after one step):
 * with batch norm 0.57 / 1.13 / 2.16 GiB at batch 64 / 128 / 256 (factor ~2.7); without batch norm
 * 0.82 GiB at batch 256 (factor ~1.5). The team's earlier probe, with other gradient kernels, needed
 * 2.5x more and crashed at batch 192; only 80% of the heap is counted usable, for fragmentation.
 */
import type { SimclrModel } from '../models/simclrModel';

/** The wasm32 heap limit. */
export const WASM_HEAP_LIMIT_BYTES = 4 * 1024 ** 3;
/** Leave room for weights, optimiser state, the batch and the allocator's fragmentation. */
const USABLE_FRACTION = 0.8;
/** Weights, optimiser state, the wasm module itself: independent of the batch. */
const BASE_BYTES = 64 * 1024 ** 2;

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
  const factor = model.config.encoder.batchNorm ? 2.8 : 1.6;
  return BASE_BYTES + activationsPerImage(model) * 4 * factor * 2 * batchSize;
}

/** The largest batch the estimate lets wasm train. */
export function largestWasmBatch(model: SimclrModel): number {
  const perImage = estimateTrainingBytes(model, 1) - BASE_BYTES;
  return Math.max(0, Math.floor((WASM_HEAP_LIMIT_BYTES * USABLE_FRACTION - BASE_BYTES) / perImage));
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
