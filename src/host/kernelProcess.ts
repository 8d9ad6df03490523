/**
 * The host's handle on one kernel process (one per notebook), used by the CLI and by the VS Code
 * extension (so: no vscode import). It forks the kernel with IPC and `serialization: 'advanced'`,
 * runs cells, streams their outputs to per-execution callbacks, interrupts (and, when the kernel
 * stays unresponsive for the grace period, kills and restarts it, saying that state was lost),
 * and reports a kernel that died (crash, process.exit, out of memory) so a fresh one can start.
 */
import type { ChildProcess } from 'node:child_process';
import type { HostToKernel, KernelToHost } from '../protocol/kernelMessages';
import type { DisplayOutput } from '../protocol/outputs';
import type { PanelEvent, PanelRequest, PanelResponse } from '../protocol/panelMessages';
import type { CodeAnswer, CodeQuery } from '../protocol/codeQueries';
import type { InputReply, InputRequest } from '../protocol/userInput';
import { TypedEmitter } from './emitter';
import { spawnKernel } from './spawnKernel';
import { answerDeadline, Liveness } from './liveness';
import { LostRequestDetector } from './lostRequest';
import { OpenRuns } from './openRuns';
import {
  deathError,
  describeExit,
  restartError,
  type ExecutionResult,
  type KernelExit,
  type KernelProcessOptions,
  type KernelState,
  type KernelStatus,
  type ReadyInfo,
} from './types';
import { assertNever } from '../protocol/assertNever';

export interface ExecutionHandlers {
  onStream?(name: 'stdout' | 'stderr', text: string): void;
  /**
   * `update`: replace the earlier output with the same displayId instead of appending;
   * `result`: the value of the cell's last expression (shown like any display by VS Code and the CLI).
   */
  onDisplay?(output: DisplayOutput, update: boolean, result: boolean): void;
  /**
   * The cell awaits a line of text (`input()`): resolve with it, or reject with why no one can answer
   * (the message reaches the cell as an InputUnavailable error). `cancelled` aborts when the cell ends
   * first (interrupted, restarted, the kernel died): close the prompt then. Without a handler the cell
   * is told that this front end takes no input.
   */
  onInput?(request: InputRequest, cancelled: AbortSignal): Promise<string>;
}

export interface KernelEvents {
  state: KernelState;
  ready: ReadyInfo;
  exit: KernelExit;
  /** The kernel was restarted because a cell ignored an interrupt; its state was lost. */
  restarted: { reason: string };
  panelEvent: PanelEvent;
  status: KernelStatus;
  /** Text the kernel wrote outside any execution, or straight to its pipes (diagnostics). */
  log: { stream: 'stdout' | 'stderr'; text: string };
}

interface Pending {
  handlers: ExecutionHandlers;
  resolve(result: ExecutionResult): void;
  started: number;
  /** Whether the execute message went to the kernel (false while the kernel starts). */
  sent: boolean;
  /** Aborted when the execution ends: prompts still open for it are closed. */
  ended: AbortController;
}

const STDERR_TAIL = 4000;

export class KernelProcess extends TypedEmitter<KernelEvents> {
  private child: ChildProcess | undefined;
  private current: ReadyInfo | undefined;
  private starting: Promise<ReadyInfo> | undefined;
  /** Set while stop() waits for the process to exit. */
  private stopping: Promise<void> | undefined;
  private readonly executions = new Map<string, Pending>();
  private readonly requests = new Map<string, (response: PanelResponse) => void>();
  private readonly queries = new Map<string, (answer: CodeAnswer) => void>();
  private nextId = 1;
  private stateValue: KernelState = 'stopped';
  private stderrTail = '';
  private escalation: NodeJS.Timeout | undefined;
  private readonly liveness = new Liveness();
  private killedOnPurpose = false;
  /** Counts shutdowns: a restart that finds it changed after killing the old kernel starts no new one. */
  private shutdowns = 0;
  /** Execute requests posted to the current kernel process (compared with its `executesReceived`). */
  private executesSent = 0;
  private readonly lostRequests = new LostRequestDetector();
  private readonly openRuns = new OpenRuns();

  constructor(private readonly options: KernelProcessOptions) {
    super();
  }

  get state(): KernelState {
    return this.stateValue;
  }

  /** What the running kernel said when it became ready (undefined when none runs). */
  get info(): ReadyInfo | undefined {
    return this.current;
  }

