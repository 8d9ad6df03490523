/**
 * The kernel's message loop: cells run one at a time in arrival order, each with its own
 * AbortController installed as the library's ambient RunContext (so `pretrain` stops on interrupt
 * and streams its progress with no cell code); panel requests are answered between a cell's awaits.
 */
import * as path from 'node:path';
import type { HostToKernel, KernelToHost } from '../protocol/kernelMessages';
import type { PanelEvent } from '../protocol/panelMessages';
import { setRunContext } from '../simclr/context';
import { tf } from '../simclr/tf';
import { CellRunner, type CellResult } from './cellRunner';
import { describeThrown } from './transform/describeThrown';
import { createImporter, type Namespace } from './importer';
import { OutputSink } from './outputSink';
import { isNotebookFolderFrame } from './processWarnings';
import { formatValue } from './display/formatValue';
import { createDisplay } from './display/displayApi';
import { createShow } from './display/show';
import { TrainingReporter } from './training/trainingReporter';
import { TrackedWork } from './trackedWork';
import { PublishedStore } from './panel/embeddingStore';
import { answerPanelRequest } from './panel/panelRequests';
import { createPanelApi } from './panel/panelApi';
import { assertNever } from '../protocol/assertNever';
import { answerCodeQuery } from './codeQueries/answerCodeQuery';
import { TensorTracker } from './variables/tensorTracker';
import { UserInput } from './userInput';
import { cellMemory, memorySnapshot, summariseScope } from './variables/variablesReport';

interface QueuedCell {
  id: string;
  code: string;
  cellName?: string;
}

export class Kernel {
  readonly sink: OutputSink;
  private readonly runner: CellRunner;
  private readonly published = new PublishedStore();
  private readonly queue: QueuedCell[] = [];
  private running: { id: string; controller: AbortController } | undefined;
  /** show.* work a cell started and may not have awaited: finished before the cell is reported done. */
  private readonly tracked = new TrackedWork();
  /** Execute requests received so far; reported in every status message. */
  private executesReceived = 0;
  private readonly tensors = new TensorTracker();
  /** Names the kernel defines itself (display, show, input, panel): not the user's variables. */
  private readonly kernelNames: ReadonlySet<string>;
  private readonly userInput: UserInput;

  constructor(
    private readonly send: (message: KernelToHost) => void,
    private readonly notebookDir: string,
    library: Namespace,
  ) {
    this.sink = new OutputSink(send);
    const display = createDisplay((output, update) => this.sink.display(output, update));
    const show = createShow({
      display: (output, update) => this.sink.display(output, update),
      publish: (event) => this.publish(event),
      signal: () => this.running?.controller.signal,
      track: (work) => this.tracked.track(work),
      rememberAugmentConfig: (id, config) => this.published.rememberAugmentConfig(id, config),
      rememberTextQuery: (id, embedText) => this.published.rememberTextQuery(id, embedText),
      rememberPairSource: (id, source) => this.published.rememberPairSource(id, source),
    });
    this.userInput = new UserInput(
      (message) => {
        this.sink.flush();
        send(message);
      },
      () => this.running && { id: this.running.id, signal: this.running.controller.signal },
    );
    const input = this.userInput.input;
    const panel = createPanelApi(this.published, notebookDir, () => this.running?.controller.signal);
    const lookTwice: Namespace = Object.assign(Object.create(null) as Namespace, library, {
      display,
      show,
      input,
      panel,
    });
    lookTwice.default = lookTwice;
    const tfNamespace: Namespace = Object.assign(Object.create(null) as Namespace, tf, { default: tf });
    const fixed = new Map<string, Namespace>([
      ['look-twice', lookTwice],
      ['look-twice/simclr', lookTwice],
      ['@tensorflow/tfjs', tfNamespace],
      ['@tensorflow/tfjs-core', tfNamespace],
    ]);
    this.runner = new CellRunner(createImporter(notebookDir, fixed));
    const globals = { display, show, input, panel };
    this.runner.define(globals);
    this.kernelNames = new Set(Object.keys(globals));
  }

  /** Whether a stack frame is the user's code: a cell or a local module of the notebook's folder. */
  isUserFrame(frame: string): boolean {
    return this.runner.isCellFrame(frame) || isNotebookFolderFrame(frame, this.notebookDir, path.sep);
  }

