/**
 * The Jupyter front door of the Look Twice kernel: Jupyter messages (shell, control, stdin) in, the shared
 * kernel process (src/kernel, through the host-side KernelProcess, exactly as VS Code and the CLI
 * drive it) behind, outputs and status out on IOPub. This process only translates: cells, display,
 * interrupts and restarts are the kernel core's.
 *
 * Why a separate kernel process rather than the cell runner in this one: a cell stuck in a
 * synchronous loop blocks its event loop, and this process must keep answering heartbeats, the
 * interrupt on the control channel, and finally restart the stuck kernel with a notice, as VS Code does.
 *
 * Executions run one at a time in arrival order (status busy -> execute_input -> outputs ->
 * execute_reply -> idle); after a failed or interrupted cell, the executions queued behind it are
 * answered 'aborted' (stop_on_error, as ipykernel). Other shell requests are answered at once, even
 * while a cell runs. A kernel process that dies on its own ends this process too, after reporting the
 * death on the running cell: the Jupyter server then sees a dead kernel and restarts it, as it
 * would any kernel.
 */
import { KernelProcess, type ExecutionResult, type KernelProcessOptions } from '../host';
import { LOOK_TWICE_LANGUAGE_INFO } from '../host/nbformat';
import type { CodeAnswer } from '../protocol/codeQueries';
import type { InputRequest } from '../protocol/userInput';
import type { ConnectionInfo } from './connectionFile';
import { codePointsToUtf16, errorContent, mimeBundle, utf16ToCodePoints } from './jupyterOutputs';
import { ExecutionHistory, type HistoryQuery } from './executionHistory';
import { JupyterSockets, type RequestChannel } from './jupyterSockets';
import { newHeader, PROTOCOL_VERSION, type JupyterMessage } from './wireMessage';
import { randomUUID } from 'node:crypto';
import type { LibraryTypes } from '../notebookLanguage/kernelModules';
import { TypedCodeQueries } from './typedCodeQueries';

export interface JupyterKernelOptions {
  connection: ConnectionInfo;
  kernel: KernelProcessOptions;
  implementationVersion: string;
  /** The library's declarations for the TypeScript engine behind complete and inspect. */
  libraryTypes: LibraryTypes;
  /** Diagnostics (this process's stderr, which the Jupyter server logs). */
  log(text: string): void;
  /** Ends this process; called after a shutdown_request and when the kernel process died. */
  exit(code: number): void;
}

type Request = JupyterMessage & { channel: RequestChannel };

export const KERNEL_INFO = {
  implementation: 'look-twice',
  language_info: {
    ...LOOK_TWICE_LANGUAGE_INFO,
    version: 'ES2022',
    codemirror_mode: 'typescript',
    pygments_lexer: 'typescript',
  },
  banner: 'Look Twice (TypeScript): contrastive-learning notebooks on TensorFlow.js',
  help_links: [{ text: 'Look Twice', url: 'https://example.invalid/look-twice' }],
};

export class JupyterKernel {
  private readonly sockets: JupyterSockets;
  private readonly kernel: KernelProcess;
  private readonly session = randomUUID();
  private readonly history = new ExecutionHistory();
  private readonly executions: Request[] = [];
  private executing: Request | undefined;
  private executionCount = 0;
  /** Every cell executed in this session, in order: the TypeScript engine's view of the notebook. */
  private readonly executed: string[] = [];
  private readonly typed: TypedCodeQueries;
  /** input_request msg_id -> the cell waiting for its input_reply. */
  private readonly awaitingInput = new Map<string, (value: string) => void>();
  private ending = false;

  constructor(private readonly options: JupyterKernelOptions) {
    this.sockets = new JupyterSockets(options.connection, options.log);
    this.kernel = new KernelProcess(options.kernel);
    this.typed = new TypedCodeQueries(options.kernel.cwd, options.libraryTypes, options.log);
    this.kernel.on('log', ({ text }) => options.log(text));
    this.kernel.on('exit', (exit) => {
      // Died while idle (a timer's process.exit, out of memory in background work): with no cell to
      // report on, the Jupyter server learns it from this process ending. A death during a cell is
      // reported on that cell first (see execute).
      if (!exit.expected && !this.executing) void this.end(1);
    });
  }

  async start(): Promise<void> {
    await this.sockets.bind();
    this.sockets.listen('shell', (message) => this.receive({ ...message, channel: 'shell' }));
    this.sockets.listen('control', (message) => this.receive({ ...message, channel: 'control' }));
    this.sockets.listen('stdin', (message) => this.receiveInput(message));
    void this.publish('status', { execution_state: 'starting' });
    // Started now so that the first cell does not wait for the backend to load.
    this.kernel
      .start()
      .catch((error: unknown) => this.options.log(`the kernel process did not start: ${(error as Error).message}\n`));
  }

  private receive(request: Request): void {
    if (this.ending) return;
    const type = request.header.msg_type;
    if (type === 'execute_request') {
      this.executions.push(request);
      if (!this.executing) void this.drain();
      return;
    }
    void this.answer(request).catch((error: unknown) =>
      this.options.log(`could not answer ${type}: ${(error as Error).stack}\n`),
    );
  }