  /** Starts the kernel if none runs; resolves when it is ready to execute. */
  start(): Promise<ReadyInfo> {
    if (this.current && this.child && !this.stopping) return Promise.resolve(this.current);
    // A cell sent while the old process is being killed (right after a restart notice) waits for its exit.
    this.starting ??= (this.stopping ?? Promise.resolve())
      .then(() => this.spawn())
      .finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** Runs one cell (starting a kernel first if none runs). Never rejects: failures are results. */
  async execute(code: string, handlers: ExecutionHandlers = {}, cellName?: string): Promise<ExecutionResult> {
    const id = `e${this.nextId++}`;
    const result = new Promise<ExecutionResult>((resolve) =>
      this.executions.set(id, {
        handlers,
        resolve,
        started: performance.now(),
        sent: false,
        ended: new AbortController(),
      }),
    );
    try {
      await this.start();
    } catch (error) {
      this.settle(id, {
        status: 'error',
        durationMs: 0,
        error: { name: 'KernelStartError', message: (error as Error).message },
        stateLost: false,
      });
      return result;
    }
    // Interrupted (or the kernel restarted) while it was starting: nothing to send.
    const pending = this.executions.get(id);
    if (!pending) return result;
    pending.sent = true;
    this.lostRequests.reset();
    if (this.stateValue !== 'busy') this.liveness.reset();
    this.setState('busy');
    this.executesSent++;
    this.post({ type: 'execute', id, code, ...(cellName ? { cellName } : {}) });
    return result;
  }

  /**
   * Interrupts the running cell and drops the queued ones. A kernel that stays silent for the grace
   * period after that (a synchronous loop cannot hear the interrupt) is restarted, its state lost.
   */
  interrupt(): void {
    for (const [id, pending] of this.executions) {
      if (!pending.sent) this.settle(id, { status: 'interrupted', durationMs: 0, stateLost: false });
    }
    if (this.executions.size === 0 || !this.child) return;
    this.post({ type: 'interrupt' });
    if (this.escalation) return;
    const interruptedAt = performance.now();
    const grace = this.liveness.grace(this.options.interruptGraceMs ?? 3000);
    const deadline = answerDeadline(grace);
    const check = (): void => {
      this.escalation = undefined;
      if (this.executions.size === 0) return;
      const silence = this.liveness.silence();
      const waited = performance.now() - interruptedAt;
      if (silence >= grace) {
        this.restartQuietly(
          `the cell did not stop: the kernel was unresponsive for ${(silence / 1000).toFixed(1)} s after the interrupt (a synchronous loop?)`,
        );
      } else if (waited >= deadline) {
        this.restartQuietly(
          `the kernel kept sending status messages but did not answer the interrupted cell within ${(waited / 1000).toFixed(1)} s`,
        );
      } else {
        this.escalation = setTimeout(check, Math.min(grace - silence, deadline - waited));
      }
    };
    this.escalation = setTimeout(check, grace);
  }

  /**
   * Kills the kernel (if any) and starts a fresh one; pending cells end 'interrupted' with stateLost.
   * A shutdown while the old kernel is being killed wins: no new kernel starts, and this rejects.
   */
  async restart(reason = 'restarted by the user'): Promise<ReadyInfo> {
    const wasRunning = this.child !== undefined;
    const shutdowns = this.shutdowns;
    await this.stop(restartError(reason), true);
    if (wasRunning) this.emit('restarted', { reason });
    if (this.shutdowns !== shutdowns) throw new Error('the kernel was shut down during the restart');
    return this.start();
  }

  /** Asks the kernel to exit, killing it if it does not within a second. A restart under way starts no new kernel. */
  async shutdown(): Promise<void> {
    this.shutdowns++;
    await this.stop(restartError('the kernel was shut down'), false);
  }

  /**
   * Work for the side panel; answered between the running cell's awaits. Never rejects. With `timeoutMs`,
   * a kernel that stays silent that long (a cell in synchronous code) gets `{ kind: 'error' }` saying so.
   */
  async panelRequest(request: PanelRequest, id = `p${this.nextId++}`, timeoutMs?: number): Promise<PanelResponse> {
    if (!this.child || !this.current) return { kind: 'error', message: 'no kernel is running' };
    let timer: NodeJS.Timeout | undefined;
    const response = new Promise<PanelResponse>((resolve) => {
      this.requests.set(id, resolve);
      if (timeoutMs !== undefined)
        timer = setTimeout(() => {
          this.requests.delete(id);
          resolve({
            kind: 'error',
            message: `the kernel did not answer within ${timeoutMs / 1000} s: it is busy running a cell (synchronous code between awaits); try again when it is idle`,
          });
        }, timeoutMs);
    });
    this.post({ type: 'panelRequest', id, request });
    return response.finally(() => clearTimeout(timer));
  }

  private checkIdleWhilePending(report: { busy: boolean; executesReceived: number }): void {
    const waiting = [...this.executions.values()].some((pending) => pending.sent);
    const verdict = this.lostRequests.observe(report, this.executesSent, waiting);
    if (verdict === 'lost answer')
      this.restartQuietly(
        'the kernel received the cell but reported itself idle without answering it (the kernel lost the request)',
      );
    if (verdict === 'lost request')
      this.restartQuietly(
        'the kernel reported itself idle three times without receiving a cell sent to it (the kernel lost the request)',
      );
  }

  /** A restart nobody awaits (the interrupt escalation): its failure to start shows as the next cell's KernelStartError. */
  private restartQuietly(reason: string): void {
    this.restart(reason).catch(() => undefined);
  }

  /**
   * A question about code being typed (completion, inspection, is it a whole cell), answered by the
   * kernel between the running cell's awaits; `{ kind: 'error' }` when no kernel runs, the kernel
   * stops, or it stays silent for `timeoutMs` (a synchronous loop). Never rejects.
   */
  async codeQuery(query: CodeQuery, timeoutMs = 3000): Promise<CodeAnswer> {
    // A kernel still starting (the first request of a fresh session) is waited for; none is started.
    if (this.starting) await this.starting.catch(() => undefined);
    if (!this.child || !this.current) return { kind: 'error', message: 'no kernel is running' };
    const id = `q${this.nextId++}`;
    let timer: NodeJS.Timeout | undefined;
    const answer = new Promise<CodeAnswer>((resolve) => {
      this.queries.set(id, resolve);
      timer = setTimeout(() => {
        this.queries.delete(id);
        resolve({
          kind: 'error',
          message: `the kernel did not answer within ${timeoutMs / 1000} s (busy in synchronous code?)`,
        });
      }, timeoutMs);
    });
    this.post({ type: 'codeQuery', id, query });
    return answer.finally(() => clearTimeout(timer));
  }

  private async spawn(): Promise<ReadyInfo> {
    this.setState('starting');
    this.killedOnPurpose = false;
    this.stderrTail = '';
    this.executesSent = 0;
    this.lostRequests.reset();
    const spawned = spawnKernel(this.options, {
      onMessage: (message) => {
        this.liveness.heard();
        this.receive(message);
      },
      onOutput: (stream, text) => {
        if (stream === 'stderr') this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL);
        this.emit('log', { stream, text });
      },
      onExit: (code, signal) =>
        this.onExit(spawned.child, { code, signal, expected: this.killedOnPurpose, stderrTail: this.stderrTail }),
    });
    this.child = spawned.child;
    const info = await spawned.ready;
    this.liveness.reset();
    this.current = info;
    this.setState(this.executions.size > 0 ? 'busy' : 'idle');
    this.emit('ready', info);
    return info;
  }

