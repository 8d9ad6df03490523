/**
 * Browser tests of the side panel in headless Chromium: the real panel.js under the real CSP, fed
 * by HarnessHost (real validator, retained state and kernel request handlers) with 10,000
 * Fashion-MNIST points. Checks drawn pixels, hover thumbnails, requests sent on interaction and
 * state restored after a reload; screenshots go to test-results/webview/.
 * Run: node esbuild.config.mjs && node --import tsx --test test/webview/browser/panel.browser.ts
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from './chromium';
import { augmentationsEvent, embeddingsEvent, POINTS, trainingEvents } from './fixtures';
import { HarnessHost, openHarnessPage, type HarnessPage } from './harnessHost';
import { canvasPixels, paintedPerCanvas } from './pageProbes';
import { tf } from '../../../src/simclr/tf';
import { loadFashionMnist } from '../../../src/simclr/data/fashionMnist';
import { captionImages } from '../../../src/simclr/data/captionedImages';
import { WordTokenizer } from '../../../src/simclr/text/wordTokenizer';
import { createDualEncoder } from '../../../src/simclr/multimodal/dualEncoder';
import { embeddingsEvent as publishedEmbeddings, gatherEmbeddings } from '../../../src/kernel/display/embeddingsOutput';

const OUT = join(__dirname, '..', '..', '..', 'test-results', 'webview');
let page: Page;
let harness: HarnessPage;
let host: HarnessHost;

interface PanelGlobals {
  lookTwicePanel: {
    scatter: { screenPosition(i: number): [number, number] | undefined; lastDrawMs: number };
    state(): { ui: Record<string, unknown> };
  };
}

before(async () => {
  mkdirSync(OUT, { recursive: true });
  harness = await openHarnessPage({ width: 760, height: 980 });
  page = harness.page;
  host = new HarnessHost((json) =>
    page.evaluate((j) => (window as unknown as { __ltDeliver(j: string): void }).__ltDeliver(j), json),
  );
  await page.exposeFunction('__ltHost', (json: string) => void host.receive(json));
  const emb = embeddingsEvent();
  for (const event of trainingEvents()) await host.publish(event, false);
  await host.publish(augmentationsEvent(emb), false);
  await host.publish(emb, false);
  await page.goto(`${harness.server.origin}/panel.html`);
});

after(async () => {
  await harness?.close();
});

const waitFor = <A>(fn: (arg: A) => unknown, arg: A, timeout = 30_000): Promise<unknown> =>
  page.waitForFunction(fn, arg, { timeout, polling: 100 });

test('training tab: curves of both runs are drawn on canvases', async () => {
  await waitFor(() => document.querySelectorAll('.lt-chart-section').length >= 4, null);
  const quantities = await page.evaluate(
    () => [...document.querySelectorAll<HTMLElement>('.lt-chart-section')].map((s) => s.dataset.quantity),
    null,
  );
  assert.deepEqual(quantities, ['loss', 'learningRate', 'imagesPerSec', 'knnAccuracy']);
  await page.click('.lt-run[data-run="run-a"] input[type="checkbox"]');
  await waitFor(
    () => document.querySelectorAll('.lt-chart-section[data-quantity="loss"] .u-legend .u-series').length >= 3,
    null,
  );
  const painted = await page.evaluate(paintedPerCanvas, '.lt-chart-section canvas');
  assert.ok(painted.length >= 4 && painted.every((p) => p > 500), `chart pixels ${painted}`);
  await page.screenshot({ path: join(OUT, 'panel-training.png') });
});

test('training tab: live step events extend the current run in place', async () => {
  await page.evaluate(() => {
    (
      document.querySelector('.lt-run[data-run="run-b"] input, .lt-run[data-run="run-a"] input') as HTMLElement
    ).dataset.marker = 'kept';
  }, null);
  for (let step = 261; step <= 270; step++) {
    await host.publish({
      kind: 'trainStep',
      runId: 'run-b',
      method: 'simclr',
      step,
      totalSteps: 400,
      epoch: 3,
      metrics: { loss: 1.2, learningRate: 0.1, imagesPerSec: 22 },
    });
  }
  await waitFor(
    () => /loss 1\.200 @ 270/.test(document.querySelector('.lt-run[data-run="run-b"] .lt-run-info')?.textContent ?? ''),
    null,
  );
  const kept = await page.evaluate(() => document.querySelector<HTMLElement>('.lt-run input')?.dataset.marker, null);
  assert.equal(kept, 'kept', 'the runs list is updated in place, not rebuilt, while steps stream');
  await host.publish({ kind: 'trainEnd', runId: 'run-b', status: 'interrupted', step: 270 });
  await waitFor(
    () => document.querySelector('.lt-run[data-run="run-b"] .lt-run-status')?.textContent === 'interrupted',
    null,
  );
});

test('augmentations tab: picking an image sends an augment request with the pipeline parameters', async () => {
  await page.click('.lt-tab[data-tab="augmentations"]');
  await waitFor(() => document.querySelectorAll('.lt-aug-sources canvas').length === 16, null);
  await page.click('.lt-aug-sources canvas[data-index="3"]');
  await waitFor(
    (n: number) =>
      (window as unknown as { __ltSent: Array<{ request?: { kind: string; index: number } }> }).__ltSent.some(
        (m) => m.request?.kind === 'augment' && m.request.index === n,
      ),
    3,
  );
  const request = host.requests('augment').at(-1);
  assert.ok(request && request.kind === 'augment');
  assert.deepEqual(Object.keys(request.params).sort(), ['blurP', 'brightness', 'cropMinScale', 'flipP']);
  assert.equal(request.views, 8);
  // The kernel answers with views (the original and 8 views are drawn) or with an error the tab shows.
  await waitFor(
    () =>
      document.querySelectorAll('.lt-aug-views canvas').length === 9 ||
      document.querySelector('.lt-pane-augmentations .lt-error-text') !== null,
    null,
    60_000,
  );
  const answer = host.responses.filter((r) => r.request === 'augment').at(-1);
  if (answer?.response === 'augment') {
    const painted = await page.evaluate(paintedPerCanvas, '.lt-aug-views canvas');
    assert.ok(painted.length === 9 && painted.every((p) => p > 100), `view pixels ${painted}`);
  } else {
    assert.equal(answer?.response, 'error');
    assert.match(
      await page.evaluate(
        () => document.querySelector('.lt-pane-augmentations .lt-error-text')?.textContent ?? '',
        null,
      ),
      /^Could not resample: /,
    );
  }
  await page.screenshot({ path: join(OUT, 'panel-augmentations.png') });
});

test('embeddings tab: 10,000 points drawn in class colours after a PCA request', async () => {
  await page.click('.lt-tab[data-tab="embeddings"]');
  await waitFor(
    () => {
      const c = document.querySelector<HTMLCanvasElement>('.lt-scatter-canvas');
      return (
        c !== null &&
        c.width > 100 &&
        (window as unknown as PanelGlobals).lookTwicePanel.scatter.screenPosition(0) !== undefined
      );
    },
    null,
    60_000,
  );
  await new Promise((r) => setTimeout(r, 300));
  const project = host.requests('project');
  assert.ok(
    project.some((r) => r.kind === 'project' && r.method === 'pca' && r.dims === 2),
    JSON.stringify(project),
  );
  const stats = await page.evaluate(canvasPixels, '.lt-scatter-canvas');
  assert.ok(stats, 'projector canvas exists');
  assert.ok(stats.painted > 20_000, `painted pixels: ${stats.painted}`);
  assert.ok(stats.colours >= 10, `distinct colours: ${stats.colours}`);
  const legend = await page.evaluate(() => document.querySelectorAll('.lt-legend-item').length, null);
  assert.equal(legend, 10);
  assert.match(
    await page.evaluate(
      () => document.querySelector('.lt-pane-embeddings .lt-toolbar .lt-caption')?.textContent ?? '',
      null,
    ),
    new RegExp(`${POINTS} points`),
  );
});

async function pointOnScreen(index: number): Promise<[number, number]> {
  return page.evaluate((i) => {
    const panel = (window as unknown as PanelGlobals).lookTwicePanel;
    const rect = (document.querySelector('.lt-scatter-canvas') as HTMLCanvasElement).getBoundingClientRect();
    const p = panel.scatter.screenPosition(i) as [number, number];
    return [rect.left + p[0], rect.top + p[1]] as [number, number];
  }, index);
}

test('hover shows the thumbnail and the label; click lists 12 nearest neighbours', async () => {
  const [x, y] = await pointOnScreen(17);
  await page.mouse.move(x - 20, y - 20);
  await page.mouse.move(x, y, { steps: 4 });
  await waitFor(() => !(document.querySelector('.lt-tooltip') as HTMLElement).hidden, null);
  const tip = await page.evaluate(() => document.querySelector('.lt-tooltip div')?.textContent ?? '', null);
  assert.match(tip, /^#\d+ · \S/);
  const thumb = await page.evaluate(canvasPixels, '.lt-tooltip canvas');
  assert.ok(thumb && thumb.painted > 1000 && thumb.colours > 3, `thumbnail pixels ${JSON.stringify(thumb)}`);
  await page.screenshot({ path: join(OUT, 'panel-projector-hover.png') });
  await page.mouse.click(x, y);
  await waitFor(() => document.querySelectorAll('.lt-neighbours-list .lt-neighbour').length === 12, null);
  assert.ok(host.requests('nearestNeighbours').length >= 1);
  const thumbs = await page.evaluate(paintedPerCanvas, '.lt-neighbours-list canvas');
  assert.equal(thumbs.length, 12);
  assert.ok(thumbs.every((p) => p > 100));
  await page.mouse.move(5, 5);
  await page.screenshot({ path: join(OUT, 'panel-projector-neighbours.png'), fullPage: true });
});

test('switching to UMAP sends a project request and shows its progress; class search hides classes', async () => {
  await page.click('.lt-segmented button[data-method="umap"]');
  await waitFor(() => !(document.querySelector('.lt-progress-line') as HTMLElement).hidden, null);
  assert.ok(host.requests('project').some((r) => r.kind === 'project' && r.method === 'umap'));
  assert.match(
    await page.evaluate(() => document.querySelector('.lt-progress-line')?.textContent ?? '', null),
    /UMAP: nearest neighbours 5%/,
  );
  await page.click('.lt-segmented button[data-method="pca"]');
  await page.fill('.lt-search', 'shirt');
  await waitFor(() => document.querySelectorAll('.lt-legend-item[aria-pressed="false"]').length === 8, null);
  const filtered = await page.evaluate(canvasPixels, '.lt-scatter-canvas');
  assert.ok(filtered && filtered.painted > 1000);
  await page.screenshot({ path: join(OUT, 'panel-projector-filtered.png') });
  await page.fill('.lt-search', '');
});

test('state (tab, selection, zoom) survives a reload through getState and the host replay', async () => {
  const rect = await page.evaluate(() => {
    const r = (document.querySelector('.lt-scatter-canvas') as HTMLElement).getBoundingClientRect();
    return [r.left + r.width / 2, r.top + r.height / 2];
  }, null);
  await page.mouse.move(rect[0], rect[1]);
  for (let i = 0; i < 3; i++) await page.mouse.wheel(0, -200);
  await waitFor(
    () =>
      ((window as unknown as PanelGlobals).lookTwicePanel.state().ui.viewport as { scale: number } | undefined) !==
      undefined,
    null,
  );
  await new Promise((r) => setTimeout(r, 300));
  const before = await page.evaluate(() => (window as unknown as PanelGlobals).lookTwicePanel.state().ui, null);
  const projectRequestsBefore = host.requests('project').length;
  await page.reload();
  await waitFor(
    () => (window as unknown as Partial<PanelGlobals>).lookTwicePanel?.scatter.screenPosition(0) !== undefined,
    null,
    60_000,
  );
  await waitFor(() => document.querySelectorAll('.lt-neighbours-list .lt-neighbour').length === 12, null);
  const after = await page.evaluate(() => (window as unknown as PanelGlobals).lookTwicePanel.state().ui, null);
  for (const key of ['tab', 'method', 'selected', 'viewport', 'embeddingsId', 'compareRuns'] as const)
    assert.deepEqual(after[key], before[key], key);
  assert.equal(after.tab, 'embeddings');
  assert.ok(
    host.requests('project').length > projectRequestsBefore,
    'the reloaded page asked again and was answered from the host cache',
  );
  const stats = await page.evaluate(canvasPixels, '.lt-scatter-canvas');
  assert.ok(stats && stats.painted > 5000);
  await page.screenshot({ path: join(OUT, 'panel-after-reload.png') });
});

/** VS Code's Light Modern values, set the way VS Code sets them: inline on <html>, class on <body>. */
const LIGHT: Record<string, string> = {
  '--vscode-foreground': '#3b3b3b',
  '--vscode-descriptionForeground': '#6f6f6f',
  '--vscode-editor-background': '#ffffff',
  '--vscode-sideBar-background': '#f8f8f8',
  '--vscode-button-secondaryBackground': '#e5e5e5',
  '--vscode-button-secondaryForeground': '#3b3b3b',
  '--vscode-input-background': '#ffffff',
  '--vscode-input-foreground': '#3b3b3b',
  '--vscode-input-border': '#cecece',
  '--vscode-editorWidget-border': '#e5e5e5',
  '--vscode-editorHoverWidget-background': '#f8f8f8',
  '--vscode-editorHoverWidget-border': '#c8c8c8',
  '--vscode-panel-border': '#e5e5e5',
  '--vscode-list-hoverBackground': '#f2f2f2',
  '--vscode-panelTitle-activeForeground': '#3b3b3b',
  '--vscode-charts-blue': '#1a85ff',
  '--vscode-charts-orange': '#d18616',
};

