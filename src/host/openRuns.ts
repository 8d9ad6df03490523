/**
 * Training runs that started in the kernel process and have not ended. When that process dies or is
 * restarted mid-run, nothing in it can report the end any more, so the host ends them: a `trainEnd`
 * (status 'error' for a death, 'interrupted' for a restart or shutdown, with the reason) for the panel
 * and the progress notification, and the run's progress and loss-curve outputs, replaced in its cell,
 * saying so (the curve keeps its points: the host re-sends the last one the kernel drew, ended).
 */
import type { DisplayOutput } from '../protocol/outputs';
import type { PanelEvent } from '../protocol/panelMessages';
import type { RunStatus, TrainEnd, TrainStart, TrainStep } from '../protocol/trainingEvents';
import {
  endedLossCurveOutput,
  lossCurveDisplayId,
  progressOutput,
  progressPayload,
} from '../protocol/trainingProgress';

interface OpenRun {
  /** The execution that was running when the run started: its cell shows the run's progress. */
  executionId: string | undefined;
  start: TrainStart;
  last: TrainStep | undefined;
  /** The run's latest loss-curve output, once the kernel has drawn one. */
  curve: DisplayOutput | undefined;
}

export interface EndedRun {
  executionId: string | undefined;
  event: TrainEnd;
  progress: DisplayOutput;
  curve: DisplayOutput | undefined;
}

export class OpenRuns {
  private readonly runs = new Map<string, OpenRun>();

  /** Follows a panel event the kernel sent while `executionId` ran. */
  observe(event: PanelEvent, executionId: string | undefined): void {
    switch (event.kind) {
      case 'trainStart':
        this.runs.set(event.runId, { executionId, start: event, last: undefined, curve: undefined });
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

  /** Follows a display output of the kernel: keeps an open run's latest loss curve. */
  observeDisplay(output: DisplayOutput): void {
    for (const run of this.runs.values())
      if (output.displayId === lossCurveDisplayId(run.start.runId)) run.curve = output;
  }

  /** Ends every open run with `status` and `message`, and forgets them. */
  endAll(status: Exclude<RunStatus, 'done'>, message: string): EndedRun[] {
    const ended = [...this.runs.values()].map(({ executionId, start, last, curve }) => ({
      executionId,
      event: { kind: 'trainEnd', runId: start.runId, status, step: last?.step ?? 0, message } satisfies TrainEnd,
      progress: progressOutput(progressPayload(start, last, status, 0, message)),
      curve: curve && endedLossCurveOutput(curve, status, message),
    }));
    this.runs.clear();
    return ended;
  }
}
