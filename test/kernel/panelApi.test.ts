// A cell's `panel`: the selection the panel told the kernel ('select' requests through the kernel's own
// answerPanelRequest), projections like the panel's, and a CSV export of all or the selected points.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { tf } from '../../src/simclr/tf';
import { PublishedStore } from '../../src/kernel/panel/embeddingStore';
import { answerPanelRequest } from '../../src/kernel/panel/panelRequests';
import { createPanelApi } from '../../src/kernel/panel/panelApi';
import { embeddingsEvent } from '../../src/kernel/display/embeddingsOutput';
import { projectEmbeddings } from '../../src/kernel/panel/projectEmbeddings';
import { pointsCsv } from '../../src/protocol/pointsCsv';

const n = 12;
const dim = 3;
const vectors = Float32Array.from({ length: n * dim }, (_, i) => Math.sin(i * 0.7) + (i % dim));
const labels = Int32Array.from({ length: n }, (_, i) => i % 3);

test('panel: selection told by the panel, projections as the panel draws them, CSV export', async () => {
  await tf.setBackend('cpu');
  const store = new PublishedStore();
  const dir = mkdtempSync(path.join(tmpdir(), 'lt-panel-api-'));
  const panel = createPanelApi(store, dir, () => undefined);
  assert.throws(() => panel.selection(), /no published embeddings 'latest'/);
  store.remember(embeddingsEvent({ vectors, n, dim, labels, classNames: ['a', 'b,c', '=d'] }, 'set-1'));
  assert.deepEqual(panel.selection(), { embeddingsId: 'set-1', indices: new Int32Array(0), labels: new Int32Array(0) });

  const told = await answerPanelRequest(
    'r1',
    { kind: 'select', embeddingsId: 'set-1', indices: [7, 2, 4] },
    store,
    () => undefined,
  );
  assert.deepEqual(told, { kind: 'select', embeddingsId: 'set-1', count: 3 });
  assert.deepEqual(panel.selection('set-1'), {
    embeddingsId: 'set-1',
    indices: Int32Array.from([7, 2, 4]),
    labels: Int32Array.from([1, 2, 1]),
  });
  const outside = await answerPanelRequest(
    'r2',
    { kind: 'select', embeddingsId: 'set-1', indices: [1, 12] },
    store,
    () => undefined,
  );
  assert.deepEqual(outside, { kind: 'error', message: 'select: index 12 is outside 0..11' });
  assert.equal(panel.selection().indices.length, 3, 'a refused selection changes nothing');

  const projected = await panel.projection({ method: 'pca' });
  assert.equal(projected.embeddingsId, 'set-1');
  assert.deepEqual(
    projected.points,
    await projectEmbeddings(vectors, n, dim, 'pca', 2, 1),
    "the panel's own request (seed 1) gives the same points",
  );

  const all = await panel.exportCsv('all.csv');
  assert.equal(all, path.join(dir, 'all.csv'), 'relative to the notebook folder');
  const data = { points: projected.points, dims: 2, labels, classNames: ['a', 'b,c', '=d'] };
  assert.equal(readFileSync(all, 'utf8'), pointsCsv(data));
  const chosen = await panel.exportCsv(path.join(dir, 'chosen.csv'), { selection: true });
  const lines = readFileSync(chosen, 'utf8').trim().split('\n');
  assert.deepEqual(
    lines.map((line) => line.replace(/(,[^,]*){2}$/, '')), // without x and y
    ['index,label,class', '7,1,"b,c"', "2,2,'=d", '4,1,"b,c"'],
  );

  store.remember(embeddingsEvent({ vectors, n, dim }, 'set-1'));
  assert.equal(panel.selection().indices.length, 0, 'new points under the same id drop the old selection');
});
