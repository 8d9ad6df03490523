/**
 * Browser test of the Training tab's representation health (issue 17) in headless Chromium: a run
 * whose steps carry the training monitor's metrics (kNN accuracy, alignment, uniformity, std ratio,
 * effective rank every 5 steps) and then collapses (the `collapsing` step flag): each metric gets a
 * drawn chart, the flag is a warning banner, not a chart. Screenshot: test-results/webview/panel-health.png.
 * Run: node esbuild.config.mjs && node --import tsx --test test/webview/browser/trainingHealth.browser.ts
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { PanelEvent } from '../../../src/protocol/panelMessages';
import type { StepMetrics } from '../../../src/protocol/trainingEvents';
import type { Page } from './chromium';
import { HarnessHost, openHarnessPage, type HarnessPage } from './harnessHost';
import { paintedPerCanvas } from './pageProbes';

const OUT = join(__dirname, '..', '..', '..', 'test-results', 'webview');
const HEALTH = ['alignment', 'effectiveRank', 'healthStdRatio', 'knnAccuracy', 'uniformity'];
let page: Page;
let harness: HarnessPage;
let host: HarnessHost;

/** Step events of a run, the monitor's metrics every 5 steps; from step `collapseAt` on the outputs collapse. */
function* monitoredRun(runId: string, steps: number, collapseAt: number): Generator<PanelEvent> {
  const method = 'simsiam';
  yield {
    kind: 'trainStart',
    runId,
    method,
    totalSteps: steps,
    config: { batchSize: 32 },
    startedAt: Date.UTC(2026, 11, 2, 11, 0),
  };
  for (let step = 1; step <= steps; step++) {
    const collapsed = step >= collapseAt;
    const ratio = collapsed ? 0.02 : 0.9 - step / 200;
    const metrics: StepMetrics = {
      loss: collapsed ? -0.99 : -0.3 - step / 200,
      learningRate: 0.005,
      imagesPerSec: 300,
      representationStdRatio: ratio,
    };
    if (step >= collapseAt + 4) metrics.collapsing = 1;
    if (step % 5 === 0) {
      Object.assign(metrics, {
        knnAccuracy: collapsed ? 0.1 : 0.3 + step / 400,
        alignment: collapsed ? 0.001 : 0.8 - step / 500,
        uniformity: collapsed ? -0.01 : -2.5 + step / 200,
        healthStdRatio: ratio,
        effectiveRank: collapsed ? 1.2 : 20 - step / 10,
      });
    }
    yield { kind: 'trainStep', runId, method, step, totalSteps: steps, epoch: 0, metrics };
  }
}

before(async () => {
  mkdirSync(OUT, { recursive: true });
  harness = await openHarnessPage({ width: 760, height: 1400 });
  page = harness.page;
  host = new HarnessHost((json) =>
    page.evaluate((j) => (window as unknown as { __ltDeliver(j: string): void }).__ltDeliver(j), json),
  );
  await page.exposeFunction('__ltHost', (json: string) => void host.receive(json));
  for (const event of monitoredRun('healthy-then-collapsed', 60, 100)) await host.publish(event, false);
  await page.goto(`${harness.server.origin}/panel.html`);
});

after(async () => {
  await harness?.close();
});

const waitFor = (fn: () => unknown, timeout = 30_000): Promise<unknown> =>
  page.waitForFunction(fn, null, { timeout, polling: 100 });

test('the monitor metrics each get a drawn chart; a healthy run shows no collapse warning', async () => {
  await waitFor(() => document.querySelectorAll('.lt-chart-section[data-quantity="knnAccuracy"] canvas').length > 0);
  const quantities = await page.evaluate(
    () => [...document.querySelectorAll<HTMLElement>('.lt-chart-section')].map((s) => s.dataset.quantity as string),
    null,
  );
  for (const name of HEALTH) assert.ok(quantities.includes(name), `chart for ${name} in ${quantities}`);
  const painted = await page.evaluate(paintedPerCanvas, '.lt-chart-section canvas');
  assert.ok(
    painted.every((p) => p > 300),
    `chart pixels ${painted}`,
  );
  assert.equal(
    await page.evaluate(() => (document.querySelector('.lt-collapse-warning') as HTMLElement).hidden, null),
    true,
  );
});

test('a collapsing run: the warning banner appears live with the std ratio, and the flag is no chart', async () => {
  for (const event of monitoredRun('collapsing', 40, 20)) await host.publish(event);
  await waitFor(() => !(document.querySelector('.lt-collapse-warning') as HTMLElement).hidden);
  const text = await page.evaluate(() => document.querySelector('.lt-collapse-warning')?.textContent ?? '', null);
  assert.match(text, /^Representation collapsing since step 24: std of the l2-normalised outputs × √d = 0\.020/);
  assert.equal(
    await page.evaluate(() => document.querySelector('.lt-chart-section[data-quantity="collapsing"]'), null),
    null,
  );
  assert.equal(
    await page.evaluate(() => document.querySelector('.lt-collapse-warning')?.getAttribute('role'), null),
    'alert',
  );
  await page.evaluate(() => window.scrollTo(0, 0), null);
  await page.screenshot({ path: join(OUT, 'panel-health.png'), fullPage: true });
  assert.deepEqual(harness.problems, []);
});
