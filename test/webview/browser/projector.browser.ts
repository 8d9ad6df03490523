/**
 * Browser test of the projector's renderers (issue 17) in headless Chromium (WebGL 2 on SwiftShader):
 * the Embeddings tab draws its 10,000 points with WebGL under the panel's CSP, pixel for pixel where
 * the canvas 2-D fallback draws them; hiding a class removes its colour; a lost WebGL context
 * continues on canvas 2-D. Screenshot: test-results/webview/panel-projector-webgl.png.
 * Run: node esbuild.config.mjs && node --import tsx --test test/webview/browser/projector.browser.ts
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchChromium, type Browser, type Page } from './chromium';
import { embeddingsEvent } from './fixtures';
import { HarnessHost } from './harnessHost';
import { startHarnessServer, type HarnessServer } from './harnessServer';
import { canvasPixels } from './pageProbes';

const OUT = join(__dirname, '..', '..', '..', 'test-results', 'webview');
let browser: Browser;
let page: Page;
let server: HarnessServer;
let host: HarnessHost;
const problems: string[] = [];

type Renderer = 'webgl' | 'canvas2d';
interface ScatterGlobals { lookTwicePanel: { scatter: { rendererKind: Renderer; useRenderer(kind: Renderer): Renderer; draw(): void; screenPosition(i: number): [number, number] | undefined } } }

before(async () => {
  mkdirSync(OUT, { recursive: true });
  server = await startHarnessServer();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 700, height: 820 } });
  page.on('console', (m) => { const text = m.text?.() ?? ''; if (/Content Security Policy|Refused|error/i.test(text)) problems.push(text); });
  page.on('pageerror', (e) => problems.push(e.message ?? String(e)));
  host = new HarnessHost((json) => page.evaluate((j) => (window as unknown as { __ltDeliver(j: string): void }).__ltDeliver(j), json));
  await page.exposeFunction('__ltHost', (json: string) => void host.receive(json));
  await host.publish(embeddingsEvent(), false);
  await page.goto(`${server.origin}/panel.html`);
  await page.waitForFunction(() => document.querySelector('.lt-tab[data-tab="embeddings"]') !== null, null, { timeout: 60_000 });
  await page.click('.lt-tab[data-tab="embeddings"]');
  await page.waitForFunction(() => (window as unknown as Partial<ScatterGlobals>).lookTwicePanel?.scatter.screenPosition(0) !== undefined, null, { timeout: 60_000, polling: 100 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Draws with `renderer` and returns its RGBA pixels (through a 2-D copy for WebGL) as a plain array. */
function pixelsWith(renderer: Renderer): { kind: string; width: number; height: number; rgba: number[] } {
  const scatter = (window as unknown as ScatterGlobals).lookTwicePanel.scatter;
  const kind = scatter.useRenderer(renderer);
  scatter.draw();
  const canvas = document.querySelector('.lt-scatter-canvas') as HTMLCanvasElement;
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const ctx = copy.getContext('2d') as CanvasRenderingContext2D;
  ctx.drawImage(canvas, 0, 0);
  return { kind, width: canvas.width, height: canvas.height, rgba: [...ctx.getImageData(0, 0, canvas.width, canvas.height).data] };
}

test('the projector draws with WebGL by default, under the panel CSP', async () => {
  assert.equal(await page.evaluate(() => (window as unknown as ScatterGlobals).lookTwicePanel.scatter.rendererKind, null), 'webgl');
  assert.equal(await page.evaluate(() => document.querySelector<HTMLElement>('.lt-scatter-canvas')?.dataset.renderer, null), 'webgl');
  const stats = await page.evaluate(canvasPixels, '.lt-scatter-canvas');
  assert.ok(stats && stats.painted > 20_000 && stats.colours >= 10, JSON.stringify(stats));
  await page.screenshot({ path: join(OUT, 'panel-projector-webgl.png') });
});

