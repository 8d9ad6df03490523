/**
 * The host-side kernel API, shared by the CLI and the VS Code extension (never imports vscode).
 */
export { KernelProcess } from './kernelProcess';
export type { ExecutionHandlers, KernelEvents } from './kernelProcess';
export type { ExecutionResult, KernelExit, KernelProcessOptions, KernelState, KernelStatus, ReadyInfo } from './types';
export { describeExit } from './types';
export type { Disposable } from './emitter';
export { emptyNotebook, fromMimeBundle, joinSource, splitLines, toNbError, toNbOutput, LOOK_TWICE_KERNELSPEC, LOOK_TWICE_LANGUAGE_INFO } from './nbformat';
export type { MimeBundle, NbCell, NbCodeCell, NbOutput, Notebook } from './nbformat';
export { parseNotebook, readNotebook, serializeNotebook, writeNotebook, NotebookFormatError } from './notebookFile';
