/**
 * Types of the kernel client's public API (src/host/kernelProcess.ts), and the errors it
 * reports for cells that ended because the kernel process ended.
 */
import type { BackendChoice, BackendInfo, ExecutionStatus, KernelState } from '../protocol/kernelMessages';
import type { CellError } from '../protocol/outputs';

export interface KernelProcessOptions {
  /** The kernel entry: dist/kernel.js (built) or src/kernel/main.ts (with execArgv ['--import', 'tsx']). */
  kernelPath: string;
  /** The notebook's folder: the kernel's working directory, where cells resolve node_modules. */
  cwd: string;
  /** Node options for the kernel process, e.g. ['--import', 'tsx'] or ['--max-old-space-size=8192']. */
  execArgv?: string[];
  /** The executable: defaults to process.execPath (plain node from the CLI, VS Code's binary in the extension). */
  execPath?: string;
  /** Sets ELECTRON_RUN_AS_NODE=1 so VS Code's own binary runs the kernel as Node (no Node install needed). */
  electronRunAsNode?: boolean;
  /** Forces the tfjs backend (LOOK_TWICE_BACKEND); default: node, else wasm, else cpu. */
  backend?: BackendChoice;
  env?: Record<string, string>;
  /** Silence after an interrupt that restarts the kernel (default 3000 ms; grows to 1.5x the longest silence the busy kernel showed before, e.g. a long training step; see liveness.ts). */
  interruptGraceMs?: number;
  /** How long the kernel may take to become ready (default 60 s). */
  startTimeoutMs?: number;
}

export type { KernelState };

export interface ReadyInfo {
  pid: number;
  backend: BackendInfo;
  nodeVersion: string;
  /** From fork to 'ready', in milliseconds. */
  startMs: number;
}

export interface ExecutionResult {
  status: ExecutionStatus;
  error?: CellError;
  durationMs: number;
  /** The kernel process ended during this execution: every variable of the notebook is gone. */
  stateLost: boolean;
}

export interface KernelStatus {
  rssBytes: number;
  numTensors: number;
  busy: boolean;
}

export interface KernelExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the host shut it down or restarted it; false for a crash, process.exit or OOM. */
  expected: boolean;
  /** The end of what the process wrote to stderr (V8's out-of-memory report lands here). */
  stderrTail: string;
}

export function describeExit(exit: Pick<KernelExit, 'code' | 'signal' | 'stderrTail'>): string {
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const oom = /heap out of memory|Allocation failed|memory access out of bounds/i.test(exit.stderrTail)
    ? ' (out of memory)'
    : '';
  return `The kernel process ${how}${oom}`;
}

export function deathError(exit: KernelExit): CellError {
  const tail = exit.stderrTail.trim().split('\n').slice(-8).join('\n');
  return {
    name: 'KernelDied',
    message: `${describeExit(exit)}: the notebook's state was lost. Run the cell again to start a fresh kernel.`,
    ...(tail ? { stack: tail } : {}),
  };
}

export function restartError(reason: string): Omit<ExecutionResult, 'durationMs'> {
  return {
    status: 'interrupted',
    error: { name: 'KernelRestarted', message: `The kernel was restarted: ${reason}. The notebook's state was lost.` },
    stateLost: true,
  };
}
