/**
 * Browser test of the panel's selection as persisted state and as the kernel's (issue 17): a box selection
 * is told to the kernel ('select', answered by the kernel's own store, what panel.selection() reads), it
 * survives a reload of the page (persisted UI state, told again), and Clear tells the kernel too.
 * Run: node esbuild.config.mjs && node --import tsx --test test/webview/browser/selection.browser.ts
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from './chromium';
import { embeddingsEvent } from './fixtures';
import { HarnessHost, openHarnessPage, type HarnessPage } from './harnessHost';
import type { PanelRequest } from '../../../src/protocol/panelMessages';

let page: Page;
let harness: HarnessPage;
let host: HarnessHost;
const ID = 'emb-selection';

interface PanelGlobals {
  lookTwicePanel: {
    embeddings: { selectedIndices?: Int32Array };
    scatter: { screenPosition(i: number): [number, number] | undefined };
  };
}

const waitFor = <A>(fn: (arg: A) => unknown, arg: A, timeout = 60_000): Promise<unknown> =>
  page.waitForFunction(fn, arg, { timeout, polling: 100 });

const selectRequests = (): Extract<PanelRequest, { kind: 'select' }>[] =>
  host.requests('select') as Extract<PanelRequest, { kind: 'select' }>[];

const panelSelection = (): Promise<number[]> =>
  page.evaluate(() => [...((window as unknown as PanelGlobals).lookTwicePanel.embeddings.selectedIndices ?? [])], null);

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50));
}

async function openEmbeddings(): Promise<void> {
  await page.waitForFunction(() => document.querySelector('.lt-tab[data-tab="embeddings"]') !== null, null, {
    timeout: 60_000,
  });
  await page.click('.lt-tab[data-tab="embeddings"]');
  await waitFor(() => (window as unknown as Partial<PanelGlobals>).lookTwicePanel?.scatter.screenPosition(0), null);
}

before(async () => {
  harness = await openHarnessPage({ width: 640, height: 900 });
  page = harness.page;
  host = new HarnessHost((json) =>
    page.evaluate((j) => (window as unknown as { __ltDeliver(j: string): void }).__ltDeliver(j), json),
  );
  await page.exposeFunction('__ltHost', (json: string) => void host.receive(json));
  await host.publish(embeddingsEvent(2000, ID), false);
  await page.goto(`${harness.server.origin}/panel.html`);
  await openEmbeddings();
});

after(async () => {
  await harness?.close();
});

test('a box selection reaches the kernel, survives a reload, and Clear empties it', async () => {
  await page.click('.lt-projector-tools button[data-tool="box"]');
  const rect = await page.evaluate(() => {
    const r = (document.querySelector('.lt-scatter-canvas') as HTMLCanvasElement).getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height };
  }, null);
  await page.mouse.move(rect.left + rect.width * 0.2, rect.top + rect.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(rect.left + rect.width * 0.5, rect.top + rect.height * 0.5, { steps: 4 });
  await page.mouse.move(rect.left + rect.width * 0.7, rect.top + rect.height * 0.7, { steps: 4 });
  await page.mouse.up();
  await waitFor(() => document.querySelector<HTMLElement>('.lt-selection')?.hidden === false, null);
  const selected = await panelSelection();
  assert.ok(selected.length > 20, `the box holds points: ${selected.length}`);
  await until(() => selectRequests().length > 0);
  assert.deepEqual(selectRequests().at(-1), { kind: 'select', embeddingsId: ID, indices: selected });
  await until(() => host.kernelSelection(ID).length > 0);
  assert.deepEqual(host.kernelSelection(ID), selected, "the kernel's copy (panel.selection()) is the panel's");

  const told = selectRequests().length;
  await page.reload();
  await openEmbeddings();
  await waitFor(
    (n) => document.querySelectorAll('.lt-selection-grid canvas').length === Math.min(n, 120),
    selected.length,
  );
  assert.deepEqual(await panelSelection(), selected, 'the selection survived the reload');
  await until(() => selectRequests().length > told);
  assert.deepEqual(selectRequests().at(-1)?.indices, selected, 'told to the kernel again after the reload');

  await page.click('.lt-clear-selection');
  await waitFor(() => document.querySelector<HTMLElement>('.lt-selection')?.hidden === true, null);
  await until(() => host.kernelSelection(ID).length === 0);
  assert.deepEqual(selectRequests().at(-1), { kind: 'select', embeddingsId: ID, indices: [] });
  assert.deepEqual(harness.problems, []);
});
