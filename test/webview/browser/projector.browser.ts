/**
 * Browser test of the projector's renderers (issue 17) in headless Chromium (WebGL 2 on SwiftShader):
 * 'auto' draws the Embeddings tab's 10,000 points with canvas 2-D on a software WebGL (WebGL on a
 * GPU) and names it in a corner badge; WebGL, asked for, draws under the panel's CSP, pixel for pixel
 * where canvas 2-D draws them; hiding a class removes its colour; a lost WebGL context
 * continues on canvas 2-D. Box and lasso selections pick exactly the points inside, show their
 * images, and export (selection CSV, all-points CSV, PNG of the view) through the host's 'save'.
 * Screenshots: test-results/webview/panel-projector-{auto,webgl,selection}.png.
 * Run: node esbuild.config.mjs && node --import tsx --test test/webview/browser/projector.browser.ts
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from './chromium';
import { embeddingsEvent } from './fixtures';
import { HarnessHost, openHarnessPage, type HarnessPage } from './harnessHost';
import { canvasPixels, paintedPerCanvas } from './pageProbes';

const OUT = join(__dirname, '..', '..', '..', 'test-results', 'webview');
let page: Page;
let harness: HarnessPage;
let host: HarnessHost;

type Renderer = 'webgl' | 'canvas2d';
interface ScatterGlobals {
  lookTwicePanel: {
    embeddings: { selectedIndices?: Int32Array };
    scatter: {
      rendererKind: Renderer;
      useRenderer(kind: Renderer): Renderer;
      draw(): void;
      screenPosition(i: number): [number, number] | undefined;
    };
  };
}

before(async () => {
  mkdirSync(OUT, { recursive: true });
  harness = await openHarnessPage({ width: 700, height: 820 });
  page = harness.page;
  host = new HarnessHost((json) =>
    page.evaluate((j) => (window as unknown as { __ltDeliver(j: string): void }).__ltDeliver(j), json),
  );
  await page.exposeFunction('__ltHost', (json: string) => void host.receive(json));
  await host.publish(embeddingsEvent(), false);
  await page.goto(`${harness.server.origin}/panel.html`);
  await page.waitForFunction(() => document.querySelector('.lt-tab[data-tab="embeddings"]') !== null, null, {
    timeout: 60_000,
  });
  await page.click('.lt-tab[data-tab="embeddings"]');
  await page.waitForFunction(
    () => (window as unknown as Partial<ScatterGlobals>).lookTwicePanel?.scatter.screenPosition(0) !== undefined,
    null,
    { timeout: 60_000, polling: 100 },
  );
});

after(async () => {
  await harness?.close();
});

/** Draws with WebGL, then canvas 2-D, and compares their pixels (in the page: 1.4 M values stay there). */
function compareRenderers(): {
  kinds: string[];
  sizes: number[][];
  glPainted: number;
  cpuPainted: number;
  both: number;
  colourClose: number;
} {
  const scatter = (window as unknown as ScatterGlobals).lookTwicePanel.scatter;
  const pixels = (renderer: Renderer): { kind: string; size: number[]; rgba: Uint8ClampedArray } => {
    const kind = scatter.useRenderer(renderer);
    scatter.draw();
    const canvas = document.querySelector('.lt-scatter-canvas') as HTMLCanvasElement;
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d') as CanvasRenderingContext2D;
    ctx.drawImage(canvas, 0, 0);
    return {
      kind,
      size: [canvas.width, canvas.height],
      rgba: ctx.getImageData(0, 0, canvas.width, canvas.height).data,
    };
  };
  const gl = pixels('webgl'),
    cpu = pixels('canvas2d');
  let glPainted = 0,
    cpuPainted = 0,
    both = 0,
    colourClose = 0;
  for (let i = 0; i < gl.rgba.length; i += 4) {
    const a = gl.rgba[i + 3] > 0,
      b = cpu.rgba[i + 3] > 0;
    glPainted += Number(a);
    cpuPainted += Number(b);
    if (a && b) {
      both++;
      if (
        Math.abs(gl.rgba[i] - cpu.rgba[i]) +
          Math.abs(gl.rgba[i + 1] - cpu.rgba[i + 1]) +
          Math.abs(gl.rgba[i + 2] - cpu.rgba[i + 2]) <
        48
      )
        colourClose++;
    }
  }
  return { kinds: [gl.kind, cpu.kind], sizes: [gl.size, cpu.size], glPainted, cpuPainted, both, colourClose };
}

