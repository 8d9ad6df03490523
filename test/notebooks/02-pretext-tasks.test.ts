// Notebook 2 (pretext tasks) in quick mode: rotation prediction and SimCLR, a linear probe on every block of each encoder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runStoryNotebook, svgs } from './storyNotebook';

test('notebook 2 (pretext tasks) probes every block of the untrained, rotation and SimCLR encoders in quick mode', async () => {
  const run = await runStoryNotebook('02-pretext-tasks.ipynb');
  assert.match(run.printed, /quick mode: 2000 train \/ 1000 test images/);
  assert.ok(
    run.bundles.some((data) => typeof data['image/png'] === 'string'),
    'the rotated examples are shown as a PNG',
  );
  // One row per block of the cnn encoder (three conv stages), each with the three encoders' probe accuracies.
  for (const [block, map] of [
    [1, '28x28x32'],
    [2, '14x14x64'],
    [3, '7x7x128'],
  ]) {
    assert.match(
      run.printed,
      new RegExp(`│ +${block} +│ +'${map}' +│ +\\d+ +│ +[\\d.]+ +│ +[\\d.]+ +│ +[\\d.]+ +│`),
      run.printed,
    );
  }
  for (const encoder of ['untrained', 'rotation', 'SimCLR'])
    assert.match(run.printed, new RegExp(`'${encoder}' +│ +[123] +│`), `${encoder} in the best-block table`);
  assert.ok(
    svgs(run).some((svg) => svg.includes('block of the encoder') && svg.includes('rotation') && svg.includes('SimCLR')),
    'the probe-by-block chart has an SVG that renders outside VS Code',
  );
});
