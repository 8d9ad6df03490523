/**
 * Everything a running cell produces, on its way to the host: stdout/stderr text (batched for a few
 * milliseconds so a tight console.log loop is not one IPC message per line, and capped per cell)
 * and display outputs (which first flush pending text, so the order the user saw is kept).
 */
import type { KernelToHost } from '../protocol/kernelMessages';
import type { DisplayOutput } from '../protocol/outputs';

export type Send = (message: KernelToHost) => void;

/** Characters of stdout+stderr one execution may send; the rest is dropped with a note. */
export const MAX_STREAM_CHARS = 1_000_000;
const FLUSH_MS = 8;

export class OutputSink {
  /** The execution outputs belong to: the running one, else the last one (late timer callbacks). */
  private executionId = '';
  private pending: { name: 'stdout' | 'stderr'; text: string }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private sent = 0;
  private truncated = false;

  constructor(private readonly send: Send) {}

  begin(executionId: string): void {
    this.flush();
    this.executionId = executionId;
    this.sent = 0;
    this.truncated = false;
  }

  get currentId(): string {
    return this.executionId;
  }

  stream(name: 'stdout' | 'stderr', text: string): void {
    if (this.truncated || text.length === 0) return;
    let chunk = text;
    if (this.sent + chunk.length > MAX_STREAM_CHARS) {
      chunk = `${chunk.slice(0, Math.max(0, MAX_STREAM_CHARS - this.sent))}\n… (output truncated after ${MAX_STREAM_CHARS} characters)\n`;
      this.truncated = true;
    }
    this.sent += chunk.length;
    const last = this.pending[this.pending.length - 1];
    if (last && last.name === name) last.text += chunk;
    else this.pending.push({ name, text: chunk });
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** `update`: replaces the output with the same displayId; `result`: the cell's value. */
  display(output: DisplayOutput, update = false, result = false): void {
    this.flush();
    this.send({
      type: 'display',
      id: this.executionId,
      output,
      ...(update ? { update: true } : {}),
      ...(result ? { result: true } : {}),
    });
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const pending = this.pending;
    this.pending = [];
    for (const { name, text } of pending) this.send({ type: 'stream', id: this.executionId, name, text });
  }
}

/** Routes process.stdout/stderr writes (console.* included) into the sink instead of the pipes. */
export function captureStandardStreams(sink: OutputSink): void {
  for (const name of ['stdout', 'stderr'] as const) {
    const stream = process[name];
    const write = (chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean => {
      const text =
        typeof chunk === 'string'
          ? chunk
          : Buffer.from(chunk as Uint8Array).toString(
              typeof encodingOrCallback === 'string' ? (encodingOrCallback as BufferEncoding) : 'utf8',
            );
      sink.stream(name, text);
      const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    };
    stream.write = write as typeof stream.write;
  }
}
