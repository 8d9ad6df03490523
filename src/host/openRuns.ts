/**
 * Training runs that started in the kernel process and have not ended. When that process dies or is
 * restarted mid-run, nothing in it can report the end any more, so the host ends them: a `trainEnd`
 * (status 'error' for a death, 'interrupted' for a restart or shutdown, with the reason) for the panel
 * and the progress notification, and the run's progress output, replaced in its cell, saying so.
 */
import type { DisplayOutput } from '../protocol/outputs';
import type { PanelEvent } from '../protocol/panelMessages';
import type { RunStatus, TrainEnd, TrainStart, TrainStep } from '../protocol/trainingEvents';
import { progressOutput, progressPayload } from '../protocol/trainingProgress';

interface OpenRun {
  /** The execution that was running when the run started: its cell shows the run's progress. */
  executionId: string | undefined;
  start: TrainStart;
  last: TrainStep | undefined;
}

export interface EndedRun {
  executionId: string | undefined;
  event: TrainEnd;
  progress: DisplayOutput;
}

export class OpenRuns {
  private readonly runs = new Map<string, OpenRun>();

  /** Follows a panel event the kernel sent while `executionId` ran. */
  observe(event: PanelEvent, executionId: string | undefined): void {
    switch (event.kind) {
      case 'trainStart':
        this.runs.set(event.runId, { executionId, start: event, last: undefined });
        return;
      case 'trainStep': {
        const run = this.runs.get(event.runId);
        if (run) run.last = event;
        return;
      }
      case 'trainEnd':
        this.runs.delete(event.runId);
        return;
      default:
        return;
    }
  }

  /** Ends every open run with `status` and `message`, and forgets them. */
  endAll(status: RunStatus, message: string): EndedRun[] {
    const ended = [...this.runs.values()].map(({ executionId, start, last }) => ({
      executionId,
      event: { kind: 'trainEnd', runId: start.runId, status, step: last?.step ?? 0, message } satisfies TrainEnd,
      progress: progressOutput(progressPayload(start, last, status, 0, message)),
    }));
    this.runs.clear();
    return ended;
  }
}
