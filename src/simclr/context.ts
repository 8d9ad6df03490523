/**
 * The ambient run context: how a host (the notebook kernel) hears from library loops that cells
 * call, without the cell passing anything. A loop reads `currentRunContext()` for a default abort
 * signal and reports its events to it; outside a kernel both are absent and nothing happens.
 */
import type { TrainingEvent } from './train/trainingEvent';

export interface RunContext {
  /** Aborted when the host interrupts the running cell. */
  signal?: AbortSignal;
  /** Receives every training event (train/trainingEvent.ts). */
  emit?(event: TrainingEvent): void;
}

let current: RunContext = {};

/** Installs the context for the code that runs next (the kernel does this per cell). */
export function setRunContext(context: RunContext): void {
  current = context;
}

export function currentRunContext(): RunContext {
  return current;
}
