/**
 * Browser test of the Inspect tab (issue 17) in headless Chromium, on the snapshots of a REAL short
 * training run: pretrain (tfjs, a tiny CNN, 640 Fashion-MNIST images, the monitor on 256 held-out
 * test images every 3 steps) emits its events in Node; the harness host retains and forwards them as
 * the extension would. Checks: the projection, histograms and spectrum are drawn; pairs and kNN errors
 * listed with thumbnails (neighbours in the representation and in pixels); the scrubber moves through the snapshots (another picture per step), play
 * runs to the newest one, a new snapshot arriving live is followed, and a run picker brings back an earlier run.
 * Screenshots: test-results/webview/panel-inspect{,-first,-narrow}.png.
 * Run: node esbuild.config.mjs && node --import tsx --test test/webview/browser/inspect.browser.ts
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { PanelEvent } from '../../../src/protocol/panelMessages';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import { setRunContext } from '../../../src/simclr/context';
import { loadFashionMnist } from '../../../src/simclr/data/fashionMnist';
import { createSimclrModel } from '../../../src/simclr/models/simclrModel';
import { pretrain } from '../../../src/simclr/train/pretrain';
import type { Page } from './chromium';
import { HarnessHost, openHarnessPage, type HarnessPage } from './harnessHost';
import { paintedPerCanvas } from './pageProbes';

const OUT = join(__dirname, '..', '..', '..', 'test-results', 'webview');
let page: Page;
let harness: HarnessPage;
let host: HarnessHost;
let events: PanelEvent[] = [];

async function trainedRunEvents(steps: number, runId: string): Promise<PanelEvent[]> {
  await initBackend();
  const out: PanelEvent[] = [];
  setRunContext({ emit: (e) => out.push(e) });
  try {
    const model = createSimclrModel({
      encoder: { kind: 'cnn', widths: [8, 16], strides: [2, 2] },
      headWidths: [16, 8],
      seed: 1,
    });
    await pretrain(model, loadFashionMnist({ split: 'train', limit: 640 }), {
      batchSize: 32,
      steps,
      seed: 2,
      runId,
      learningRate: 0.05,
      monitor: { data: loadFashionMnist({ split: 'test', limit: 256 }), every: 3, healthImages: 64, k: 10 },
    });
    model.dispose();
  } finally {
    setRunContext({});
  }
  return out;
}

before(async () => {
  mkdirSync(OUT, { recursive: true });
  events = await trainedRunEvents(12, 'inspected');
  harness = await openHarnessPage({ width: 520, height: 1500 });
  page = harness.page;
  host = new HarnessHost((json) =>
    page.evaluate((j) => (window as unknown as { __ltDeliver(j: string): void }).__ltDeliver(j), json),
  );
  await page.exposeFunction('__ltHost', (json: string) => void host.receive(json));
  for (const event of events) await host.publish(event, false);
  await page.goto(`${harness.server.origin}/panel.html`);
  await page.click('.lt-tab[data-tab="inspect"]');
});

after(async () => {
  await harness?.close();
});

const waitFor = (fn: () => unknown, timeout = 30_000): Promise<unknown> =>
  page.waitForFunction(fn, null, { timeout, polling: 100 });
const shownStep = () =>
  page.evaluate(() => (document.querySelector('.lt-pane-inspect') as HTMLElement).dataset.step ?? '', null);
const projectionPixels = () =>
  page.evaluate(() => {
    const canvas = document.querySelector('.lt-inspect-projection') as HTMLCanvasElement;
    return Array.from(
      (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height).data,
    );
  }, null);

test('the newest snapshot: projection, histograms, spectrum drawn; pairs and kNN errors with thumbnails', async () => {
  const snapshots = events.flatMap((e) => (e.kind === 'trainSnapshot' ? [e] : []));
  assert.deepEqual(
    snapshots.map((s) => s.step),
    [3, 6, 9, 12],
  );
  await waitFor(() => (document.querySelector('.lt-pane-inspect') as HTMLElement).dataset.step === '12');
  assert.match(
    await page.evaluate(() => document.querySelector('.lt-inspect-position')?.textContent ?? '', null),
    /step 12 · snapshot 4\/4$/,
  );
  const painted = await page.evaluate(
    paintedPerCanvas,
    '.lt-inspect-projection, .lt-inspect-histograms, .lt-inspect-spectrum',
  );
  assert.equal(painted.length, 3);
  assert.ok(
    painted.every((p) => p > 400),
    `pixels painted per chart: ${painted}`,
  );
  const last = snapshots[3].snapshot;
  assert.equal(
    await page.evaluate(() => document.querySelectorAll('.lt-inspect-pair').length, null),
    last.pairs.length,
  );
  assert.equal(last.pairs.length, 8);
  const ranks = await page.evaluate(
    () => [...document.querySelectorAll<HTMLElement>('.lt-inspect-pair')].map((p) => Number(p.dataset.rank)),
    null,
  );
  assert.deepEqual(
    ranks,
    last.pairs.map((p) => p.rank),
  );
  assert.ok(ranks[0] >= ranks[ranks.length - 1], `hardest first: ${ranks}`);
  assert.ok(last.knnErrorCount > 0, 'a 12-step network misclassifies some of 64 queries');
  assert.equal(
    await page.evaluate(() => document.querySelectorAll('.lt-inspect-error').length, null),
    last.knnErrors.length,
  );
  assert.equal(
    await page.evaluate(() => document.querySelectorAll('.lt-inspect-error .lt-inspect-neighbour').length, null),
    last.knnErrors.length * 10,
    'five in the representation, five in pixels',
  );
  const thumbs = await page.evaluate(paintedPerCanvas, '.lt-pane-inspect .lt-thumb');
  assert.equal(thumbs.length, last.pairs.length * 3 + last.knnErrors.length * 11);
  assert.ok(
    thumbs.every((p) => p > 0),
    'every thumbnail drawn',
  );
  await page.screenshot({ path: join(OUT, 'panel-inspect.png'), fullPage: true });
});

test('the scrubber shows each snapshot; play runs to the newest; a live snapshot is followed', async () => {
  const newest = await projectionPixels();
  await page.evaluate(() => {
    const input = document.querySelector('.lt-inspect-slider') as HTMLInputElement;
    input.value = '0';
    input.dispatchEvent(new Event('input'));
  }, null);
  await waitFor(() => (document.querySelector('.lt-pane-inspect') as HTMLElement).dataset.step === '3');
  assert.notDeepEqual(await projectionPixels(), newest, 'step 3 is another picture');
  await page.screenshot({ path: join(OUT, 'panel-inspect-first.png') });
  await page.click('.lt-pane-inspect .lt-button');
  await waitFor(
    () =>
      (document.querySelector('.lt-pane-inspect') as HTMLElement).dataset.step === '12' &&
      document.querySelector('.lt-pane-inspect .lt-button')?.textContent === '▶ Play',
  );
  // Back at the newest, the scrubber follows the run: the next snapshot shows as it arrives.
  const live = events.find((e) => e.kind === 'trainSnapshot' && e.step === 12);
  assert.ok(live && live.kind === 'trainSnapshot');
  await host.publish({ ...live, step: 15 });
  await waitFor(() => (document.querySelector('.lt-pane-inspect') as HTMLElement).dataset.step === '15');
  assert.equal(await shownStep(), '15');
  assert.deepEqual(harness.problems, []);
});

test('a second run: its snapshots show, and the run picker brings back the earlier one', async () => {
  const first = events.find((e) => e.kind === 'trainSnapshot' && e.step === 3);
  assert.ok(first && first.kind === 'trainSnapshot');
  await host.publish({
    kind: 'trainStart',
    runId: 'second',
    method: 'byol',
    totalSteps: 3,
    startedAt: Date.UTC(2026, 11, 2, 14, 0),
    config: {},
  });
  await host.publish({ ...first, runId: 'second', method: 'byol' });
  await waitFor(() => (document.querySelector('.lt-inspect-run') as HTMLSelectElement).value === 'second');
  assert.equal(await shownStep(), '3');
  const options = await page.evaluate(
    () => [...document.querySelectorAll('.lt-inspect-run option')].map((o) => o.textContent),
    null,
  );
  assert.equal(options.length, 2);
  assert.match(options[0] ?? '', /^run 2 .* · byol$/);
  await page.evaluate(() => {
    const select = document.querySelector('.lt-inspect-run') as HTMLSelectElement;
    select.value = 'inspected';
    select.dispatchEvent(new Event('change'));
  }, null);
  await waitFor(() => (document.querySelector('.lt-pane-inspect') as HTMLElement).dataset.step === '15');
  assert.match(
    await page.evaluate(() => document.querySelector('.lt-inspect-position')?.textContent ?? '', null),
    /^run 1 .* step 15 · snapshot 5\/5/,
  );
});

test('in a panel narrower than the pictures they shrink and keep their aspect ratio', async () => {
  await page.setViewportSize({ width: 240, height: 900 });
  const boxes = await page.evaluate(
    () =>
      ['.lt-inspect-projection', '.lt-inspect-histograms'].map((s) => {
        const canvas = document.querySelector(s) as HTMLCanvasElement;
        const box = canvas.getBoundingClientRect();
        return { width: box.width, height: box.height, ratio: canvas.width / canvas.height };
      }),
    null,
  );
  for (const box of boxes) {
    assert.ok(box.width < 240, `width ${box.width}`);
    assert.ok(
      Math.abs(box.width / box.height - box.ratio) < 0.03,
      `drawn ${box.width} x ${box.height}, canvas ratio ${box.ratio}`,
    );
  }
  await page.screenshot({ path: join(OUT, 'panel-inspect-narrow.png') });
});
