import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MonitorSchedule } from '../../../src/simclr/monitor/monitorSchedule';

/** Steps (1-based) at which the schedule evaluates, feeding it step and evaluation times. */
function run(schedule: MonitorSchedule, steps: number, stepSeconds: number, evaluationSeconds: number): number[] {
  const due: number[] = [];
  for (let step = 1; step <= steps; step++) {
    schedule.recordStep(stepSeconds);
    if (schedule.due(step)) {
      due.push(step);
      schedule.recordEvaluation(evaluationSeconds);
    }
  }
  return due;
}

test('every N steps', () => {
  assert.deepEqual(run(new MonitorSchedule({ every: 3, images: 100, batchSize: 10 }), 10, 1, 5), [3, 6, 9]);
  assert.deepEqual(run(new MonitorSchedule({ every: 1, images: 100, batchSize: 10 }), 3, 1, 5), [1, 2, 3]);
});

test('auto: the first estimate comes from the step time, then measured costs space evaluations evenly within the budget', () => {
  // Estimate: 1 s/step x 600 images / (6 x 10 images) = 10 s; 10% budget -> first after 100 s of training.
  const schedule = new MonitorSchedule({ images: 600, batchSize: 10 });
  assert.equal(schedule.expectedCost(), 0);
  schedule.recordStep(1);
  assert.equal(schedule.expectedCost(), 10);
  const due = run(schedule, 399, 1, 4); // 400 steps in all
  assert.equal(due[0], 99, 'first evaluation when 100 s of training pays for a 10 s estimate');
  // Then measured 4 s each: one every 40 s of training (10%), evenly, never bunched.
  assert.deepEqual(due.slice(1, 4), [139, 179, 219]);
  const summary = schedule.summary();
  assert.equal(summary.trainSeconds, 400);
  assert.ok(summary.fraction <= 0.1, `fraction ${summary.fraction}`);
  assert.ok(summary.fraction > 0.07, `uses its budget: ${summary.fraction}`);
  assert.equal(summary.evaluations, due.length);
});

test('auto with another budget', () => {
  const schedule = new MonitorSchedule({ budget: 0.5, images: 60, batchSize: 10 });
  const due = run(schedule, 20, 1, 1);
  // Estimate 1 s x 60 / 60 = 1 s: paid by half of 2 s of training, then every other step.
  assert.deepEqual(due, [2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
  assert.equal(schedule.summary().fraction, 0.5);
});

test('bad options are refused with the option named', () => {
  assert.throws(
    () => new MonitorSchedule({ every: 0, images: 1, batchSize: 1 }),
    /monitor\.every must be a positive integer or 'auto', got 0/,
  );
  assert.throws(() => new MonitorSchedule({ every: 1.5, images: 1, batchSize: 1 }), /monitor\.every/);
  assert.throws(
    () => new MonitorSchedule({ budget: 0, images: 1, batchSize: 1 }),
    /monitor\.budget must be in \(0, 1\], got 0/,
  );
  assert.throws(() => new MonitorSchedule({ budget: 2, images: 1, batchSize: 1 }), /monitor\.budget/);
});