  private receive(message: KernelToHost): void {
    switch (message.type) {
      case 'ready':
        return;
      case 'stream': {
        const pending = this.executions.get(message.id);
        if (pending?.handlers.onStream) pending.handlers.onStream(message.name, message.text);
        else this.emit('log', { stream: message.name, text: message.text });
        return;
      }
      case 'display':
        this.openRuns.observeDisplay(message.output);
        this.executions
          .get(message.id)
          ?.handlers.onDisplay?.(message.output, message.update === true, message.result === true);
        return;
      case 'executed': {
        this.settle(message.id, {
          status: message.status,
          durationMs: message.durationMs,
          ...(message.error ? { error: message.error } : {}),
          stateLost: false,
        });
        return;
      }
      case 'panelEvent':
        this.openRuns.observe(message.event, this.runningExecution());
        this.emit('panelEvent', message.event);
        return;
      case 'panelResponse': {
        const resolve = this.requests.get(message.id);
        this.requests.delete(message.id);
        resolve?.(message.response);
        return;
      }
      case 'codeAnswer': {
        const resolve = this.queries.get(message.id);
        this.queries.delete(message.id);
        resolve?.(message.answer);
        return;
      }
      case 'inputRequest': {
        // Request ids restart in a fresh process: a late answer must not reach the kernel that replaced this one.
        const asker = this.child;
        void this.askForInput(message.executionId, message.request).then((reply) => {
          if (this.child === asker) this.post({ type: 'inputReply', id: message.id, reply });
        });
        return;
      }
      case 'status':
        this.emit('status', { rssBytes: message.rssBytes, numTensors: message.numTensors, busy: message.busy });
        this.checkIdleWhilePending(message);
        return;
      default:
        assertNever(message, 'kernel message');
    }
  }