/** The page's WebGL renderer string, read on a context of its own (as a user would in devtools). */
function pageWebglRenderer(): string {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return '';
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return renderer;
}

test("'auto' draws with canvas 2-D on a software WebGL, WebGL on a GPU, and says which", async () => {
  const renderer = await page.evaluate(pageWebglRenderer, null);
  const software = renderer === '' || /swiftshader|llvmpipe|software/i.test(renderer);
  const expected = software ? 'canvas2d' : 'webgl';
  assert.equal(
    await page.evaluate(() => (window as unknown as ScatterGlobals).lookTwicePanel.scatter.rendererKind, null),
    expected,
    `WebGL renderer "${renderer}"`,
  );
  assert.equal(
    await page.evaluate(() => document.querySelector<HTMLElement>('.lt-scatter-canvas')?.dataset.renderer, null),
    expected,
  );
  const badge = await page.evaluate(() => {
    const el = document.querySelector<HTMLElement>('.lt-scatter-renderer');
    return { text: el?.textContent ?? '', title: el?.title ?? '' };
  }, null);
  assert.equal(badge.text, software ? 'canvas 2-D' : 'WebGL');
  if (renderer !== '') assert.ok(badge.title.includes(renderer), badge.title);
  const stats = await page.evaluate(canvasPixels, '.lt-scatter-canvas');
  assert.ok(stats && stats.painted > 20_000 && stats.colours >= 10, JSON.stringify(stats));
  await page.screenshot({ path: join(OUT, 'panel-projector-auto.png') });
});

test('the projector draws with WebGL when asked, under the panel CSP', async () => {
  assert.equal(
    await page.evaluate(() => (window as unknown as ScatterGlobals).lookTwicePanel.scatter.useRenderer('webgl'), null),
    'webgl',
  );
  assert.equal(
    await page.evaluate(() => document.querySelector<HTMLElement>('.lt-scatter-canvas')?.dataset.renderer, null),
    'webgl',
  );
  assert.equal(await page.evaluate(() => document.querySelector('.lt-scatter-renderer')?.textContent, null), 'WebGL');
  const stats = await page.evaluate(canvasPixels, '.lt-scatter-canvas');
  assert.ok(stats && stats.painted > 20_000 && stats.colours >= 10, JSON.stringify(stats));
  await page.screenshot({ path: join(OUT, 'panel-projector-webgl.png') });
});

test('WebGL and canvas 2-D paint the same pixels in the same class colours', async () => {
  const { kinds, sizes, glPainted, cpuPainted, both, colourClose } = await page.evaluate(compareRenderers, null);
  assert.deepEqual(kinds, ['webgl', 'canvas2d']);
  assert.deepEqual(sizes[0], sizes[1]);
  // Both snap squares to the pixel grid; they may differ on a pixel whose centre lies on a square's
  // edge (float32 against float64 positions) and in the rounding of blended colours (measured: 99%
  // of painted pixels shared, 99% of those within the colour tolerance).
  assert.ok(Math.abs(glPainted - cpuPainted) / cpuPainted < 0.02, `painted: webgl ${glPainted}, canvas ${cpuPainted}`);
  assert.ok(both / Math.max(glPainted, cpuPainted) > 0.95, `overlap ${both} of ${glPainted} / ${cpuPainted}`);
  assert.ok(colourClose / both > 0.95, `similar colour on ${colourClose} of ${both} shared pixels`);
  assert.equal(
    await page.evaluate(() => (window as unknown as ScatterGlobals).lookTwicePanel.scatter.useRenderer('webgl'), null),
    'webgl',
  );
});

