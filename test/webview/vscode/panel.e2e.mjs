/**
 * UI end-to-end test of the Look Twice side panel in a real VS Code (code-server 1.139.1) with Playwright and
 * Debian's chromium: run the e2e notebook (it trains a few steps and publishes embeddings), open the panel with
 * "Look Twice: Show Panel", then inside the panel's webview iframe: the Training tab has curves, the projector
 * canvas has drawn points (pixels), hovering a point shows its thumbnail, clicking lists neighbours and opens
 * the pair inspector (two fresh views and the hardest negatives, drawn by the kernel; Draw again), switching to
 * UMAP computes a new projection in the kernel, and after hiding the panel (Explorer) and showing it again the
 * tab, method and selection are still there. Screenshots in test-results/webview/vscode-*.png.
 * Reuses the code-server harness of test/vscode/harness/.
 *
 * usage: node test/webview/vscode/panel.e2e.mjs [--verbose] [--timeout 300]
 */
import { findFrame, runCommand, waitForFrame } from '../../vscode/harness/browser.mjs';
import { appears, check, openNotebook, runE2e } from '../../vscode/harness/e2e.mjs';

/** Painted pixels and distinct colours of the first canvas matching `selector` (runs inside a frame). */
function canvasPixels(selector) {
  const source = document.querySelector(selector);
  if (!source || source.width === 0) return { painted: 0, colours: 0 };
  // The projector draws with WebGL2 where it can: copy any canvas into a 2-D one to read its pixels.
  const copy = document.createElement('canvas');
  copy.width = source.width;
  copy.height = source.height;
  const context = copy.getContext('2d');
  context.drawImage(source, 0, 0);
  const data = context.getImageData(0, 0, copy.width, copy.height).data;
  const colours = new Set();
  let painted = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] === 0) continue;
    painted++;
    colours.add(((data[i] >> 4) << 8) | ((data[i + 1] >> 4) << 4) | (data[i + 2] >> 4));
  }
  return { painted, colours: colours.size };
}

const isPanel = () => document.querySelector('.lt-tabs') !== null;
const projectorReady = () => window.lookTwicePanel?.scatter.screenPosition(0) !== undefined;

async function openPanel(page) {
  await runCommand(page, 'Look Twice: Show Panel');
  return waitForFrame(page, isPanel, null, { what: 'Look Twice panel webview', timeout: 60_000 });
}

/** Page coordinates of point `index` of the projector in `frame` (Playwright boxes are in main-page coordinates). */
async function pointOnPage(frame, index) {
  const box = await frame.locator('.lt-scatter-canvas').boundingBox();
  const [x, y, cssWidth] = await frame.evaluate((i) => {
    const p = window.lookTwicePanel.scatter.screenPosition(i);
    return [p[0], p[1], document.querySelector('.lt-scatter-canvas').clientWidth];
  }, index);
  const k = box.width / cssWidth;
  return [box.x + x * k, box.y + y * k];
}

