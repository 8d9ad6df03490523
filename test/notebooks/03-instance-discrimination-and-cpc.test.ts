// Notebook 3 (instance discrimination and CPC) in quick mode: SimCLR, InstDisc with many and few negatives, CPC; the bank's memory and staleness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runStoryNotebook, svgs } from './storyNotebook';

test('notebook 3 (InstDisc and CPC) runs the four methods and measures the memory bank in quick mode', async () => {
  const run = await runStoryNotebook('03-instance-discrimination-and-cpc.ipynb');
  assert.match(run.printed, /quick mode: 2000 train \/ 1000 test images/);
  for (const label of ['SimCLR', 'InstDisc', 'InstDisc, few negatives', 'CPC']) {
    assert.match(
      run.printed,
      new RegExp(`'${label}' +│ +\\S+.* │ +\\d+ +│ +[\\d.]+ +│ +[\\d.]+ +│ +[\\d.]+ +│`),
      `${label} row in\n${run.printed}`,
    );
  }
  // The bank's memory: formula and measurement both printed (1,000 x 65 floats = 0.25 MB).
  assert.match(run.printed, /bank formula: 1,000 images x \(64 \+ 1\) floats x 4 bytes' +│ +0\.25 +│/);
  assert.match(run.printed, /'measured: InstDisc state - SimCLR state' +│ +[\d.]+ +│/);
  // Staleness: the last epoch's mean age and cosine per InstDisc run, and both curves with SVG fallbacks.
  assert.match(
    run.printed,
    /'InstDisc, few negatives' +│ +\d+ +│ +(?:[\d.]+|NaN) +│ +15 +│ +(?:-?[\d.]+|NaN) +│/,
    run.printed,
  );
  const charts = svgs(run);
  assert.ok(
    charts.some((svg) => svg.includes('Cosine of a bank entry')),
    'the cosine curve has an SVG',
  );
  assert.ok(
    charts.some((svg) => svg.includes('Age of the bank entries')),
    'the age curve has an SVG',
  );
});
