/**
 * Browser test of the positive-pair inspector (issue 17) in headless Chromium: embeddings shown from a
 * real SimCLR model (show.embeddings' own gatherEmbeddings on Fashion-MNIST test images) answered by the
 * kernel's own request handler. A click on a point -> two views and 8 hardest negatives drawn as
 * thumbnails; a second click on the same point and "Draw again" -> new seeds and new pixels; while the
 * kernel holds the request the panel says it is busy; after a kernel restart, and for a set shown
 * without a model, the panel says why there is no pair.
 * Screenshot: test-results/webview/panel-pair-inspector.png.
 * Run: node esbuild.config.mjs && node --import tsx --test test/webview/browser/pairInspector.browser.ts
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tf } from '../../../src/simclr/tf';
import { loadFashionMnist } from '../../../src/simclr/data/fashionMnist';
import { createSimclrModel, type SimclrModel } from '../../../src/simclr/models/simclrModel';
import { embeddingsEvent, gatherEmbeddings } from '../../../src/kernel/display/embeddingsOutput';
import type { PanelRequest } from '../../../src/protocol/panelMessages';
import type { Page } from './chromium';
import { HarnessHost, openHarnessPage, type HarnessPage } from './harnessHost';

const OUT = join(__dirname, '..', '..', '..', 'test-results', 'webview');
const POINTS = 400;
let page: Page;
let harness: HarnessPage;
let host: HarnessHost;
let model: SimclrModel;

interface PanelGlobals {
  lookTwicePanel: {
    scatter: { screenPosition(i: number): [number, number] | undefined };
    state(): { ui: { selected: number }; pair?: { index: number; seed: number }; pairDraws: number };
  };
}

const waitFor = <A>(fn: (arg: A) => unknown, arg: A, timeout = 60_000): Promise<unknown> =>
  page.waitForFunction(fn, arg, { timeout, polling: 100 });

before(async () => {
  mkdirSync(OUT, { recursive: true });
  await tf.setBackend('cpu');
  const dataset = loadFashionMnist({ split: 'test', limit: POINTS, prefer: 'embedded' });
  model = createSimclrModel({ encoder: { kind: 'cnn', widths: [8, 16], strides: [2, 2] }, headWidths: [16, 16] });
  const data = gatherEmbeddings({ model, dataset }, { batchSize: 32 });
  harness = await openHarnessPage({ width: 640, height: 1000 });
  page = harness.page;
  host = new HarnessHost(
    (json) => page.evaluate((j) => (window as unknown as { __ltDeliver(j: string): void }).__ltDeliver(j), json),
    new Set(['umap', 'tsne', 'inspectPair']),
  );
  await page.exposeFunction('__ltHost', (json: string) => void host.receive(json));
  await host.publish(embeddingsEvent(data, 'embeddings-1'), false);
  host.rememberPairSource('embeddings-1', data.pairSource);
  await page.goto(`${harness.server.origin}/panel.html`);
  await page.waitForFunction(() => document.querySelector('.lt-tab[data-tab="embeddings"]') !== null, null, {
    timeout: 60_000,
  });
  await page.click('.lt-tab[data-tab="embeddings"]');
  await waitFor(() => (window as unknown as Partial<PanelGlobals>).lookTwicePanel?.scatter.screenPosition(0), null);
});

after(async () => {
  await harness?.close();
  model?.dispose();
});

/** Page coordinates of point i of the scatter. */
function pointOnPage(index: number): Promise<[number, number]> {
  return page.evaluate((i) => {
    const panel = (window as unknown as PanelGlobals).lookTwicePanel;
    const rect = (document.querySelector('.lt-scatter-canvas') as HTMLCanvasElement).getBoundingClientRect();
    const p = panel.scatter.screenPosition(i) as [number, number];
    return [rect.left + p[0], rect.top + p[1]] as [number, number];
  }, index);
}

/** Sum of the RGB values of each canvas matching `selector` (tells drawn images apart). */
function canvasSums(selector: string): number[] {
  return [...document.querySelectorAll(selector)].map((canvas) => {
    const c = canvas as HTMLCanvasElement;
    const { data } = (c.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, c.width, c.height);
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) sum += data[i] + data[i + 1] + data[i + 2];
    return sum;
  });
}

const pairRequests = (): Extract<PanelRequest, { kind: 'inspectPair' }>[] =>
  host.requests('inspectPair') as Extract<PanelRequest, { kind: 'inspectPair' }>[];

const draws = (): Promise<number> =>
  page.evaluate(() => (window as unknown as PanelGlobals).lookTwicePanel.state().pairDraws, null);

/**
 * Clicks point `index` until the panel counts the click (a click on a point is a draw): on a loaded machine
 * the plot may still be settling its size when the first click lands.
 */
async function clickPoint(index: number): Promise<void> {
  const before = await draws();
  for (let attempt = 1; ; attempt++) {
    const [x, y] = await pointOnPage(index);
    await page.mouse.click(x, y);
    try {
      await waitFor((n) => (window as unknown as PanelGlobals).lookTwicePanel.state().pairDraws > n, before, 10_000);
      return;
    } catch (error) {
      if (attempt === 5) throw error;
    }
  }
}

