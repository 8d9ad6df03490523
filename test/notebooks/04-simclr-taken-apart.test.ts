// Notebook 4 (SimCLR, taken apart) in quick mode: augmentations, temperature, batch size, the head, training length.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runStoryNotebook } from './storyNotebook';

test('notebook 4 (SimCLR, taken apart) runs every ablation in quick mode', async () => {
  const run = await runStoryNotebook('04-simclr-taken-apart.ipynb');
  for (const row of [
    "'crop + flip + jitter'",
    /│ +0\.1 +│ +\d+ +│/,
    /│ +32 +│ +\d+ +│/,
    "'projection z = g(h)",
    /│ +0\.4 +│ +\d+ +│/,
  ]) {
    assert.ok(typeof row === 'string' ? run.printed.includes(row) : row.test(run.printed), `${row} in\n${run.printed}`);
  }
});