await runE2e(
  'panel',
  { screenshots: 'webview/vscode-panel-', options: { notebook: { type: 'string', default: 'e2e.ipynb' } } },
  async ({ page, args, log, shot }) => {
    await openNotebook(page, args.notebook);
    await runCommand(page, 'Notebook: Run All');
    const picker = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Look Twice (TypeScript)' }).first();
    if (await appears(picker, 3000)) await picker.click();
    log('Run All issued; opening the panel and waiting for the embeddings the notebook publishes');
    let panel = await openPanel(page);
    const end = Date.now() + Number(args.timeout) * 1000;
    while (!(await panel.evaluate(() => window.lookTwicePanel?.state().embeddings !== undefined).catch(() => false))) {
      const failed = await page.locator('.notebook-editor .code-cell-row .codicon-notebook-state-error').count();
      check(failed === 0, `${failed} notebook cell(s) failed`);
      check(Date.now() < end, `the panel received no embeddings within ${args.timeout} s`);
      await page.waitForTimeout(1000);
    }
    log(
      `embeddings received: ${JSON.stringify(
        await panel.evaluate(() => {
          const e = window.lookTwicePanel.state().embeddings;
          return { n: e.n, dim: e.dim };
        }),
      )}`,
    );
    await panel.waitForFunction(
      () =>
        document.querySelectorAll('.lt-run').length > 0 &&
        document.querySelectorAll('.lt-chart-section canvas').length > 0,
      null,
      { timeout: 30_000 },
    );
    const chart = await panel.evaluate(canvasPixels, '.lt-chart-section[data-quantity="loss"] canvas');
    check(chart.painted > 200, `loss chart pixels ${chart.painted}`);
    log(`training tab: ${await panel.locator('.lt-run').count()} run(s), loss chart ${chart.painted} pixels`);
    await shot('training');

    await panel.click('.lt-tab[data-tab="embeddings"]');
    await panel.waitForFunction(projectorReady, null, { timeout: 60_000 });
    await page.waitForTimeout(300);
    const points = await panel.evaluate(canvasPixels, '.lt-scatter-canvas');
    check(points.painted > 500 && points.colours >= 5, `projector pixels ${JSON.stringify(points)}`);
    log(`projector: ${points.painted} pixels, ${points.colours} colours`);

    const [x, y] = await pointOnPage(panel, 5);
    await page.mouse.move(x - 30, y - 30);
    await page.mouse.move(x, y, { steps: 5 });
    await panel.waitForFunction(() => !document.querySelector('.lt-tooltip').hidden, null, { timeout: 10_000 });
    const thumb = await panel.evaluate(canvasPixels, '.lt-tooltip canvas');
    check(thumb.painted > 500, `tooltip thumbnail pixels ${thumb.painted}`);
    log(`hover: "${await panel.locator('.lt-tooltip div').innerText()}", thumbnail ${thumb.painted} pixels`);
    await shot('hover');
    await page.mouse.click(x, y);
    await panel.waitForFunction(() => document.querySelectorAll('.lt-neighbours-list .lt-neighbour').length > 0, null, {
      timeout: 30_000,
    });
    log(`neighbours: ${await panel.locator('.lt-neighbours-list .lt-neighbour').count()}`);
    // The same click opened the pair inspector: the kernel, which still holds the model and the images, drew
    // two fresh augmented views and a batch's hardest negatives.
    await panel.waitForFunction(
      () =>
        document.querySelectorAll('.lt-pair-views canvas').length === 2 &&
        document.querySelectorAll('.lt-pair-negatives canvas').length > 0,
      null,
      { timeout: 60_000 },
    );
    const views = await panel.evaluate(() =>
      [...document.querySelectorAll('.lt-pair-views canvas, .lt-pair-negatives canvas')].map((canvas) => {
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        let sum = 0;
        for (let i = 0; i < data.length; i += 4) sum += data[i] + data[i + 1] + data[i + 2];
        return sum;
      }),
    );
    check(views.length >= 3 && views.every((sum) => sum > 0), `pair inspector thumbnails drawn: ${views}`);
    const summary = await panel.locator('.lt-pair-summary').innerText();
    check(/^cosine -?\d\.\d{3} · /.test(summary), `pair summary: ${summary}`);
    const firstSeed = await panel.evaluate(() => window.lookTwicePanel.state().pair.seed);
    log(`pair inspector: ${summary}; ${views.length - 2} hardest negatives`);
    await panel.locator('.lt-pair').scrollIntoViewIfNeeded();
    await shot('pair');
    await panel.click('.lt-pair-again');
    await panel.waitForFunction((seed) => window.lookTwicePanel.state().pair?.seed !== seed, firstSeed, {
      timeout: 60_000,
    });
    log('Draw again: new views from a new seed');

    await panel.click('.lt-segmented button[data-method="umap"]');
    await panel.waitForFunction(() => window.lookTwicePanel.state().shownProjection?.method === 'umap', null, {
      timeout: 180_000,
    });
    await page.waitForTimeout(300);
    const umap = await panel.evaluate(canvasPixels, '.lt-scatter-canvas');
    check(umap.painted > 500, `UMAP pixels ${umap.painted}`);
    log(`UMAP computed by the kernel and drawn: ${umap.painted} pixels`);
    await shot('umap');
    const before = await panel.evaluate(() => window.lookTwicePanel.state().ui);

    await runCommand(page, 'View: Show Explorer');
    await page.waitForTimeout(1000);
    check(
      !(await findFrame(page, isPanel)),
      'the panel webview is still there after switching the side bar to the Explorer',
    );
    log('panel hidden (its webview was disposed)');
    panel = await openPanel(page);
    await panel.waitForFunction(projectorReady, null, { timeout: 60_000 });
    await panel.waitForFunction(() => document.querySelectorAll('.lt-neighbours-list .lt-neighbour').length > 0, null, {
      timeout: 30_000,
    });
    const after = await panel.evaluate(() => window.lookTwicePanel.state().ui);
    for (const key of ['tab', 'method', 'selected'])
      check(
        JSON.stringify(after[key]) === JSON.stringify(before[key]),
        `${key} after show: ${JSON.stringify(after[key])}, before: ${JSON.stringify(before[key])}`,
      );
    const restored = await panel.evaluate(canvasPixels, '.lt-scatter-canvas');
    check(restored.painted > 500, `projector pixels after show ${restored.painted}`);
    log(`state restored after hide/show: tab ${after.tab}, method ${after.method}, selected #${after.selected}`);
    await shot('restored');
  },
);
