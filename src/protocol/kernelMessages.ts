/**
 * Messages between a host (the VS Code extension or the CLI) and a kernel process.
 *
 * One discriminated union per direction, keyed by `type`. The channel is Node's IPC with
 * `serialization: 'advanced'` (structured clone), so typed arrays travel as binary, never as JSON text.
 */
import type { CellError, DisplayOutput } from './outputs';
import type { PanelEvent, PanelRequest, PanelResponse } from './panelMessages';
import type { CodeAnswer, CodeQuery } from './codeQueries';
import type { InputReply, InputRequest } from './userInput';
import type { BackendChoice, BackendInfo } from '../simclr/backend/initBackend';

/**
 * The backend a kernel runs: the library's own BackendInfo (name 'node' | 'wasm' | 'cpu' as the
 * lookTwice.backend setting and LOOK_TWICE_BACKEND spell it, tfjs's name, why, threads, kernels).
 */
export type { BackendChoice, BackendInfo };

/** The backends a host may ask for, in the library's order of preference (a runtime list of BackendChoice). */
export const BACKEND_CHOICES = ['node', 'wasm', 'cpu'] as const satisfies readonly BackendChoice[];

export function isBackendChoice(value: unknown): value is BackendChoice {
  return typeof value === 'string' && (BACKEND_CHOICES as readonly string[]).includes(value);
}

/**
 * A kernel process as its host sees it. stopped: none started, or shut down; starting; idle; busy (running
 * cells); dead: the process ended on its own (crash, exit, out of memory).
 */
export type KernelState = 'stopped' | 'starting' | 'idle' | 'busy' | 'dead';

export type HostToKernel =
  /** Run one cell. `cellName` names the cell in stack traces. */
  | { type: 'execute'; id: string; code: string; cellName?: string }
  /**
   * Stop execution `id` (running or queued; without an id: the running one and all queued), keeping
   * state: library loops stop at their next step boundary; other code is abandoned after ~1 s.
   * A kernel stuck in synchronous code never reads this: the host restarts it after a grace period.
   */
  | { type: 'interrupt'; id?: string }
  /** Exit now (the host kills the process if it has not exited a second later). */
  | { type: 'shutdown'; id: string }
  /** Work the side panel asks of the kernel (resample views, neighbours, a projection). */
  | { type: 'panelRequest'; id: string; request: PanelRequest }
  /** A question about code being typed (completion, inspection, is it a whole cell): answered by 'codeAnswer'. */
  | { type: 'codeQuery'; id: string; query: CodeQuery }
  /** The answer to the kernel's 'inputRequest' `id`. */
  | { type: 'inputReply'; id: string; reply: InputReply };

export type ExecutionStatus = 'ok' | 'error' | 'interrupted';

/**
 * `id` of stream and display messages: the running execution, else the last one (output of a timer a
 * cell left behind), '' before the first execution.
 */
export type KernelToHost =
  /** Sent once, after the backend and the transform are warm; messages sent earlier are queued. */
  | { type: 'ready'; pid: number; backend: BackendInfo; nodeVersion: string }
  /** stdout/stderr text (console.* included), batched for a few ms and capped per execution. */
  | { type: 'stream'; id: string; name: 'stdout' | 'stderr'; text: string }
  /**
   * A display output of execution `id`; `update` replaces the earlier output with the same displayId;
   * `result` marks the value of the cell's last expression (Jupyter's execute_result).
   */
  | { type: 'display'; id: string; output: DisplayOutput; update?: boolean; result?: boolean }
  /** The end of execution `id`; all its stream and display messages came before. */
  | { type: 'executed'; id: string; status: ExecutionStatus; error?: CellError; durationMs: number }
  | { type: 'panelEvent'; event: PanelEvent }
  | { type: 'panelResponse'; id: string; response: PanelResponse }
  | { type: 'codeAnswer'; id: string; answer: CodeAnswer }
  /** Running execution `executionId` awaits a line of text (`input()`): answered by 'inputReply' `id`. */
  | { type: 'inputRequest'; id: string; executionId: string; request: InputRequest }
  /**
   * After every execution and every 2 s. `executesReceived` counts the execute requests this kernel
   * process has received: the host tells a request still in flight from one the kernel lost by it.
   */
  | { type: 'status'; rssBytes: number; numTensors: number; busy: boolean; executesReceived: number };