test('a theme switch restyles the panel and redraws the charts with the new colours', async () => {
  await page.click('.lt-tab[data-tab="training"]');
  await waitFor(() => document.querySelector<HTMLElement>('.lt-pane-training')?.hidden === false, null);
  await new Promise((r) => setTimeout(r, 300));
  const dark = await page.evaluate(canvasPixels, '.lt-chart-section[data-quantity="loss"] canvas');
  await page.evaluate((vars) => {
    for (const [name, value] of Object.entries(vars)) document.documentElement.style.setProperty(name, value);
    document.body.className = 'vscode-light';
  }, LIGHT);
  await new Promise((r) => setTimeout(r, 400));
  const light = await page.evaluate(canvasPixels, '.lt-chart-section[data-quantity="loss"] canvas');
  assert.ok(dark && light && light.colours !== dark.colours, `colours dark ${dark?.colours}, light ${light?.colours}`);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor, null);
  assert.equal(background, 'rgb(248, 248, 248)');
  await page.screenshot({ path: join(OUT, 'panel-training-light.png') });
  await page.click('.lt-tab[data-tab="embeddings"]');
  await new Promise((r) => setTimeout(r, 300));
  await page.screenshot({ path: join(OUT, 'panel-projector-light.png') });
});

test('a narrow side bar (300 px): no horizontal overflow, the projector fits', async () => {
  await page.setViewportSize({ width: 300, height: 800 });
  await new Promise((r) => setTimeout(r, 400));
  const widths = await page.evaluate(
    () => ({
      page: document.documentElement.scrollWidth,
      canvas: (document.querySelector('.lt-scatter-canvas') as HTMLElement).getBoundingClientRect().width,
    }),
    null,
  );
  assert.ok(widths.page <= 300, `page scroll width ${widths.page}`);
  assert.ok(widths.canvas > 200 && widths.canvas <= 300, `canvas width ${widths.canvas}`);
  const stats = await page.evaluate(canvasPixels, '.lt-scatter-canvas');
  assert.ok(stats && stats.width === Math.round(widths.canvas), 'the canvas backing store follows its CSS size');
  await page.screenshot({ path: join(OUT, 'panel-narrow.png') });
  await page.setViewportSize({ width: 760, height: 980 });
});

