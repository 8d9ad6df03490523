/**
 * What the extension knows about one notebook's kernel at a moment, as the status bar and other views read it.
 */
import type { BackendInfo } from '../protocol/kernelMessages';

export type KernelState = 'starting' | 'idle' | 'busy' | 'dead';

export interface KernelSnapshot {
  state: KernelState;
  /** Set once the kernel said 'ready'. */
  backend?: BackendInfo;
  pid?: number;
  /** From the kernel's periodic 'status' messages. */
  rssBytes?: number;
  numTensors?: number;
  /** Why the kernel is dead (exit code or signal, crash message). */
  deathReason?: string;
}

/** "512 MB", "1.2 GB": resident memory as a person reads it. */
export function formatBytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${Math.round(mb)} MB`;
}
