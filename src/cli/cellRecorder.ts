/**
 * Collects what one cell execution produced as nbformat outputs, the way a notebook front end shows
 * them: consecutive stream text of the same stream is merged, and a display update replaces the
 * earlier output with the same displayId (live progress and loss curves end as their last state).
 * The cell's value is an execute_result carrying the execution count, as Jupyter writes it.
 */
import type { ExecutionHandlers, ExecutionResult } from '../host';
import { streamOutput, toNbError, toNbOutput, type NbOutput } from '../host/nbformat';
import type { DisplayOutput } from '../protocol/outputs';

type Entry =
  | { kind: 'stream'; name: 'stdout' | 'stderr'; text: string }
  | { kind: 'display'; output: DisplayOutput; result: boolean };

export class CellRecorder {
  private readonly entries: Entry[] = [];

  readonly handlers: ExecutionHandlers = {
    onStream: (name, text) => {
      const last = this.entries[this.entries.length - 1];
      if (last?.kind === 'stream' && last.name === name) last.text += text;
      else this.entries.push({ kind: 'stream', name, text });
    },
    onDisplay: (output, update, result) => {
      const at =
        update && output.displayId !== undefined
          ? this.entries.findIndex((e) => e.kind === 'display' && e.output.displayId === output.displayId)
          : -1;
      if (at >= 0)
        this.entries[at] = {
          kind: 'display',
          output,
          result: this.entries[at].kind === 'display' && this.entries[at].result,
        };
      else this.entries.push({ kind: 'display', output, result });
    },
  };

  /** The cell's nbformat outputs, with an error output when it failed, was interrupted or timed out. */
  outputs(result: ExecutionResult, executionCount: number, note?: string): NbOutput[] {
    const outputs = this.entries.map((entry) =>
      entry.kind === 'stream'
        ? streamOutput(entry.name, entry.text)
        : toNbOutput(entry.output, entry.result ? executionCount : undefined),
    );
    if (result.error) outputs.push(toNbError(result.error));
    else if (result.status === 'interrupted')
      outputs.push(toNbError({ name: 'Interrupted', message: note ?? 'the cell was interrupted' }));
    return outputs;
  }
}