  /** Asks the execution's front end for the line a cell awaits; never rejects: failures are replies. */
  private async askForInput(executionId: string, request: InputRequest): Promise<InputReply> {
    const pending = this.executions.get(executionId);
    if (!pending) return { error: 'the cell that asked for input has ended' };
    if (!pending.handlers.onInput) return { error: 'this front end does not take input' };
    try {
      return { value: await pending.handlers.onInput(request, pending.ended.signal) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }

  private onExit(child: ChildProcess, exit: KernelExit): void {
    if (this.child !== child) return;
    this.child = undefined;
    this.current = undefined;
    this.clearEscalation();
    const error = deathError(exit);
    this.endOpenRuns('error', describeExit(exit));
    this.failPending(exit.expected ? undefined : { status: 'error', durationMs: 0, error, stateLost: true });
    this.setState(exit.expected ? 'stopped' : 'dead');
    this.emit('exit', exit);
  }

  /** Ends the kernel: pending cells resolve with `result`; `killNow` for a kernel that may be stuck in a loop. */
  private async stop(result: Omit<ExecutionResult, 'durationMs'>, killNow: boolean): Promise<void> {
    const child = this.child;
    this.clearEscalation();
    if (!child) return;
    // A cell sent from now on goes to a fresh kernel, not to this dying one.
    this.current = undefined;
    this.killedOnPurpose = true;
    this.endOpenRuns('interrupted', result.error?.message ?? 'the kernel stopped');
    this.failPending({ ...result, durationMs: 0 });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.stopping = exited;
    let force: NodeJS.Timeout | undefined;
    if (killNow || !child.connected) {
      child.kill('SIGKILL');
    } else {
      this.post({ type: 'shutdown', id: `s${this.nextId++}` });
      force = setTimeout(() => child.kill('SIGKILL'), 1000);
    }
    await exited;
    this.stopping = undefined;
    clearTimeout(force);
  }

  /** The execution the kernel is running: the first one sent (the kernel runs them in order). */
  private runningExecution(): string | undefined {
    for (const [id, pending] of this.executions) if (pending.sent) return id;
    return undefined;
  }

  /**
   * The process is going away with runs still open: end them everywhere (a trainEnd for the panel and
   * the notification; the cell's progress and loss-curve outputs replaced) before the pending cells resolve.
   */
  private endOpenRuns(status: 'error' | 'interrupted', message: string): void {
    for (const run of this.openRuns.endAll(status, message)) {
      const onDisplay = run.executionId ? this.executions.get(run.executionId)?.handlers.onDisplay : undefined;
      onDisplay?.(run.progress, true, false);
      if (run.curve) onDisplay?.(run.curve, true, false);
      this.emit('panelEvent', run.event);
    }
  }

  private settle(id: string, result: ExecutionResult): void {
    const pending = this.executions.get(id);
    if (!pending) return;
    this.executions.delete(id);
    if (this.executions.size === 0) this.clearEscalation();
    pending.ended.abort();
    pending.resolve(result);
    if (this.executions.size === 0 && this.stateValue === 'busy') this.setState('idle');
  }

  /** Ends the executions sent to the process that ended; those still waiting for a (re)start keep waiting for it. */
  private failPending(result: ExecutionResult | undefined): void {
    for (const [id, pending] of this.executions) {
      if (!pending.sent && this.starting) continue;
      this.executions.delete(id);
      pending.ended.abort();
      pending.resolve(
        result
          ? { ...result, durationMs: performance.now() - pending.started }
          : { status: 'interrupted', durationMs: performance.now() - pending.started, stateLost: true },
      );
    }
    for (const [id, resolve] of this.requests) {
      this.requests.delete(id);
      resolve({ kind: 'error', message: 'the kernel stopped before answering' });
    }
    for (const [id, resolve] of this.queries) {
      this.queries.delete(id);
      resolve({ kind: 'error', message: 'the kernel stopped before answering' });
    }
  }

  private post(message: HostToKernel): void {
    if (this.child?.connected) this.child.send(message);
  }

  private clearEscalation(): void {
    if (this.escalation) clearTimeout(this.escalation);
    this.escalation = undefined;
  }

  private setState(state: KernelState): void {
    if (state === this.stateValue) return;
    this.stateValue = state;
    this.emit('state', state);
  }
}
