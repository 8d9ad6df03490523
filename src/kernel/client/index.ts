/**
 * The host-side kernel API, shared by the CLI and the VS Code extension (never imports vscode).
 */
export { KernelProcess } from './kernelProcess';
export type { ExecutionHandlers, KernelEvents } from './kernelProcess';
export type { ExecutionResult, KernelExit, KernelProcessOptions, KernelState, KernelStatus, ReadyInfo } from './types';
export { describeExit } from './types';
export type { Disposable } from './emitter';
