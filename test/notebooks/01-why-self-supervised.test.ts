// Notebook 1 (why self-supervised) in quick mode: supervised from scratch, SimCLR + fine-tune, SimCLR + probe and raw pixels at three label budgets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runStoryNotebook, svgs } from './storyNotebook';

test('notebook 1 (why self-supervised) runs in quick mode and draws accuracy against labels', async () => {
  const run = await runStoryNotebook('01-why-self-supervised.ipynb');
  assert.match(run.printed, /quick mode: 2000 train \/ 1000 test images/);
  assert.match(run.printed, /│ +\d+ +│ +20 +│ +[\d.]+ +│ +[\d.]+ +│ +[\d.]+ +│/, run.printed);
  // The fine-tune's table: supervised, fine-tune, probe and pixels for the 20-label budget.
  assert.match(run.printed, /│ +\d+ +│ +20 +│ +[\d.]+ +│ +[\d.]+ +│ +[\d.]+ +│ +[\d.]+ +│/, run.printed);
  assert.ok(
    svgs(run).some((svg) => svg.includes('labelled training images') && svg.includes('SimCLR + fine-tune')),
    'the accuracy-against-labels chart has an SVG that renders outside VS Code',
  );
});