  /** Every request but execute: answered at once; busy/idle only while no cell runs (they would hide its busy state). */
  private async answer(request: Request): Promise<void> {
    const showStatus = !this.executing && request.channel === 'shell';
    if (showStatus) void this.publish('status', { execution_state: 'busy' }, request);
    const content = request.content;
    switch (request.header.msg_type) {
      case 'kernel_info_request':
        await this.reply(request, 'kernel_info_reply', {
          status: 'ok',
          protocol_version: PROTOCOL_VERSION,
          implementation_version: this.options.implementationVersion,
          debugger: false,
          ...KERNEL_INFO,
        });
        break;
      case 'is_complete_request': {
        const answer = await this.kernel.codeQuery({ kind: 'isComplete', code: String(content.code ?? '') });
        await this.reply(
          request,
          'is_complete_reply',
          answer.kind === 'isComplete'
            ? { status: answer.status, ...(answer.status === 'incomplete' ? { indent: answer.indent } : {}) }
            : { status: 'unknown' },
        );
        break;
      }
      case 'complete_request': {
        const code = String(content.code ?? '');
        const cursor = codePointsToUtf16(
          code,
          typeof content.cursor_pos === 'number' ? content.cursor_pos : [...code].length,
        );
        // The TypeScript engine (types, members of what cells declared) once it is warm; else the kernel's live scope.
        const typed = this.typed.complete(this.executed, code, cursor);
        const answer = typed ? undefined : await this.kernel.codeQuery({ kind: 'complete', code, cursor });
        const found = typed ?? (answer?.kind === 'complete' ? answer : { matches: [], start: cursor, end: cursor });
        await this.reply(request, 'complete_reply', {
          status: 'ok',
          matches: found.matches,
          cursor_start: utf16ToCodePoints(code, found.start),
          cursor_end: utf16ToCodePoints(code, found.end),
          metadata: {},
        });
        break;
      }
      case 'inspect_request': {
        const code = String(content.code ?? '');
        const cursor = codePointsToUtf16(
          code,
          typeof content.cursor_pos === 'number' ? content.cursor_pos : [...code].length,
        );
        const typed = this.typed.inspect(this.executed, code, cursor);
        const answer: CodeAnswer =
          typed !== undefined
            ? { kind: 'inspect', found: true, text: typed }
            : await this.kernel.codeQuery({
                kind: 'inspect',
                code,
                cursor,
                detail: content.detail_level === 1 ? 1 : 0,
              });
        const found = answer.kind === 'inspect' && answer.found;
        await this.reply(request, 'inspect_reply', {
          status: 'ok',
          found,
          data: found ? { 'text/plain': answer.text } : {},
          metadata: {},
        });
        break;
      }
      case 'history_request':
        await this.reply(request, 'history_reply', {
          status: 'ok',
          history: this.history.query(content as HistoryQuery),
        });
        break;
      case 'comm_info_request':
        await this.reply(request, 'comm_info_reply', { status: 'ok', comms: {} });
        break;
      case 'connect_request': {
        const { ports } = this.options.connection;
        await this.reply(request, 'connect_reply', {
          status: 'ok',
          shell_port: ports.shell,
          iopub_port: ports.iopub,
          stdin_port: ports.stdin,
          hb_port: ports.hb,
          control_port: ports.control,
        });
        break;
      }
      case 'interrupt_request':
        // Library loops stop at their next step boundary with state kept; a kernel stuck in
        // synchronous code is restarted after the grace period, the cell told why (KernelProcess).
        this.kernel.interrupt();
        await this.reply(request, 'interrupt_reply', { status: 'ok' });
        break;
      case 'shutdown_request': {
        const restart = content.restart === true;
        await this.reply(request, 'shutdown_reply', { status: 'ok', restart });
        // With restart, the client's kernel manager starts a fresh process once this one ends.
        await this.end(0);
        return;
      }
      default:
        // Comms (widgets) and the debugger are not supported; the spec says to ignore unknown types.
        this.options.log(`ignored ${request.header.msg_type} on ${request.channel}\n`);
        break;
    }
    if (showStatus) void this.publish('status', { execution_state: 'idle' }, request);
  }

  private async drain(): Promise<void> {
    for (let request = this.executions.shift(); request && !this.ending; request = this.executions.shift()) {
      this.executing = request;
      try {
        await this.execute(request);
      } finally {
        this.executing = undefined;
      }
    }
  }

