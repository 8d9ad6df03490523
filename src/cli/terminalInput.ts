/**
 * How `look-twice run` answers a cell's `await input()`: from the terminal it runs in, when its stdin
 * is one (the prompt on stdout; a password's typing not echoed; Ctrl-C interrupts the cell as
 * elsewhere in the run). Without a terminal (CI, a pipe) no one can answer: the cell gets an error
 * saying so at once, instead of a run that hangs.
 */
import * as readline from 'node:readline';
import { Writable } from 'node:stream';
import type { InputRequest } from '../protocol/userInput';

export interface Terminal {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
}

export const NO_TERMINAL =
  '`look-twice run` answers input() from its terminal, and its stdin is not one (CI, a pipe): set the value in the notebook, or run the notebook in VS Code or Jupyter';

export function askTerminal(
  request: InputRequest,
  cancelled: AbortSignal,
  terminal: Terminal = { input: process.stdin, output: process.stdout },
): Promise<string> {
  if (!terminal.input.isTTY) return Promise.reject(new Error(NO_TERMINAL));
  let hidden = false;
  // Echo goes through here: muted after the prompt for a password.
  const echo = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!hidden) terminal.output.write(chunk);
      done();
    },
  });
  const line = readline.createInterface({ input: terminal.input, output: echo, terminal: true });
  // In raw mode Ctrl-C reaches readline, not the process: pass it on (the CLI interrupts the cell).
  line.on('SIGINT', () => process.emit('SIGINT'));
  return new Promise<string>((resolve, reject) => {
    const close = (): void => {
      cancelled.removeEventListener('abort', onCancel);
      if (hidden) terminal.output.write('\n');
      line.close();
    };
    const onCancel = (): void => {
      close();
      reject(new Error('the cell ended before the answer'));
    };
    cancelled.addEventListener('abort', onCancel, { once: true });
    line.question(request.prompt, (answer) => {
      close();
      resolve(answer);
    });
    hidden = request.password;
  });
}
