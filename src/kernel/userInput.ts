/**
 * `await input(prompt?, { password })`: a cell asks the person running it for a line of text, as
 * Python's input() does in Jupyter. The request goes to the host tagged with the running execution;
 * the host answers with the text or with why no one can answer (the promise then rejects with an
 * InputUnavailable error). An interrupt rejects the waiting promise at once: the cell ends
 * interrupted with the notebook's state kept, instead of waiting out the runner's settle time.
 */
import type { InputReply } from '../protocol/userInput';
import type { KernelToHost } from '../protocol/kernelMessages';

export interface InputOptions {
  /** The text is secret: the front end does not echo it (Jupyter's password prompt, a masked input box). */
  password?: boolean;
}

export type InputFunction = (prompt?: string, options?: InputOptions) => Promise<string>;

interface Waiting {
  resolve(value: string): void;
  reject(error: Error): void;
}

export class UserInput {
  private readonly waiting = new Map<string, Waiting>();
  private nextId = 1;

  constructor(
    /** Sends to the host, after the cell's pending output, so the prompt follows what was printed. */
    private readonly send: (message: KernelToHost) => void,
    /** The running execution and its interrupt signal; undefined between cells. */
    private readonly running: () => { id: string; signal: AbortSignal } | undefined,
  ) {}

  /** The function cells call. */
  readonly input: InputFunction = (prompt = '', options = {}) => {
    if (typeof prompt !== 'string')
      return Promise.reject(new TypeError(`input(prompt): the prompt must be a string, got ${typeof prompt}`));
    const cell = this.running();
    if (!cell)
      return Promise.reject(
        unavailable(
          'input() can only be awaited while a cell runs (not from a timer or a callback after the cell ended)',
        ),
      );
    if (cell.signal.aborted) return Promise.reject(interrupted());
    const id = `i${this.nextId++}`;
    return new Promise<string>((resolve, reject) => {
      const onAbort = (): void => {
        this.waiting.delete(id);
        reject(interrupted());
      };
      cell.signal.addEventListener('abort', onAbort, { once: true });
      const settle = (): void => {
        this.waiting.delete(id);
        cell.signal.removeEventListener('abort', onAbort);
      };
      this.waiting.set(id, {
        resolve: (value) => (settle(), resolve(value)),
        reject: (error) => (settle(), reject(error)),
      });
      this.send({
        type: 'inputRequest',
        id,
        executionId: cell.id,
        request: { prompt, password: options?.password === true },
      });
    });
  };

  /** The host's answer to request `id` (ignored when the cell stopped waiting for it). */
  answer(id: string, reply: InputReply): void {
    const waiting = this.waiting.get(id);
    if (!waiting) return;
    if ('value' in reply) waiting.resolve(reply.value);
    else waiting.reject(unavailable(reply.error));
  }
}

function unavailable(message: string): Error {
  const error = new Error(message);
  error.name = 'InputUnavailable';
  return error;
}

function interrupted(): Error {
  const error = new Error("the cell was interrupted while waiting for input; the notebook's state is kept");
  error.name = 'Interrupted';
  return error;
}
