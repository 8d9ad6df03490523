// Notebook 5 (beyond negatives) in quick mode: every method of the library at one budget, and SimSiam's collapse without its stop-gradient.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { METHOD_NAMES } from '../../src/simclr/methods/createMethod';
import { runStoryNotebook, svgs } from './storyNotebook';

test('notebook 5 (beyond negatives) compares every method at one budget and shows SimSiam collapse without the stop-gradient', async () => {
  const run = await runStoryNotebook('05-beyond-negatives.ipynb');
  assert.match(run.printed, /quick mode: 1000 train \/ 500 test images/);
  // One table row per baseline and method: its name, steps, then kNN and probe accuracies.
  for (const method of ['raw pixels', 'random encoder', ...METHOD_NAMES]) {
    assert.match(run.printed, new RegExp(`│ +\\d+ +│ '${method}' +│ +\\d+ +│ +[\\d.]+ +│ +[\\d.]+ +│`), run.printed);
  }
  assert.match(
    run.printed,
    /stop-gradient on : .*\n {2}warnings: none/,
    'SimSiam with its stop-gradient does not collapse',
  );
  assert.match(
    run.printed,
    /stop-gradient off: .*\n {2}warnings: pretrain \(simsiam\): the representation is collapsing/,
    'without it the loop warns of collapse',
  );
  const charts = svgs(run);
  assert.ok(
    charts.some((svg) => svg.includes('Every method at the same budget')),
    'the accuracy bar chart has an SVG',
  );
  assert.ok(
    charts.some((svg) => svg.includes('stop-gradient off')),
    'the std-ratio curves have an SVG',
  );
});
