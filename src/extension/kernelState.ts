/**
 * What the extension knows about one notebook's kernel at a moment, and how the status bar words it.
 * Pure (no vscode), so Node's test runner covers it (test/extension/kernelState.test.ts).
 */
import type { BackendInfo, KernelState } from '../protocol/kernelMessages';

export interface KernelSnapshot {
  /** The kernel process's state; a notebook's kernel is never shown 'stopped' (it is 'starting' until its process runs). */
  state: Exclude<KernelState, 'stopped'>;
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

const ICONS: Record<KernelSnapshot['state'], string> = {
  starting: '$(loading~spin)',
  idle: '$(circle-outline)',
  busy: '$(circle-filled)',
  dead: '$(error)',
};

/** The item's text and tooltip for a snapshot (pure, so the format is easy to read and test). */
export function describeKernel(
  snapshot: KernelSnapshot | undefined,
  configuredBackend: string,
): { text: string; tooltip: string } {
  if (!snapshot) {
    return {
      text: `$(beaker) Look Twice: ${configuredBackend} · no kernel`,
      tooltip: `Backend setting: ${configuredBackend}. The kernel starts when a cell runs.`,
    };
  }
  const backend = snapshot.backend?.name ?? configuredBackend;
  const parts = [`$(beaker) ${backend}`, `${ICONS[snapshot.state]} ${snapshot.state}`];
  if (snapshot.rssBytes !== undefined && snapshot.state !== 'dead') parts.push(formatBytes(snapshot.rssBytes));
  const tooltip = [
    `Look Twice kernel: ${snapshot.state}${snapshot.pid ? ` (pid ${snapshot.pid})` : ''}`,
    snapshot.backend
      ? `Backend: ${snapshot.backend.name}: ${snapshot.backend.reason}`
      : `Backend setting: ${configuredBackend}`,
    snapshot.rssBytes !== undefined
      ? `Memory: ${formatBytes(snapshot.rssBytes)} resident, ${snapshot.numTensors ?? 0} tensors`
      : undefined,
    snapshot.deathReason ? `Stopped: ${snapshot.deathReason}. Click to restart.` : 'Click to select the backend.',
  ].filter((line): line is string => line !== undefined);
  return { text: parts.join(' · '), tooltip: tooltip.join('\n') };
}
