import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collapseNotice } from '../../../src/webview/panel/collapseNotice';
import type { Run } from '../../../src/webview/panel/runs';

const run = (lossSteps: number[], flagged: number[], ratio?: number): Run => ({
  id: 'r',
  method: 'simsiam',
  totalSteps: 10,
  config: {},
  startedAt: 0,
  status: 'running',
  snapshots: [],
  series: {
    loss: { steps: lossSteps, values: lossSteps.map(() => 1) },
    ...(flagged.length ? { collapsing: { steps: flagged, values: flagged.map(() => 1) } } : {}),
    ...(ratio === undefined
      ? {}
      : { representationStdRatio: { steps: [lossSteps.at(-1) as number], values: [ratio] } }),
  },
});

test('collapseNotice: none for a healthy run or no run; since the first flagged step; recovered runs say so', () => {
  assert.equal(collapseNotice(undefined), undefined);
  assert.equal(collapseNotice(run([1, 2, 3], [], 0.9)), undefined);
  assert.equal(
    collapseNotice(run([1, 2, 3, 4, 5, 6], [5, 6], 0.0123)),
    "Representation collapsing since step 5: std of the l2-normalised outputs × √d = 0.012 (about 1 when healthy, 0 when every image maps to one vector). Check the method's stop-gradient, predictor or learning rate.",
  );
  assert.match(
    collapseNotice(run([1, 2, 3, 4, 5, 6, 7, 8], [5, 6], 0.5)) ?? '',
    /^Representation collapsing from step 5 to 6 \(recovered since\): .* 0\.500 /,
  );
  assert.match(collapseNotice(run([5, 6], [5, 6])) ?? '', /^Representation collapsing since step 5\. Check/);
});