test('hiding classes in WebGL removes their points', async () => {
  const before = await page.evaluate(canvasPixels, '.lt-scatter-canvas');
  await page.fill('.lt-search', 'trouser');
  await page.waitForFunction(
    () => document.querySelectorAll('.lt-legend-item[aria-pressed="false"]').length === 9,
    null,
    { timeout: 30_000, polling: 100 },
  );
  await page.evaluate(() => (window as unknown as ScatterGlobals).lookTwicePanel.scatter.draw(), null);
  const after = await page.evaluate(canvasPixels, '.lt-scatter-canvas');
  assert.ok(
    before && after && after.painted > 500 && after.painted < before.painted / 4,
    `painted ${before?.painted} -> ${after?.painted}`,
  );
  assert.ok(after.colours < before.colours, `colours ${before.colours} -> ${after.colours}`);
  await page.fill('.lt-search', '');
  await page.waitForFunction(
    () => document.querySelectorAll('.lt-legend-item[aria-pressed="false"]').length === 0,
    null,
    { timeout: 30_000, polling: 100 },
  );
});

test('a hover repaints only the overlay (its ring), a pan repaints the points', async () => {
  const seen = await page.evaluate(() => {
    const scatter = (window as unknown as ScatterGlobals).lookTwicePanel.scatter as unknown as {
      renderer: { draw(...args: unknown[]): void };
      draw(): void;
      getViewport(): { scale: number; tx: number; ty: number };
      setViewport(v: { scale: number; tx: number; ty: number }): void;
      screenPosition(i: number): [number, number];
    };
    scatter.draw();
    const renderer = scatter.renderer;
    const original = renderer.draw;
    let calls = 0;
    renderer.draw = (...args: unknown[]) => {
      calls++;
      original.apply(renderer, args);
    };
    const canvas = document.querySelector('.lt-scatter-canvas') as HTMLCanvasElement;
    const overlay = document.querySelector('.lt-scatter-overlay') as HTMLCanvasElement;
    const rect = canvas.getBoundingClientRect();
    const [x, y] = scatter.screenPosition(0);
    const ringAlpha = (): number => {
      const dpr = canvas.width / rect.width;
      return (overlay.getContext('2d') as CanvasRenderingContext2D).getImageData(
        Math.round(x * dpr),
        Math.round(y * dpr),
        1,
        1,
      ).data[3];
    };
    const before = ringAlpha();
    canvas.dispatchEvent(
      new PointerEvent('pointermove', { clientX: rect.left + x, clientY: rect.top + y, pointerId: 1, bubbles: true }),
    );
    scatter.draw();
    const hover = { calls, ring: ringAlpha() };
    const v = scatter.getViewport();
    scatter.setViewport({ ...v, tx: v.tx + 10 });
    scatter.draw();
    const pan = calls;
    renderer.draw = original;
    canvas.dispatchEvent(new PointerEvent('pointerleave', { bubbles: true }));
    scatter.setViewport(v);
    return { before, hover, pan };
  }, null);
  assert.equal(seen.before, 0, 'no ring before the hover');
  assert.ok(seen.hover.ring > 0, 'the hover ring is drawn on the overlay');
  assert.equal(seen.hover.calls, 0, 'the points were not redrawn for a hover');
  assert.equal(seen.pan, 1, 'a pan redraws the points once');
});

test('a lost WebGL context continues on canvas 2-D', async () => {
  await page.evaluate(() => {
    const canvas = document.querySelector('.lt-scatter-canvas') as HTMLCanvasElement;
    (canvas.getContext('webgl2') as WebGL2RenderingContext).getExtension('WEBGL_lose_context')?.loseContext();
  }, null);
  await page.waitForFunction(
    () => (window as unknown as ScatterGlobals).lookTwicePanel.scatter.rendererKind === 'canvas2d',
    null,
    { timeout: 30_000, polling: 100 },
  );
  await page.evaluate(() => (window as unknown as ScatterGlobals).lookTwicePanel.scatter.draw(), null);
  const stats = await page.evaluate(canvasPixels, '.lt-scatter-canvas');
  assert.ok(stats && stats.painted > 20_000 && stats.colours >= 10, JSON.stringify(stats));
  assert.equal(
    await page.evaluate(() => document.querySelectorAll('.lt-scatter-canvas').length, null),
    1,
    'the WebGL canvas was replaced, not kept beside',
  );
});