test('text query: a two-tower set shows a text box; Enter embeds the text in the kernel and lists the 12 nearest points', async () => {
  await tf.setBackend('cpu');
  const pairs = captionImages(loadFashionMnist({ split: 'test', limit: 300, prefer: 'embedded' }), { seed: 1 });
  const model = createDualEncoder({
    tokenizer: WordTokenizer.train(pairs.captions),
    media: 'image',
    encoder: { widths: [8, 16], strides: [2, 2] },
    text: { width: 16 },
    embedDim: 16,
  });
  const data = gatherEmbeddings({ model, pairs }, {});
  host.rememberTextQuery('joint-test', data.textQuery!);
  await page.click('.lt-tab[data-tab="embeddings"]');
  assert.equal(
    await page.evaluate(() => (document.querySelector('.lt-text-query') as HTMLElement).hidden, null),
    true,
    'no text box for sets without a text encoder',
  );
  await host.publish(publishedEmbeddings(data, 'joint-test'));
  await waitFor(
    () =>
      !(document.querySelector('.lt-text-query') as HTMLElement).hidden &&
      /600 points/.test(document.querySelector('.lt-pane-embeddings .lt-toolbar .lt-caption')?.textContent ?? ''),
    null,
  );
  await page.fill('.lt-text-query', 'a photo of a dark coat');
  await page.press('.lt-text-query', 'Enter');
  await waitFor(
    () =>
      document.querySelectorAll('.lt-neighbours-list .lt-neighbour').length === 12 &&
      /nearest to “a photo of a dark coat”/.test(document.querySelector('.lt-neighbours')?.textContent ?? ''),
    null,
  );
  const sent = host.requests('textQuery');
  assert.deepEqual(sent.at(-1), {
    kind: 'textQuery',
    embeddingsId: 'joint-test',
    text: 'a photo of a dark coat',
    k: 12,
  });
  const labels = await page.evaluate(
    () => [...document.querySelectorAll('.lt-neighbours-list figcaption')].map((f) => f.textContent ?? ''),
    null,
  );
  assert.ok(
    labels.every((l) => /^(image|caption) · -?\d\.\d{3}$/.test(l)),
    labels.join(' | '),
  );
  await page.screenshot({ path: join(OUT, 'panel-text-query.png'), fullPage: true });
  model.dispose();
});

test('no CSP violations or page errors; every page message passed validation', () => {
  assert.deepEqual(harness.problems, []);
  assert.deepEqual(host.rejected, []);
});
