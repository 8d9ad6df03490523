/**
 * `look-twice run`: executes a notebook's code cells in order in a fresh kernel (the same kernel
 * and outputs as in VS Code), prints each cell's status, stops at the first failing cell, and writes
 * the executed notebook. A cell over the timeout is interrupted (and the kernel restarted if it does
 * not stop) and counts as failed. A cell's `await input()` is answered from the terminal, if any.
 * SIGTERM or SIGHUP (a CI job cancelled, a terminal closed) interrupts the running cell, writes what
 * ran, and shuts the kernel down before the command exits, so neither results nor a kernel are left.
 */
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KernelProcess } from '../host';
import { joinSource, LOOK_TWICE_KERNELSPEC, LOOK_TWICE_LANGUAGE_INFO } from '../host/nbformat';
import { notebookBytes, readNotebookFile } from '../host/notebookFile';
import { replaceFile } from '../host/replaceFile';
import type { RunCommand } from './args';
import { CellRecorder } from './cellRecorder';
import { askTerminal } from './terminalInput';
import type { KernelEntry } from './kernelEntry';

export interface RunReport {
  ran: number;
  failed: boolean;
  written: string;
  /** The signal that stopped the run early, if one did (the command then exits 128 + its number). */
  stoppedBy?: StopSignal;
}

/** Signals that end a run the way Ctrl-C ends a cell, and then end the command. */
export const STOP_SIGNALS = ['SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

export async function runNotebook(
  command: RunCommand,
  kernelEntry: KernelEntry,
  log: (line: string) => void,
): Promise<RunReport> {
  const source = path.resolve(command.notebook);
  const { notebook, source: original } = readNotebookFile(source);
  const target = path.resolve(command.out ?? source);
  notebook.metadata.kernelspec ??= { ...LOOK_TWICE_KERNELSPEC };
  notebook.metadata.language_info ??= { ...LOOK_TWICE_LANGUAGE_INFO };

  const kernel = new KernelProcess({
    ...kernelEntry,
    cwd: path.dirname(source),
    ...(command.backend ? { backend: command.backend } : {}),
  });
  kernel.on('log', ({ stream, text }) => {
    if (stream === 'stderr' && /FATAL|out of memory/i.test(text)) log(text.trimEnd());
  });
  const codeCells = notebook.cells.filter((cell) => cell.cell_type === 'code');
  let ran = 0;
  let failed = false;
  // Ctrl-C interrupts the running cell (as the notebook toolbar would); the notebook is still written.
  let userInterrupt = false;
  const onSigint = (): void => {
    userInterrupt = true;
    kernel.interrupt();
  };
  process.on('SIGINT', onSigint);
  let stoppedBy: StopSignal | undefined;
  const onStop = (signal: StopSignal): void => {
    stoppedBy ??= signal;
    kernel.interrupt();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onStop);
  try {
    const ready = await kernel.start();
    log(
      `kernel ready in ${(ready.startMs / 1000).toFixed(1)} s (backend ${ready.backend.name}, node ${ready.nodeVersion})`,
    );
    for (const cell of notebook.cells) {
      if (cell.cell_type !== 'code') continue;
      if (stoppedBy) {
        failed = true;
        log(`stopping (${stoppedBy}): ${codeCells.length - ran} cell(s) not run`);
        break;
      }
      ran++;
      const label = `[${ran}/${codeCells.length}]`;
      const recorder = new CellRecorder();
      let timedOut = false;
      const timer =
        command.timeoutSeconds === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              kernel.interrupt();
            }, command.timeoutSeconds * 1000);
      const result = await kernel.execute(
        joinSource(cell.source),
        { ...recorder.handlers, onInput: askTerminal },
        `cell${notebook.cells.indexOf(cell) + 1}`,
      );
      clearTimeout(timer);
      const note = timedOut
        ? `the cell ran longer than --timeout ${command.timeoutSeconds} s`
        : stoppedBy
          ? `interrupted: the command received ${stoppedBy}`
          : userInterrupt
            ? 'interrupted from the terminal (Ctrl-C)'
            : undefined;
      cell.outputs = recorder.outputs(
        timedOut && !result.error ? { ...result, status: 'interrupted' } : result,
        ran,
        note,
      );
      cell.execution_count = ran;
      const seconds = `${(result.durationMs / 1000).toFixed(2)} s`;
      if (result.status === 'ok' && !timedOut) {
        log(`${label} ok (${seconds})`);
        continue;
      }
      if (stoppedBy) {
        failed = true;
        log(`${label} interrupted (${stoppedBy})`);
        if (ran < codeCells.length) log(`stopping: ${codeCells.length - ran} cell(s) not run`);
        break;
      }
      failed = true;
      const why = timedOut
        ? `timed out after ${command.timeoutSeconds} s`
        : result.status === 'interrupted'
          ? 'interrupted'
          : `failed: ${result.error?.name}: ${result.error?.message}`;
      log(`${label} ${why}${result.stateLost ? ' (kernel restarted, state lost)' : ''}`);
      if (result.error?.stack)
        log(
          result.error.stack
            .split('\n')
            .map((line) => `    ${line}`)
            .join('\n'),
        );
      if (ran < codeCells.length) log(`stopping: ${codeCells.length - ran} cell(s) not run`);
      break;
    }
  } finally {
    process.off('SIGINT', onSigint);
    for (const signal of STOP_SIGNALS) process.off(signal, onStop);
    await kernel.shutdown();
  }
  const summary = `${failed ? 'FAILED' : 'ok'}: ${ran} of ${codeCells.length} code cells run`;
  try {
    saveExecuted(target, notebookBytes(notebook, original));
  } catch (error) {
    log(`${summary}; the notebook was not written`);
    throw error;
  }
  log(`${summary}; wrote ${path.relative(process.cwd(), target) || target}`);
  return { ran, failed, written: target, ...(stoppedBy ? { stoppedBy } : {}) };
}

/**
 * Writes the executed notebook; when that fails (a missing or read-only folder, a read-only file, a
 * folder in the way), the results go to a new private file in the temporary folder, and the error
 * names both the file that could not be written, and why, and where the results are.
 */
function saveExecuted(target: string, bytes: Buffer): void {
  try {
    replaceFile(target, bytes);
  } catch (error) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const rescued = path.join(os.tmpdir(), `${path.basename(target, '.ipynb')}.executed-${stamp}-${process.pid}.ipynb`);
    try {
      writeFileSync(rescued, bytes, { flag: 'wx', mode: 0o600 });
    } catch (rescueError) {
      throw new Error(
        `${(error as Error).message}; the results could not be kept either (${rescued}: ${(rescueError as Error).message})`,
      );
    }
    throw new Error(`${(error as Error).message}. The executed notebook was saved to ${rescued} instead`);
  }
}
