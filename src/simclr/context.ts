/**
 * The ambient run context: how a host (the notebook kernel) hears from library loops that cells
 * call, without the cell passing anything. A loop reads `currentRunContext()` for a default abort
 * signal and reports its events to it; outside a kernel both are absent and nothing happens.
 */

/** Events the library's long-running loops report. */
export type LibraryEvent =
  | { kind: 'trainStart'; runId: string; config: Record<string, string | number | boolean>; totalSteps: number }
  | { kind: 'trainStep'; runId: string; step: number; totalSteps: number; epoch: number; loss: number; learningRate: number; imagesPerSec: number }
  | { kind: 'trainMetric'; runId: string; step: number; name: string; value: number }
  | { kind: 'trainEnd'; runId: string; status: 'done' | 'interrupted' | 'error'; step: number };

export interface RunContext {
  /** Aborted when the host interrupts the running cell. */
  signal?: AbortSignal;
  /** Receives every library event. */
  emit?(event: LibraryEvent): void;
}

let current: RunContext = {};

/** Installs the context for the code that runs next (the kernel does this per cell). */
export function setRunContext(context: RunContext): void {
  current = context;
}

export function currentRunContext(): RunContext {
  return current;
}
