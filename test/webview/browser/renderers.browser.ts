/**
 * Browser tests of the notebook renderers (dist/webview/renderers.js) in headless Chromium, called
 * through their VS Code API (activate -> renderOutputItem/disposeOutputItem) with payloads made as
 * the kernel makes them. Checks drawn pixels, live replacement, zoom, hover; screenshot in
 * test-results/webview/renderers.png.
 * Run: node esbuild.config.mjs && node --import tsx --test test/webview/browser/renderers.browser.ts
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { LookTwiceMime } from '../../../src/protocol/outputs';
import { openRendererPage, renderOutput, type HarnessPage } from './harnessHost';
import { canvasPixels, paintedPerCanvas } from './pageProbes';
import { gridPayload, lossPayload, progressPayload, scatterPayload } from './rendererPayloads';
import type { Page } from './chromium';

const OUT = join(__dirname, '..', '..', '..', 'test-results', 'webview');
let harness: HarnessPage;
let page: Page;

before(async () => {
  mkdirSync(OUT, { recursive: true });
  harness = await openRendererPage({ width: 800, height: 900 });
  page = harness.page;
});

after(async () => {
  await harness?.close();
});

const render = (id: string, mime: string, payload: unknown): Promise<void> => renderOutput(page, id, mime, payload);

test('training progress: bar and status line, updated in place', async () => {
  await render('progress', LookTwiceMime.progress, progressPayload(120));
  await page.evaluate(() => {
    (document.querySelector('#progress .lt-progress-bar') as HTMLElement).dataset.marker = 'first';
  }, null);
  await render('progress', LookTwiceMime.progress, progressPayload(250));
  const view = await page.evaluate(
    () => ({
      marker: (document.querySelector('#progress .lt-progress-bar') as HTMLElement).dataset.marker,
      width: (document.querySelector('#progress .lt-progress-fill') as HTMLElement).style.width,
      text: document.querySelector('#progress .lt-progress-text')?.textContent,
    }),
    null,
  );
  assert.deepEqual(view, {
    marker: 'first',
    width: '50%',
    text: 'step 250/500 · epoch 3 · loss 1.83 · lr 0.29 · 21.7 img/s · ETA 24m 31s',
  });
});

test('loss curve: drawn by uPlot, live replacement keeps the chart, log toggle redraws', async () => {
  await render('loss', LookTwiceMime.lossCurve, lossPayload(120, false));
  await page.evaluate(() => {
    (document.querySelector('#loss canvas') as HTMLElement).dataset.marker = 'first';
  }, null);
  const before = await page.evaluate(canvasPixels, '#loss canvas');
  await render('loss', LookTwiceMime.lossCurve, lossPayload(400, true));
  const after = await page.evaluate(
    () => ({
      marker: (document.querySelector('#loss canvas') as HTMLElement).dataset.marker,
      title: document.querySelector('#loss .lt-loss-title')?.textContent,
    }),
    null,
  );
  assert.deepEqual(after, { marker: 'first', title: 'SimCLR pre-training' });
  const grown = await page.evaluate(canvasPixels, '#loss canvas');
  assert.ok(before && grown && grown.painted > 2000, JSON.stringify({ before, grown }));
  await page.click('#loss input[type="checkbox"]');
  const log = await page.evaluate(canvasPixels, '#loss canvas');
  assert.ok(log && log.painted > 2000 && log.painted !== grown.painted, 'log scale redraws the curve');
  // If the host empties the element before rendering a replacement, the chart is built again.
  await page.evaluate(() => document.getElementById('loss')?.replaceChildren(), null);
  await render('loss', LookTwiceMime.lossCurve, lossPayload(410, true));
  const rebuilt = await page.evaluate(canvasPixels, '#loss canvas');
  assert.ok(rebuilt && rebuilt.painted > 2000, JSON.stringify(rebuilt));
  // A run its dead kernel could not end: the host's replacement says so in the title, the points stay.
  const title = () => page.evaluate(() => document.querySelector('#loss .lt-loss-title')?.textContent, null);
  await render('loss', LookTwiceMime.lossCurve, lossPayload(410, false));
  assert.equal(await title(), 'SimCLR pre-training (training…)');
  await render('loss', LookTwiceMime.lossCurve, {
    ...lossPayload(410, true),
    status: 'error',
    message: 'The kernel process was killed by SIGKILL',
  });
  assert.equal(await title(), 'SimCLR pre-training (error: The kernel process was killed by SIGKILL)');
  const ended = await page.evaluate(canvasPixels, '#loss canvas');
  assert.ok(ended && ended.painted > 2000, JSON.stringify(ended));
});

test('augmentation grid: image decoded, titles aligned per column, click zooms 2x', async () => {
  await render('grid', LookTwiceMime.augmentations, gridPayload());
  await page.waitForFunction(
    () => (document.querySelector('#grid img') as HTMLImageElement | null)?.naturalWidth === 6 * 28 + 5 * 2,
    null,
    { timeout: 10_000 },
  );
  const geometry = await page.evaluate(() => {
    const img = document.querySelector('#grid img') as HTMLImageElement;
    const titles = [...document.querySelectorAll('#grid .lt-aug-titles span')].map((s) => s.getBoundingClientRect());
    const imgRect = img.getBoundingClientRect();
    return { width: imgRect.width, left: imgRect.left, titles: titles.map((t) => [t.left, t.width]) };
  }, null);
  assert.equal(geometry.titles.length, 6);
  const pitch = (geometry.width / (6 * 28 + 5 * 2)) * 30;
  geometry.titles.forEach(([left], c) =>
    assert.ok(
      Math.abs(left - (geometry.left + c * pitch)) < 1.5,
      `title ${c} at ${left}, tile at ${geometry.left + c * pitch}`,
    ),
  );
  await page.click('#grid img');
  const zoomed = await page.evaluate(
    () => (document.querySelector('#grid img') as HTMLElement).getBoundingClientRect().width,
    null,
  );
  assert.ok(Math.abs(zoomed - 2 * geometry.width) < 1, `${geometry.width} -> ${zoomed}`);
  await page.click('#grid img');
  await page.click('#grid img');
});

test('embedding scatter: coloured points, legend, hover shows the atlas thumbnail and label', async () => {
  await render('scatter', LookTwiceMime.embedding, scatterPayload());
  await page.waitForFunction(
    () => ((document.querySelector('#scatter canvas') as HTMLCanvasElement | null)?.width ?? 0) > 100,
    null,
    { timeout: 10_000 },
  );
  await new Promise((r) => setTimeout(r, 300));
  const stats = await page.evaluate(canvasPixels, '#scatter .lt-scatter-canvas');
  assert.ok(stats && stats.painted > 5000 && stats.colours >= 10, JSON.stringify(stats));
  assert.equal(await page.evaluate(() => document.querySelectorAll('#scatter .lt-legend-item').length, null), 10);
  // Hover the painted pixel nearest the centre: some point is there.
  await page.evaluate(
    () => document.querySelector('#scatter .lt-scatter-canvas')?.scrollIntoView({ block: 'center' }),
    null,
  );
  const target = await page.evaluate(() => {
    const canvas = document.querySelector('#scatter .lt-scatter-canvas') as HTMLCanvasElement;
    // The points canvas may be WebGL: read its pixels through a 2-D copy.
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(canvas, 0, 0);
    const { data, width, height } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const rect = canvas.getBoundingClientRect();
    for (let r = 0; r < Math.max(width, height); r += 2)
      for (let a = 0; a < 64; a++) {
        const x = Math.round(width / 2 + r * Math.cos(a / 10)),
          y = Math.round(height / 2 + r * Math.sin(a / 10));
        if (x >= 0 && y >= 0 && x < width && y < height && data[(y * width + x) * 4 + 3] > 200)
          return [rect.left + (x * rect.width) / width, rect.top + (y * rect.height) / height];
      }
    return [0, 0];
  }, null);
  await page.mouse.move(target[0], target[1]);
  await page.waitForFunction(() => !(document.querySelector('#scatter .lt-tooltip') as HTMLElement).hidden, null, {
    timeout: 5000,
  });
  const thumb = await page.evaluate(paintedPerCanvas, '#scatter .lt-tooltip canvas');
  assert.ok(thumb[0] > 1000, `thumbnail pixels ${thumb[0]}`);
  assert.match(
    await page.evaluate(() => document.querySelector('#scatter .lt-tooltip div')?.textContent ?? '', null),
    /^#\d+ · (T-shirt\/top|Trouser|Pullover|Dress|Coat|Sandal|Shirt|Sneaker|Bag|Ankle boot)$/,
  );
  await page.screenshot({ path: join(OUT, 'renderers.png'), fullPage: true });
});

test('invalid payloads show a readable error; dispose empties the element', async () => {
  await render('bad', LookTwiceMime.embedding, { method: 'pca', dims: 2, points: [1, 2, 3], total: 1 });
  assert.match(
    await page.evaluate(() => document.querySelector('#bad .lt-error')?.textContent ?? '', null),
    /not a multiple of dims/,
  );
  await page.evaluate(
    () =>
      (window as unknown as { __ltApi: { disposeOutputItem(id?: string): void } }).__ltApi.disposeOutputItem('scatter'),
    null,
  );
  assert.equal(await page.evaluate(() => document.querySelector('#scatter')?.childElementCount, null), 0);
  assert.deepEqual(harness.problems, []);
});