/** Canvas-relative screen positions of all points (CSS px) and the canvas's page offset. */
async function layout(): Promise<{ left: number; top: number; positions: Array<[number, number]> }> {
  return page.evaluate(() => {
    const { scatter } = (window as unknown as ScatterGlobals).lookTwicePanel;
    const rect = (document.querySelector('.lt-scatter-canvas') as HTMLElement).getBoundingClientRect();
    const positions: Array<[number, number]> = [];
    for (let i = 0; scatter.screenPosition(i) !== undefined && i < 10_000; i++)
      positions.push(scatter.screenPosition(i) as [number, number]);
    return { left: rect.left, top: rect.top, positions };
  }, null);
}

const selectedIndices = (): Promise<number[]> =>
  page.evaluate(
    () => [...((window as unknown as ScatterGlobals).lookTwicePanel.embeddings.selectedIndices ?? [])],
    null,
  );

test('box selection: exactly the points inside the rectangle, their images in a grid', async () => {
  assert.equal(
    await page.evaluate(() => (window as unknown as ScatterGlobals).lookTwicePanel.scatter.useRenderer('webgl'), null),
    'webgl',
    'WebGL again after the lost context',
  );
  await page.click('.lt-projector-tools button[data-tool="box"]');
  const { left, top, positions } = await layout();
  const [x0, y0, x1, y1] = [200, 150, 380, 300];
  await page.mouse.move(left + x0, top + y0);
  await page.mouse.down();
  await page.mouse.move(left + (x0 + x1) / 2, top + (y0 + y1) / 2, { steps: 3 });
  await page.mouse.move(left + x1, top + y1, { steps: 3 });
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelector<HTMLElement>('.lt-selection')?.hidden === false, null, {
    timeout: 30_000,
    polling: 100,
  });
  const expected = positions.flatMap(([x, y], i) => (x >= x0 && x <= x1 && y >= y0 && y <= y1 ? [i] : []));
  const selected = await selectedIndices();
  assert.ok(expected.length > 50, `the box holds points: ${expected.length}`);
  // Points within a pixel of the border may fall either way (float32 data coordinates).
  const nearBorder = (i: number): boolean => {
    const [x, y] = positions[i];
    return Math.min(Math.abs(x - x0), Math.abs(x - x1), Math.abs(y - y0), Math.abs(y - y1)) < 1;
  };
  assert.deepEqual(
    selected.filter((i) => !nearBorder(i)),
    expected.filter((i) => !nearBorder(i)),
  );
  const thumbs = await page.evaluate(paintedPerCanvas, '.lt-selection-grid canvas');
  assert.equal(thumbs.length, Math.min(selected.length, 120));
  assert.ok(
    thumbs.every((p) => p > 100),
    'every thumbnail is drawn',
  );
  assert.match(
    await page.evaluate(() => document.querySelector('.lt-selection-head .lt-caption')?.textContent ?? '', null),
    new RegExp(`^${selected.length} selected · \\d+ `),
  );
  await page.screenshot({ path: join(OUT, 'panel-projector-selection.png'), fullPage: true });
});

