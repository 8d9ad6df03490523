/**
 * The host-side kernel API, shared by the CLI and the VS Code extension (never imports vscode).
 *
 *   const kernel = new KernelProcess({ kernelPath, cwd, execPath?, electronRunAsNode?, backend?, env?, interruptGraceMs? })
 *   await kernel.start()                       -> ReadyInfo { pid, backend: { name, reason }, nodeVersion, startMs }
 *   await kernel.execute(code, { onStream, onDisplay }, cellName?)
 *                                              -> ExecutionResult { status: ok|error|interrupted, error?, durationMs, stateLost }
 *   kernel.interrupt()                         running cell stops (state kept); a kernel silent for the grace period is restarted
 *   await kernel.restart(reason?) / kernel.shutdown()
 *   await kernel.panelRequest(request)         -> PanelResponse (never rejects; { kind: 'error' } instead)
 *   await kernel.codeQuery(query, timeoutMs?)  -> CodeAnswer: completion, inspection, is_complete (never rejects)
 *   kernel.state / kernel.info                 'stopped' | 'starting' | 'idle' | 'busy' | 'dead'; ReadyInfo of the running process
 *   kernel.on('state' | 'ready' | 'exit' | 'restarted' | 'panelEvent' | 'status' | 'log', listener) -> Disposable
 * execute() starts a kernel when none runs (after a death too). onDisplay(output, update): update means
 * "replace the earlier output with the same displayId". .ipynb reading/writing: nbformat.ts, notebookFile.ts.
 */
export { KernelProcess } from './kernelProcess';
export type { ExecutionHandlers, KernelEvents } from './kernelProcess';
export type { ExecutionResult, KernelExit, KernelProcessOptions, KernelState, KernelStatus, ReadyInfo } from './types';
export { describeExit } from './types';
export type { Disposable } from './emitter';
export {
  emptyNotebook,
  fromMimeBundle,
  joinSource,
  splitLines,
  toNbError,
  toNbOutput,
  LOOK_TWICE_KERNELSPEC,
  LOOK_TWICE_LANGUAGE_INFO,
} from './nbformat';
export type { MimeBundle, NbCell, NbCodeCell, NbOutput, Notebook } from './nbformat';
export { parseNotebook, readNotebook, serializeNotebook, writeNotebook, NotebookFormatError } from './notebookFile';