test('WebGL and canvas 2-D paint the same pixels in the same class colours', async () => {
  const gl = await page.evaluate(pixelsWith, 'webgl');
  const cpu = await page.evaluate(pixelsWith, 'canvas2d');
  assert.deepEqual([gl.kind, cpu.kind], ['webgl', 'canvas2d']);
  assert.deepEqual([gl.width, gl.height], [cpu.width, cpu.height]);
  let glPainted = 0, cpuPainted = 0, both = 0, colourClose = 0;
  for (let i = 0; i < gl.rgba.length; i += 4) {
    const a = gl.rgba[i + 3] > 0, b = cpu.rgba[i + 3] > 0;
    glPainted += Number(a);
    cpuPainted += Number(b);
    if (a && b) {
      both++;
      if (Math.abs(gl.rgba[i] - cpu.rgba[i]) + Math.abs(gl.rgba[i + 1] - cpu.rgba[i + 1]) + Math.abs(gl.rgba[i + 2] - cpu.rgba[i + 2]) < 48) colourClose++;
    }
  }
  // Canvas 2-D antialiases squares at fractional positions, WebGL snaps them to the pixel grid:
  // the footprints overlap mostly, not exactly.
  assert.ok(Math.abs(glPainted - cpuPainted) / cpuPainted < 0.35, `painted: webgl ${glPainted}, canvas ${cpuPainted}`);
  assert.ok(both / Math.max(glPainted, cpuPainted) > 0.6, `overlap ${both} of ${glPainted} / ${cpuPainted}`);
  assert.ok(colourClose / both > 0.8, `similar colour on ${colourClose} of ${both} shared pixels`);
  assert.equal(await page.evaluate(() => (window as unknown as ScatterGlobals).lookTwicePanel.scatter.useRenderer('webgl'), null), 'webgl');
});

test('hiding classes in WebGL removes their points', async () => {
  const before = await page.evaluate(canvasPixels, '.lt-scatter-canvas');
  await page.fill('.lt-search', 'trouser');
  await page.waitForFunction(() => document.querySelectorAll('.lt-legend-item[aria-pressed="false"]').length === 9, null, { timeout: 30_000, polling: 100 });
  await page.evaluate(() => (window as unknown as ScatterGlobals).lookTwicePanel.scatter.draw(), null);
  const after = await page.evaluate(canvasPixels, '.lt-scatter-canvas');
  assert.ok(before && after && after.painted > 500 && after.painted < before.painted / 4, `painted ${before?.painted} -> ${after?.painted}`);
  assert.ok(after.colours < before.colours, `colours ${before.colours} -> ${after.colours}`);
  await page.fill('.lt-search', '');
  await page.waitForFunction(() => document.querySelectorAll('.lt-legend-item[aria-pressed="false"]').length === 0, null, { timeout: 30_000, polling: 100 });
});

test('a lost WebGL context continues on canvas 2-D', async () => {
  await page.evaluate(() => {
    const canvas = document.querySelector('.lt-scatter-canvas') as HTMLCanvasElement;
    (canvas.getContext('webgl2') as WebGL2RenderingContext).getExtension('WEBGL_lose_context')?.loseContext();
  }, null);
  await page.waitForFunction(() => (window as unknown as ScatterGlobals).lookTwicePanel.scatter.rendererKind === 'canvas2d', null, { timeout: 30_000, polling: 100 });
  await page.evaluate(() => (window as unknown as ScatterGlobals).lookTwicePanel.scatter.draw(), null);
  const stats = await page.evaluate(canvasPixels, '.lt-scatter-canvas');
  assert.ok(stats && stats.painted > 20_000 && stats.colours >= 10, JSON.stringify(stats));
  assert.equal(await page.evaluate(() => document.querySelectorAll('.lt-scatter-canvas').length, null), 1, 'the WebGL canvas was replaced, not kept beside');
});

test('no CSP violations or page errors', () => {
  assert.deepEqual(problems, []);
});