test('lasso selection: the points inside a drawn triangle', async () => {
  await page.click('.lt-projector-tools button[data-tool="lasso"]');
  const boxCaption = await page.evaluate(
    () => document.querySelector('.lt-selection-head .lt-caption')?.textContent ?? '',
    null,
  );
  const { left, top, positions } = await layout();
  const triangle: Array<[number, number]> = [
    [150, 350],
    [450, 120],
    [500, 400],
  ];
  await page.mouse.move(left + triangle[0][0], top + triangle[0][1]);
  await page.mouse.down();
  for (const [a, b] of [
    [0, 1],
    [1, 2],
    [2, 0],
  ]) {
    for (let t = 1; t <= 10; t++) {
      const x = triangle[a][0] + ((triangle[b][0] - triangle[a][0]) * t) / 10,
        y = triangle[a][1] + ((triangle[b][1] - triangle[a][1]) * t) / 10;
      await page.mouse.move(left + x, top + y);
    }
  }
  await page.mouse.up();
  // Barycentric sign test, independent of the view's even-odd polygon test.
  const side = (p: [number, number], a: [number, number], b: [number, number]): number =>
    (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
  const margin = (p: [number, number]): number =>
    Math.min(
      ...[
        [0, 1],
        [1, 2],
        [2, 0],
      ].map(
        ([a, b]) =>
          Math.abs(side(p, triangle[a], triangle[b])) /
          Math.hypot(triangle[b][0] - triangle[a][0], triangle[b][1] - triangle[a][1]),
      ),
    );
  const inside = (p: [number, number]): boolean => {
    const s = [side(p, triangle[0], triangle[1]), side(p, triangle[1], triangle[2]), side(p, triangle[2], triangle[0])];
    return s.every((v) => v > 0) || s.every((v) => v < 0);
  };
  await page.waitForFunction(
    (before) => (document.querySelector('.lt-selection-head .lt-caption')?.textContent ?? before) !== before,
    boxCaption,
    { timeout: 30_000, polling: 100 },
  );
  const selected = await selectedIndices();
  const expected = positions.flatMap((p, i) => (inside(p) ? [i] : []));
  assert.ok(expected.length > 100, `the triangle holds points: ${expected.length}`);
  assert.deepEqual(
    selected.filter((i) => margin(positions[i]) > 1),
    expected.filter((i) => margin(positions[i]) > 1),
  );
});

test('export: the selection and all points as CSV, the view as PNG, through the host save', async () => {
  const selected = await selectedIndices();
  await page.click('.lt-export-selection');
  await page.waitForFunction(
    () => document.querySelector('.lt-save-status')?.textContent?.startsWith('Saved ') === true,
    null,
    { timeout: 30_000, polling: 100 },
  );
  const selectionSave = host.saves.at(-1);
  assert.ok(selectionSave && selectionSave.file.format === 'csv');
  assert.equal(selectionSave.file.name, 'emb-fashion-test-pca-selection.csv');
  const rows = readFileSync(selectionSave.path, 'utf8').trimEnd().split('\n');
  assert.equal(rows[0], 'index,label,class,x,y');
  assert.deepEqual(
    rows.slice(1).map((r) => Number(r.split(',')[0])),
    selected,
  );
  assert.equal(rows[1].split(',').length, 5);

  await page.click('.lt-export-csv');
  await page.waitForFunction(
    () => document.querySelector('.lt-save-status')?.textContent?.endsWith('points.csv') === true,
    null,
    { timeout: 30_000, polling: 100 },
  );
  const all = host.saves.at(-1);
  assert.ok(all && all.file.name === 'emb-fashion-test-pca-points.csv');
  assert.equal(readFileSync(all.path, 'utf8').trimEnd().split('\n').length, 10_001);

  await page.click('.lt-export-png');
  await page.waitForFunction(
    () => document.querySelector('.lt-save-status')?.textContent?.endsWith('.png') === true,
    null,
    { timeout: 30_000, polling: 100 },
  );
  const png = host.saves.at(-1);
  assert.ok(png && png.file.format === 'png' && png.file.name === 'emb-fashion-test-pca.png');
  const bytes = readFileSync(png.path);
  assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'PNG signature');
  const size = await page.evaluate(() => {
    const c = document.querySelector('.lt-scatter-canvas') as HTMLCanvasElement;
    return [c.width, c.height];
  }, null);
  assert.deepEqual([bytes.readUInt32BE(16), bytes.readUInt32BE(20)], size, 'the PNG has the canvas size (IHDR)');

  await page.click('.lt-clear-selection');
  await page.waitForFunction(() => document.querySelector<HTMLElement>('.lt-selection')?.hidden === true, null, {
    timeout: 30_000,
    polling: 100,
  });
  assert.deepEqual(await selectedIndices(), []);
  await page.click('.lt-projector-tools button[data-tool="pan"]');
});

test('no CSP violations or page errors', () => {
  assert.deepEqual(harness.problems, []);
});
