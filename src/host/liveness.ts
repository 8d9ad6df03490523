/**
 * When to give up on an interrupted cell. A kernel whose event loop turns answers an interrupt
 * within about a second, and sends a status message at least every 2 s; a silent kernel is blocked
 * in synchronous code. Silence alone is not proof of an infinite loop: one training step on wasm can
 * take seconds. So the grace period grows with the longest silence the kernel showed while busy
 * before the interrupt (1.5x, capped), and the kernel is restarted only after that much silence.
 *
 * Messages are not proof of health either: the status heartbeat comes from a timer, and it keeps
 * coming from a kernel whose execution machinery is wedged (it lost the request, or failed while
 * reporting the result). A kernel whose event loop turns answers an interrupt within about a second
 * plus one synchronous stretch (at most the grace), so an interrupt unanswered for twice the grace is
 * a wedged kernel, however chatty: restarted too.
 */

export const MAX_GRACE_MS = 60_000;

export class Liveness {
  private lastHeard = performance.now();
  private longest = 0;

  /** A message arrived from the kernel. */
  heard(now = performance.now()): void {
    this.longest = Math.max(this.longest, now - this.lastHeard);
    this.lastHeard = now;
  }

  /** The kernel started a new busy period (or a new process): earlier silences do not count. */
  reset(now = performance.now()): void {
    this.lastHeard = now;
    this.longest = 0;
  }

  /** Milliseconds since the kernel last said anything. */
  silence(now = performance.now()): number {
    return now - this.lastHeard;
  }

  /** How much silence after an interrupt means "stuck": at least `base`, 1.5x the longest silence seen, at most MAX_GRACE_MS. */
  grace(base: number): number {
    return Math.min(MAX_GRACE_MS, Math.max(base, 1.5 * this.longest));
  }
}

/** How long an interrupted cell may stay unanswered, heartbeats or not, before the kernel counts as wedged. */
export function answerDeadline(grace: number): number {
  return 2 * grace;
}