/** Clicks the point, waits for its request, answers it, and waits for the drawn answer. */
async function clickAndAnswer(index: number): Promise<void> {
  const asked = pairRequests().length;
  await clickPoint(index);
  await waitFor(() => document.querySelector('.lt-pair-status')?.textContent?.includes('kernel is running'), null);
  while (pairRequests().length === asked) await new Promise((r) => setTimeout(r, 50));
  await host.release('inspectPair');
  const seed = pairRequests().at(-1)?.seed;
  // The DOM, not only the state: the panel renders a frame after its state changes.
  await waitFor(
    (s) =>
      document.querySelector<HTMLElement>('.lt-pair')?.dataset.seed === String(s) &&
      document.querySelectorAll('.lt-pair-negatives .lt-neighbour').length === 8,
    seed,
  );
}

test('a click shows two fresh views, their cosine and the 8 hardest negatives as thumbnails', async () => {
  await clickAndAnswer(17);
  const selected = await page.evaluate(
    () => (window as unknown as PanelGlobals).lookTwicePanel.state().ui.selected,
    null,
  );
  const request = pairRequests().at(-1);
  assert.deepEqual(
    { embeddingsId: request?.embeddingsId, index: request?.index, negatives: request?.negatives },
    { embeddingsId: 'embeddings-1', index: selected, negatives: 8 },
  );
  const views = await page.evaluate(canvasSums, '.lt-pair-views canvas');
  assert.equal(views.length, 2);
  assert.ok(
    views.every((s) => s > 0),
    `both views drawn (not black): ${views}`,
  );
  const negatives = await page.evaluate(canvasSums, '.lt-pair-negatives canvas');
  assert.equal(negatives.length, 8);
  assert.ok(
    negatives.every((s) => s > 0),
    `negatives drawn: ${negatives}`,
  );
  const indices = await page.evaluate(
    () =>
      [...document.querySelectorAll<HTMLElement>('.lt-pair-negatives .lt-neighbour')].map((f) =>
        Number(f.dataset.index),
      ),
    null,
  );
  assert.equal(new Set(indices).size, 8);
  assert.ok(
    indices.every((i) => i >= 0 && i < POINTS && i !== selected),
    JSON.stringify(indices),
  );
  const summary = await page.evaluate(() => document.querySelector('.lt-pair-summary')?.textContent ?? '', null);
  assert.match(summary, /^cosine -?\d\.\d{3} · .* · loss \d+\.\d{3} \(batch 32, τ 0\.5\)$/);
  await page.screenshot({ path: join(OUT, 'panel-pair-inspector.png'), fullPage: true });

  // The same point again: a new seed, new random views.
  await clickAndAnswer(17);
  const second = pairRequests().at(-1);
  assert.equal(second?.index, selected);
  assert.notEqual(second?.seed, request?.seed);
  const again = await page.evaluate(canvasSums, '.lt-pair-views canvas');
  assert.notDeepEqual(again, views, 'new views drawn');

  // "Draw again" does the same without a click on the plot.
  const before = pairRequests().length;
  await page.click('.lt-pair-again');
  while (pairRequests().length === before) await new Promise((r) => setTimeout(r, 50));
  await host.release('inspectPair');
  const third = pairRequests().at(-1);
  await waitFor((s) => (window as unknown as PanelGlobals).lookTwicePanel.state().pair?.seed === s, third?.seed);
  assert.equal(third?.index, selected);
});

test('after a kernel restart the panel says the new kernel does not hold the model', async () => {
  host.retained.kernelReplaced();
  const [x, y] = await pointOnPage(40);
  await page.mouse.click(x, y);
  await waitFor(
    () =>
      /No pair: the kernel restarted since 'embeddings-1' was shown/.test(
        document.querySelector('.lt-pair-status')?.textContent ?? '',
      ),
    null,
  );
  assert.equal(
    await page.evaluate(() => document.querySelectorAll('.lt-pair-views').length, null),
    0,
    'no stale views of another point',
  );
});

test('points shown without a model say how to get pairs, and ask nothing', async () => {
  const asked = pairRequests().length;
  const plain = gatherEmbeddings(
    new Float32Array(20 * 4).map((_, i) => Math.sin(i)),
    { dim: 4 },
  );
  await host.publish(embeddingsEvent(plain, 'vectors-1'));
  await waitFor(
    () => /20 points/.test(document.querySelector('.lt-pane-embeddings .lt-caption')?.textContent ?? ''),
    null,
  );
  // The plot holds the 20 new points (the 400 old ones had a point 3 too, elsewhere).
  await waitFor(() => {
    const scatter = (window as unknown as PanelGlobals).lookTwicePanel.scatter;
    return scatter.screenPosition(3) !== undefined && Number.isNaN(scatter.screenPosition(20)?.[0]);
  }, null);
  const [x, y] = await pointOnPage(3);
  await page.mouse.click(x, y);
  await waitFor(() => /shown as vectors/.test(document.querySelector('.lt-pair-note')?.textContent ?? ''), null);
  assert.equal(pairRequests().length, asked);
  assert.deepEqual(harness.problems, []);
});
