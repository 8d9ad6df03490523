/**
 * Input checks shared by the projections: a row-major [n, dim] Float32Array of finite numbers.
 * Errors name the function and the argument so a panel or a cell can show them as they are.
 */

/** Throws a clear error unless `vectors` is a finite row-major [n, dim] matrix. */
export function checkMatrix(where: string, vectors: Float32Array, n: number, dim: number): void {
  if (!(vectors instanceof Float32Array)) {
    throw new TypeError(`${where}: vectors must be a Float32Array (row-major [n, dim])`);
  }
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${where}: n must be a positive integer, got ${n}`);
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`${where}: dim must be a positive integer, got ${dim}`);
  if (vectors.length !== n * dim) {
    throw new RangeError(`${where}: vectors has ${vectors.length} values but n * dim = ${n} * ${dim} = ${n * dim}`);
  }
  for (let i = 0; i < vectors.length; i++) {
    if (!Number.isFinite(vectors[i])) {
      const row = Math.floor(i / dim);
      throw new RangeError(
        `${where}: vectors[${row}, ${i - row * dim}] is ${vectors[i]} (NaN/Infinity are not allowed)`,
      );
    }
  }
}

/** Throws unless the signal is absent or not aborted (the error is the signal's reason when set). */
export function throwIfAborted(where: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    throw reason instanceof Error ? reason : new Error(`${where}: aborted`);
  }
}

/** Lets timers and messages (e.g. an abort) run between chunks of synchronous work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
