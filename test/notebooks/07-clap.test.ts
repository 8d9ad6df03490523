// Notebook 7 (CLAP) in quick mode: sound events and espeak-ng speech, players with spectrograms, zero-shot, probes, retrieval.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runStoryNotebook } from './storyNotebook';

test('notebook 7 (CLAP) trains on sound events and spoken words in quick mode and shows players, zero-shot and retrieval', async () => {
  const run = await runStoryNotebook('07-clap.ipynb');
  assert.match(run.printed, /quick mode: 1024 training clips \/ 300 held-out clips/);
  assert.ok(run.printed.includes("'ensemble of the 3 templates'"), run.printed);
  assert.match(run.printed, /'all \(1024\)' +│ +[\d.]+ +│ +[\d.]+ +│ +[\d.]+ +│/, run.printed);
  for (const direction of ['audio -> text', 'text -> audio'])
    assert.match(run.printed, new RegExp(`'${direction}' +│ +[\\d.]+ +│ +[\\d.]+ +│ +[\\d.]+ +│`), run.printed);
  assert.match(run.printed, /160 clips \(120 training, 40 held out\); speech synthesised by espeak-ng/);
  assert.match(run.printed, /'which word was said/, run.printed);
  const withMime = (mime: string) => run.bundles.filter((data) => mime in data);
  const players = withMime('application/vnd.look-twice.audio+json');
  assert.ok(
    players.length >= 5 && players.every((d) => d['image/png'] && d['text/plain']),
    'every audio player has a spectrogram PNG and a text fallback',
  );
  assert.equal(
    withMime('application/vnd.look-twice.retrieval+json').filter((d) => d['image/svg+xml'] && d['text/plain']).length,
    4,
    'four retrievals with SVG and text fallbacks',
  );
  assert.ok(
    withMime('application/vnd.look-twice.similarity+json')[0]?.['image/svg+xml'],
    'the similarity heatmap has an SVG',
  );
});
