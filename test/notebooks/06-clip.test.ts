// Notebook 6 (CLIP) in quick mode: image-text training, zero-shot from prompts against linear probes, retrieval, the similarity matrix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runStoryNotebook, svgs } from './storyNotebook';

test('notebook 6 (CLIP) trains in quick mode and shows prompts, probes, retrieval and the similarity matrix', async () => {
  const run = await runStoryNotebook('06-clip.ipynb');
  assert.match(run.printed, /quick mode: 2048 training pairs \/ 500 held-out pairs/);
  // The prompt table: single templates, the template ensemble, the synonym ensemble.
  for (const row of ['"a photo of a {}"', "'ensemble of the 4 templates'", "'ensemble of templates x synonyms'"])
    assert.ok(run.printed.includes(row), `${row} in\n${run.printed}`);
  // The probes: k labels per class for the three feature sets, then all labels.
  assert.match(run.printed, /│ +1 +│ +[\d.]+ +│ +[\d.]+ +│ +[\d.]+ +│/, run.printed);
  assert.match(run.printed, /'all \(2048\)' +│ +[\d.]+ +│ +[\d.]+ +│ +[\d.]+ +│/, run.printed);
  for (const direction of ['image -> text', 'text -> image'])
    assert.match(run.printed, new RegExp(`'${direction}' +│ +[\\d.]+ +│ +[\\d.]+ +│ +[\\d.]+ +│`), run.printed);
  assert.ok(
    svgs(run).some((svg) => svg.includes('labelled training images per class') && svg.includes('zero-shot CLIP')),
    'the zero-shot against k-shot chart has an SVG',
  );
  const withMime = (mime: string) => run.bundles.filter((data) => mime in data);
  assert.equal(
    withMime('application/vnd.look-twice.retrieval+json').filter((d) => d['image/svg+xml'] && d['text/plain']).length,
    3,
    'three retrievals with SVG and text fallbacks',
  );
  assert.ok(
    withMime('application/vnd.look-twice.similarity+json')[0]?.['image/svg+xml'],
    'the similarity heatmap has an SVG',
  );
  assert.ok(
    withMime('application/vnd.look-twice.embedding+json')[0]?.['image/svg+xml'],
    'the joint projection has an SVG',
  );
});