  handle(message: HostToKernel): void {
    switch (message.type) {
      case 'execute':
        this.executesReceived++;
        this.queue.push({ id: message.id, code: message.code, cellName: message.cellName });
        if (!this.running) void this.drain();
        return;
      case 'interrupt':
        this.interrupt(message.id);
        return;
      case 'shutdown':
        this.sink.flush();
        process.exit(0);
        return;
      case 'panelRequest':
        void answerPanelRequest(
          message.id,
          message.request,
          this.published,
          (event) => this.publish(event),
          this.runner.scope,
        ).then((response) => this.send({ type: 'panelResponse', id: message.id, response }));
        return;
      case 'codeQuery':
        this.send({ type: 'codeAnswer', id: message.id, answer: answerCodeQuery(message.query, this.runner.scope) });
        return;
      case 'inputReply':
        this.userInput.answer(message.id, message.reply);
        return;
      default:
        assertNever(message, 'host message');
    }
  }

  /** Interrupts execution `id` (running or queued); without an id, the running cell and all queued ones. */
  private interrupt(id: string | undefined): void {
    const dropped: QueuedCell[] = [];
    const kept: QueuedCell[] = [];
    for (const cell of this.queue) (id === undefined || cell.id === id ? dropped : kept).push(cell);
    this.queue.splice(0, this.queue.length, ...kept);
    for (const cell of dropped) this.send({ type: 'executed', id: cell.id, status: 'interrupted', durationMs: 0 });
    if (this.running && (id === undefined || this.running.id === id))
      this.running.controller.abort(new Error('interrupted'));
  }

  /** Every cell is answered with an 'executed' message, whatever it threw and whatever failed while reporting it. */
  private async drain(): Promise<void> {
    for (let cell = this.queue.shift(); cell; cell = this.queue.shift()) {
      const started = performance.now();
      let result: CellResult;
      try {
        result = await this.runCell(cell);
      } catch (error) {
        result = {
          status: 'error',
          hasValue: false,
          error: { name: 'KernelError', message: `the kernel failed while running the cell: ${safeMessage(error)}` },
        };
      }
      this.running = undefined;
      const durationMs = performance.now() - started;
      try {
        this.send({
          type: 'executed',
          id: cell.id,
          status: result.status,
          ...(result.error ? { error: result.error } : {}),
          durationMs,
        });
      } catch (error) {
        this.send({
          type: 'executed',
          id: cell.id,
          status: result.status,
          error: { name: 'KernelError', message: `the cell's result could not be sent: ${safeMessage(error)}` },
          durationMs,
        });
      }
      this.sendStatus();
    }
  }

  private async runCell(cell: QueuedCell): Promise<CellResult> {
    const controller = new AbortController();
    this.running = { id: cell.id, controller };
    this.sink.begin(cell.id);
    const reporter = new TrainingReporter(
      (output, update) => this.sink.display(output, update),
      (event) => this.send({ type: 'panelEvent', event }),
    );
    setRunContext({ signal: controller.signal, emit: (event) => reporter.handle(event) });
    const memoryBefore = memorySnapshot();
    this.tensors.begin();
    let result = await this.runner.run(cell.code, controller.signal, cell.cellName);
    const unobserved = result.status === 'ok' ? await this.tracked.settle() : (this.tracked.clear(), undefined);
    if (unobserved) result = { status: 'error', hasValue: false, error: this.runner.describe(unobserved.error) };
    reporter.finish(result.status);
    if (result.hasValue) {
      try {
        this.sink.display(formatValue(result.value, { asResult: true }), false, true);
      } catch (error) {
        this.sink.stream('stderr', `could not display the cell's value: ${safeMessage(error)}\n`);
      }
    }
    this.sink.flush();
    this.reportVariables(cell, memoryBefore);
    return result;
  }

  /** The Variables view's data after a cell: summaries read from the kernel's own objects, no values serialised. */
  private reportVariables(cell: QueuedCell, memoryBefore: ReturnType<typeof memorySnapshot>): void {
    try {
      const alive = this.tensors.end();
      const memory = cellMemory(cell.id, cell.cellName, memoryBefore, alive, this.runner.scope);
      this.send({
        type: 'panelEvent',
        event: { kind: 'variables', variables: summariseScope(this.runner.scope, this.kernelNames), memory },
      });
    } catch (error) {
      this.sink.stream('stderr', `Look Twice could not list the variables: ${safeMessage(error)}\n`);
    }
  }

  private publish(event: PanelEvent): void {
    this.published.remember(event);
    this.send({ type: 'panelEvent', event });
  }

  sendStatus(): void {
    this.send({
      type: 'status',
      rssBytes: process.memoryUsage.rss(),
      numTensors: tf.memory().numTensors,
      busy: this.running !== undefined,
      executesReceived: this.executesReceived,
    });
  }

  /** An error no cell awaited (a rejected promise or a throwing timer): shown on the current cell's stderr. */
  reportStray(error: unknown): void {
    const described = this.runner.describe(error);
    this.sink.stream('stderr', `${described.stack ?? `${described.name}: ${described.message}`}\n`);
  }
}

function safeMessage(error: unknown): string {
  return describeThrown(error).message;
}
