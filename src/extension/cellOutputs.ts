/**
 * Kernel messages of one execution -> the outputs of one notebook cell, as VS Code shows them while they stream:
 * consecutive stdout (or stderr) text is appended to one output, a display output is appended, and a display
 * update replaces the items of the earlier output with the same displayId (live progress, growing loss curves).
 */
import * as vscode from 'vscode';
import type { CellError, DisplayOutput } from '../protocol/outputs';

const STREAM_MIME = {
  stdout: 'application/vnd.code.notebook.stdout',
  stderr: 'application/vnd.code.notebook.stderr',
} as const;

/** VS Code's own output item for each protocol item (bytes are passed through; VS Code decodes text MIME types). */
export function toOutputItems(output: DisplayOutput): vscode.NotebookCellOutputItem[] {
  return output.items.map((item) => new vscode.NotebookCellOutputItem(item.data, item.mime));
}

export function errorOutput(error: CellError): vscode.NotebookCellOutput {
  return new vscode.NotebookCellOutput([
    vscode.NotebookCellOutputItem.error({ name: error.name, message: error.message, stack: error.stack }),
  ]);
}

/** Writes one execution's outputs into its NotebookCellExecution, in arrival order. */
export class CellOutputWriter {
  private lastStream: { name: 'stdout' | 'stderr'; output: vscode.NotebookCellOutput } | undefined;
  private readonly displays = new Map<string, vscode.NotebookCellOutput>();
  /** Output edits are asynchronous: chain them so that they land in the order the kernel sent them. */
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly execution: vscode.NotebookCellExecution) {}

  clear(): Promise<void> {
    return this.enqueue(() => this.execution.clearOutput());
  }

  stream(name: 'stdout' | 'stderr', text: string): Promise<void> {
    const item = vscode.NotebookCellOutputItem.text(text, STREAM_MIME[name]);
    const last = this.lastStream;
    if (last && last.name === name) return this.enqueue(() => this.execution.appendOutputItems(item, last.output));
    const output = new vscode.NotebookCellOutput([item]);
    this.lastStream = { name, output };
    return this.enqueue(() => this.execution.appendOutput(output));
  }

  display(display: DisplayOutput, update: boolean): Promise<void> {
    const items = toOutputItems(display);
    const existing = display.displayId ? this.displays.get(display.displayId) : undefined;
    if (update && existing) return this.enqueue(() => this.execution.replaceOutputItems(items, existing));
    const metadata = display.displayId ? { lookTwiceDisplayId: display.displayId } : undefined;
    const output = new vscode.NotebookCellOutput(items, metadata);
    if (display.displayId) this.displays.set(display.displayId, output);
    this.lastStream = undefined;
    return this.enqueue(() => this.execution.appendOutput(output));
  }

  error(error: CellError): Promise<void> {
    this.lastStream = undefined;
    return this.enqueue(() => this.execution.appendOutput(errorOutput(error)));
  }

  /** Resolves when every edit so far has been applied. */
  flushed(): Promise<void> {
    return this.queue;
  }

  private enqueue(edit: () => Thenable<void>): Promise<void> {
    // An edit can fail when the cell was deleted meanwhile; later edits still run.
    this.queue = this.queue.then(edit).then(undefined, () => undefined);
    return this.queue;
  }
}
