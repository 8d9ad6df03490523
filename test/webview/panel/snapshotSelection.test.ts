import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MonitorSnapshot, TrainSnapshot } from '../../../src/protocol/trainingEvents';
import { applyTrainEvent, type Run } from '../../../src/webview/panel/runs';
import {
  fractions,
  inspectableRuns,
  inspectedSnapshot,
  normalisedSpectrum,
  runExtent,
  scrubberText,
} from '../../../src/webview/panel/snapshotSelection';

const snapshotAt = (runId: string, step: number, points: number[]): TrainSnapshot => ({
  kind: 'trainSnapshot',
  runId,
  method: 'simclr',
  step,
  snapshot: { points: Float32Array.from(points), spectrum: [4, 2, 0] } as unknown as MonitorSnapshot,
});

function runsWith(...events: Parameters<typeof applyTrainEvent>[1][]): Run[] {
  return events.reduce<Run[]>((runs, e) => applyTrainEvent(runs, e), []);
}

test('inspectedSnapshot: the latest run with snapshots; the picked step, else the newest (following)', () => {
  const runs = runsWith(
    { kind: 'trainStart', runId: 'a', method: 'simclr', totalSteps: 30, startedAt: 0, config: {} },
    snapshotAt('a', 10, [0, 0]),
    snapshotAt('a', 20, [1, 1]),
    snapshotAt('a', 30, [2, 2]),
    { kind: 'trainStart', runId: 'b', method: 'simclr', totalSteps: 30, startedAt: 0, config: {} },
  );
  assert.equal(inspectedSnapshot([], undefined), undefined);
  const newest = inspectedSnapshot(runs, undefined);
  assert.equal(newest?.run.id, 'a', 'run b has no snapshots yet');
  assert.deepEqual([newest?.index, newest?.event.step, newest?.following], [2, 30, true]);
  const picked = inspectedSnapshot(runs, 20);
  assert.deepEqual([picked?.index, picked?.following], [1, false]);
  assert.equal(scrubberText(picked as NonNullable<typeof picked>), 'step 20 · snapshot 2/3');
  assert.equal(scrubberText(newest as NonNullable<typeof newest>), 'step 30 · snapshot 3/3 · following the run');
  const gone = inspectedSnapshot(runs, 15);
  assert.deepEqual(
    [gone?.index, gone?.following],
    [2, true],
    'a step thinned away or of another run: back to the newest',
  );
});

test('inspectedSnapshot: a picked earlier run; a run gone or without snapshots falls back to the latest with them', () => {
  const runs = runsWith(snapshotAt('old', 5, [0, 0]), snapshotAt('old', 10, [1, 1]), snapshotAt('new', 4, [2, 2]), {
    kind: 'trainStart',
    runId: 'empty',
    method: 'simclr',
    totalSteps: 30,
    startedAt: 0,
    config: {},
  });
  assert.deepEqual(
    inspectableRuns(runs).map((r) => r.id),
    ['new', 'old'],
    'newest first, runs without snapshots left out',
  );
  const cases: [string | undefined, number | undefined, string, number][] = [
    [undefined, undefined, 'new', 4],
    ['old', undefined, 'old', 10],
    ['old', 5, 'old', 5],
    ['gone', undefined, 'new', 4],
    ['empty', 5, 'new', 4],
  ];
  for (const [runId, step, run, shown] of cases) {
    const inspected = inspectedSnapshot(runs, step, runId);
    assert.deepEqual([inspected?.run.id, inspected?.event.step], [run, shown], `run ${runId}, step ${step}`);
  }
});

test('runExtent: one square frame around every snapshot of the run, padded 5%', () => {
  const extent = runExtent([snapshotAt('a', 1, [0, 0, 1, 0.5]), snapshotAt('a', 2, [-1, -0.5, 3, 1])]);
  // x spans -1..3 (the larger side, 4), y -0.5..1: centred squares of half-width 2 * 1.05.
  const expected = { minX: 1 - 2.1, maxX: 1 + 2.1, minY: 0.25 - 2.1, maxY: 0.25 + 2.1 };
  for (const key of Object.keys(expected) as (keyof typeof expected)[])
    assert.ok(Math.abs(extent[key] - expected[key]) < 1e-9, `${key}: ${extent[key]}`);
  assert.deepEqual(runExtent([]), { minX: -1, maxX: 1, minY: -1, maxY: 1 });
});

test('fractions and normalisedSpectrum: table', () => {
  const cases: [number[], number[]][] = [
    [
      [1, 3],
      [0.25, 0.75],
    ],
    [
      [0, 0],
      [0, 0],
    ],
    [[5], [1]],
  ];
  for (const [counts, expected] of cases) assert.deepEqual(fractions(counts), expected);
  assert.deepEqual(normalisedSpectrum({ spectrum: [4, 2, 0] }), [1, 0.5, 0]);
  assert.deepEqual(normalisedSpectrum({ spectrum: [0, 0] }), [], 'a collapsed batch has no spectrum');
  assert.deepEqual(normalisedSpectrum({ spectrum: [] }), []);
});