  private async execute(request: Request): Promise<void> {
    const content = request.content;
    const code = String(content.code ?? '');
    const silent = content.silent === true;
    const storeHistory = !silent && content.store_history !== false;
    if (storeHistory) this.executionCount++;
    const count = this.executionCount;
    void this.publish('status', { execution_state: 'busy' }, request);
    if (!silent) void this.publish('execute_input', { code, execution_count: count }, request);
    if (storeHistory) this.history.add(count, code);
    if (!silent) this.executed.push(code);

    const result = await this.kernel.execute(code, {
      onStream: (name, text) => {
        if (!silent) void this.publish('stream', { name, text }, request);
      },
      onDisplay: (output, update, isResult) => {
        if (silent) return;
        const data = mimeBundle(output);
        const transient = output.displayId === undefined ? {} : { transient: { display_id: output.displayId } };
        if (isResult) void this.publish('execute_result', { execution_count: count, data, metadata: {} }, request);
        else if (update && output.displayId !== undefined)
          void this.publish('update_display_data', { data, metadata: {}, ...transient }, request);
        else void this.publish('display_data', { data, metadata: {}, ...transient }, request);
      },
      onInput: (input, cancelled) => this.askForInput(request, input, cancelled),
    });

    const failure = failureOf(result);
    if (failure) {
      const error = errorContent(failure);
      if (!silent) void this.publish('error', error, request);
      await this.reply(request, 'execute_reply', { status: 'error', execution_count: count, ...error });
    } else {
      await this.reply(request, 'execute_reply', {
        status: 'ok',
        execution_count: count,
        payload: [],
        user_expressions: {},
      });
    }
    if (failure && content.stop_on_error !== false) await this.abortQueued();
    void this.publish('status', { execution_state: 'idle' }, request);
    if (result.stateLost && result.error?.name === 'KernelDied') await this.end(1);
  }

  /**
   * A cell's `await input()`: an input_request on the stdin channel to the client that sent the
   * execute_request (routed, as ipykernel does, by that request's identities), when it said it can
   * answer (allow_stdin); the cell gets the input_reply's value.
   */
  private askForInput(request: Request, input: InputRequest, cancelled: AbortSignal): Promise<string> {
    if (request.content.allow_stdin !== true) {
      return Promise.reject(
        new Error(
          'this Jupyter client does not take input (its execute_request has allow_stdin false, as nbconvert and papermill send)',
        ),
      );
    }
    const header = newHeader('input_request', this.session);
    return new Promise<string>((resolve, reject) => {
      const onCancel = (): void => {
        this.awaitingInput.delete(header.msg_id);
        reject(new Error('the cell ended before the input_reply came'));
      };
      cancelled.addEventListener('abort', onCancel, { once: true });
      this.awaitingInput.set(header.msg_id, (value) => {
        cancelled.removeEventListener('abort', onCancel);
        resolve(value);
      });
      void this.sockets.send('stdin', {
        identities: request.identities,
        header,
        parent_header: request.header,
        metadata: {},
        content: { prompt: input.prompt, password: input.password },
        buffers: [],
      });
    });
  }

  /**
   * An input_reply answers the input_request its parent_header names; clients that leave the parent
   * out (jupyter_client's `input()` does; ipykernel does not check) answer the oldest one waiting.
   */
  private receiveInput(message: JupyterMessage): void {
    const parent = 'msg_id' in message.parent_header ? message.parent_header.msg_id : undefined;
    const requestId =
      parent !== undefined && this.awaitingInput.has(parent) ? parent : this.awaitingInput.keys().next().value;
    const answer = requestId === undefined ? undefined : this.awaitingInput.get(requestId);
    if (message.header.msg_type !== 'input_reply' || requestId === undefined || !answer) {
      this.options.log(`ignored ${message.header.msg_type} on stdin: no input_request waits for it\n`);
      return;
    }
    this.awaitingInput.delete(requestId);
    answer(typeof message.content.value === 'string' ? message.content.value : '');
  }

  /** Executions queued behind a failed cell are not run (ipykernel's stop_on_error). */
  private async abortQueued(): Promise<void> {
    for (const request of this.executions.splice(0)) {
      void this.publish('status', { execution_state: 'busy' }, request);
      await this.reply(request, 'execute_reply', { status: 'aborted', execution_count: this.executionCount });
      void this.publish('status', { execution_state: 'idle' }, request);
    }
  }

  private reply(request: Request, type: string, content: Record<string, unknown>): Promise<void> {
    return this.sockets.send(request.channel, {
      identities: request.identities,
      header: newHeader(type, this.session),
      parent_header: request.header,
      metadata: {},
      content,
      buffers: [],
    });
  }

  private publish(type: string, content: Record<string, unknown>, parent?: Request): Promise<void> {
    return this.sockets.send('iopub', {
      identities: [Buffer.from(type)],
      header: newHeader(type, this.session),
      parent_header: parent?.header ?? {},
      metadata: {},
      content,
      buffers: [],
    });
  }

  /** Stops the kernel process, delivers what is queued on the sockets, and ends this process. */
  private async end(code: number): Promise<void> {
    if (this.ending) return;
    this.ending = true;
    await this.kernel.shutdown();
    await this.sockets.close();
    this.options.exit(code);
  }
}

/** The error to report for a cell that did not finish 'ok' (an interrupted cell without one gets a notice). */
function failureOf(result: ExecutionResult): { name: string; message: string; stack?: string } | undefined {
  if (result.status === 'ok') return undefined;
  if (result.error) return result.error;
  return {
    name: 'Interrupted',
    message: result.stateLost
      ? "the cell was interrupted; the kernel restarted and the notebook's state was lost"
      : "the cell was interrupted; the notebook's state is kept",
  };
}
