/**
 * Telling a cell request the kernel lost from one still in flight, from the kernel's status reports.
 *
 * The status heartbeat comes from a timer, so it keeps coming from a kernel that lost a request (a
 * cell removed its message listener, or the answer could not be sent). Each report says whether the
 * kernel is busy and how many execute requests it has received. Idle while a cell waits:
 * - having received every request sent: the kernel lost the answer; one report is proof.
 * - not having received them all: the request may still be in the pipe. A report made before the
 *   kernel read it proves nothing, and after a long synchronous stretch an overdue timer fires
 *   before the pipe is read, so two such reports can come in a row under load. But every turn of the
 *   kernel's event loop reads the pipe: three in a row (about 6 s) cannot all predate the request.
 */
export const IDLE_REPORTS_OF_A_LOST_REQUEST = 3;

export type IdleVerdict = 'fine' | 'lost answer' | 'lost request';

export class LostRequestDetector {
  private idleReports = 0;

  /** A status report; `waiting` when a cell sent to this kernel has no answer yet. */
  observe(report: { busy: boolean; executesReceived: number }, executesSent: number, waiting: boolean): IdleVerdict {
    if (report.busy || !waiting) {
      this.idleReports = 0;
      return 'fine';
    }
    if (report.executesReceived >= executesSent) {
      this.idleReports = 0;
      return 'lost answer';
    }
    if (++this.idleReports < IDLE_REPORTS_OF_A_LOST_REQUEST) return 'fine';
    this.idleReports = 0;
    return 'lost request';
  }

  /** A cell was sent or a new kernel process started: earlier reports do not count. */
  reset(): void {
    this.idleReports = 0;
  }
}
