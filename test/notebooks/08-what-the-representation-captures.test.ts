// Notebook 8 (what the representation captures) in quick mode: few-shot, retrieval, neighbours, projector, coarse labels, robustness, compute sweep.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LookTwiceMime } from '../../src/protocol/outputs';
import { runStoryNotebook, svgs } from './storyNotebook';

test('notebook 8 (what the representation captures) measures every downstream task against both baselines in quick mode', async () => {
  const run = await runStoryNotebook('08-what-the-representation-captures.ipynb');
  assert.match(run.printed, /quick mode: 2000 train \/ 1000 test images/);
  const cell = /│ +'[\d.]+ ± [\d.]+' +/;
  for (const shots of [1, 5, 10])
    assert.match(
      run.printed,
      new RegExp(`│ +\\d+ +│ +${shots} +${`(${cell.source}){3}`}│`),
      `few-shot row for ${shots} labels per class in\n${run.printed}`,
    );
  for (const encoder of ['raw pixels', 'random encoder', 'SimCLR']) {
    assert.match(
      run.printed,
      new RegExp(`│ +\\d+ +│ '${encoder}' +│ +[\\d.]+ +│ +[\\d.]+ +│ +[\\d.]+ +│`),
      `retrieval row for ${encoder}`,
    );
    assert.match(
      run.printed,
      new RegExp(`│ +\\d+ +│ '${encoder}' +│ +[\\d.]+ +│ +[\\d.]+ +│\\n`),
      `fine and coarse probe row for ${encoder}`,
    );
  }
  for (const shift of ['none', 'flip (covered)', 'rotate 90° (not covered)', 'invert (not covered)'])
    assert.match(
      run.printed,
      new RegExp(`│ +\\d+ +│ '${shift.replace(/[()]/g, '\\$&')}' +│( +[\\d.]+ +│){3}`),
      `robustness row ${shift}`,
    );
  for (const knob of ['training time', 'width', 'batch size'])
    assert.equal(run.printed.match(new RegExp(`'${knob}'`, 'g'))?.length, 3, `three ${knob} points`);
  assert.equal(
    run.printed.match(/^SimCLR +\S.* -> ([^,\n]+, ){7}[^,\n]+$/gm)?.length,
    6,
    'the eight neighbours of six test images are listed by class',
  );
  assert.ok(
    run.bundles.some((data) => typeof data['image/png'] === 'string' && data['text/plain'] !== undefined),
    'the neighbour grid is a PNG',
  );
  assert.ok(
    run.bundles.some((data) => LookTwiceMime.embedding in data),
    'show.embeddings gave the projector output',
  );
  const charts = svgs(run);
  assert.ok(
    charts.some((svg) => svg.includes('against compute')),
    'the compute sweep has an SVG chart',
  );
  assert.ok(
    charts.some((svg) => svg.includes('PCA of 1000 embeddings')),
    'the projector output has an SVG scatter',
  );
});
