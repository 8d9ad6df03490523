/**
 * Projector frame time: the side panel's Embeddings tab with 10,000 Fashion-MNIST points in headless
 * Chromium (Debian's, software rendering: --disable-gpu, WebGL on SwiftShader), panned and zoomed,
 * with each renderer in the same page: WebGL (the default) and canvas 2-D (the fallback), so the
 * ratio between them is measured under the same load.
 *   draw      one ScatterView.draw() after a viewport change, then a 1-pixel readback so the pixels are
 *             really rendered (WebGL and Chrome's 2-D canvas both defer work: without it WebGL's
 *             draw() returns in microseconds and the cost moves into the frame)
 *   frame     interval between animation frames while a wheel or drag event arrives every frame
 * Reports mean, p50, p95 and max in ms at device pixel ratio 1 and 2; the goal is < 16 ms per frame.
 * The JSON also has `points`, `frameMsP50` and `frameMsP95`: every wheel and drag frame interval at
 * device pixel ratio 1 with the WebGL renderer (what a user feels), `drawMsP50`/`drawMsP95` (the draw
 * alone), and `renderers.{webgl,canvas2d}` with the same for each plus `canvasToWebglFrameRatio`.
 * Run: npm run bench:projector -- [--points 70000] [--frames 240] [--json FILE]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { launchChromium } from '../webview/browser/chromium';
import { embeddingsEvent, POINTS } from '../webview/browser/fixtures';
import { HarnessHost } from '../webview/browser/harnessHost';
import { startHarnessServer } from '../webview/browser/harnessServer';

type Renderer = 'webgl' | 'canvas2d';
const RENDERERS: Renderer[] = ['webgl', 'canvas2d'];

interface Summary {
  mean: number;
  p50: number;
  p95: number;
  max: number;
  n: number;
}
interface ScatterHandle {
  useRenderer(kind: Renderer): Renderer;
  draw(): void;
  getViewport(): { scale: number; tx: number; ty: number };
  setViewport(v: { scale: number; tx: number; ty: number }): void;
  screenPosition(i: number): [number, number] | undefined;
}

const { values: args } = parseArgs({
  options: {
    json: { type: 'string' },
    frames: { type: 'string', default: '240' },
    points: { type: 'string', default: String(POINTS) },
  },
});
const FRAMES = Number(args.frames);
const N = Number(args.points);
if (!Number.isInteger(N) || N < 1) throw new RangeError(`--points must be a positive integer, got ${args.points}`);
if (!Number.isInteger(FRAMES) || FRAMES < 1)
  throw new RangeError(`--frames must be a positive integer, got ${args.frames}`);

function summarize(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const round = (x: number): number => Math.round(x * 100) / 100;
  return {
    mean: round(samples.reduce((a, b) => a + b, 0) / samples.length),
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    max: round(sorted[sorted.length - 1]),
    n: samples.length,
  };
}

interface Measured {
  dpr: number;
  renderer: Renderer;
  draw: Summary;
  wheelFrames: Summary;
  dragFrames: Summary;
  samples: { draw: number[]; frames: number[] };
}

async function measure(dpr: number): Promise<Measured[]> {
  const server = await startHarnessServer();
  const browser = await launchChromium();
  let closed = false;
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 900 }, deviceScaleFactor: dpr });
    // Deliveries still in flight when the page closes (after a failure) must not hide the failure.
    const host = new HarnessHost((json) =>
      page
        .evaluate((j) => (window as unknown as { __ltDeliver(j: string): void }).__ltDeliver(j), json)
        .catch((error: unknown) => {
          if (!closed) throw error;
        }),
    );
    await page.exposeFunction('__ltHost', (json: string) => void host.receive(json));
    await host.publish(embeddingsEvent(N), false);
    await page.goto(`${server.origin}/panel.html`);
    // With 70,000 points the page is busy for a while taking the embeddings in: click from inside it when it can.
    await page.waitForFunction(() => document.querySelector('.lt-tab[data-tab="embeddings"]') !== null, null, {
      timeout: 120_000 + N * 10,
    });
    await page.evaluate(() => (document.querySelector('.lt-tab[data-tab="embeddings"]') as HTMLElement).click(), null);
    await page.waitForFunction(
      () =>
        (window as unknown as { lookTwicePanel?: { scatter: ScatterHandle } }).lookTwicePanel?.scatter.screenPosition(
          0,
        ) !== undefined,
      null,
      { timeout: 120_000 + N * 10, polling: 100 },
    );
    const measured: Measured[] = [];
    for (const renderer of RENDERERS)
      measured.push({
        dpr,
        renderer,
        ...(await page
          .evaluate(
            async ({ frames, renderer }: { frames: number; renderer: Renderer }) => {
              const scatter = (window as unknown as { lookTwicePanel: { scatter: ScatterHandle } }).lookTwicePanel
                .scatter;
              if (scatter.useRenderer(renderer) !== renderer)
                throw new Error(`the ${renderer} renderer is not available`);
              const canvas = document.querySelector('.lt-scatter-canvas') as HTMLCanvasElement;
              const readOnePixel = (): void => {
                const gl = renderer === 'webgl' ? canvas.getContext('webgl2') : null;
                if (gl) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
                else canvas.getContext('2d')?.getImageData(0, 0, 1, 1);
              };
              const rect = canvas.getBoundingClientRect();
              const cx = rect.left + rect.width / 2,
                cy = rect.top + rect.height / 2;
              const draw: number[] = [];
              for (let i = 0; i < frames; i++) {
                const v = scatter.getViewport();
                scatter.setViewport({
                  scale: v.scale * (i % 60 < 30 ? 1.03 : 1 / 1.03),
                  tx: v.tx + (i % 2 ? 4 : -3),
                  ty: v.ty + (i % 3 ? 2 : -3),
                });
                const t = performance.now();
                scatter.draw();
                readOnePixel();
                draw.push(performance.now() - t);
              }
              const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));
              const run = async (act: (i: number) => void): Promise<number[]> => {
                const intervals: number[] = [];
                let last = await nextFrame();
                for (let i = 0; i < frames; i++) {
                  act(i);
                  const now = await nextFrame();
                  intervals.push(now - last);
                  last = now;
                }
                return intervals;
              };
              const wheel = await run((i) =>
                canvas.dispatchEvent(
                  new WheelEvent('wheel', {
                    deltaY: i % 60 < 30 ? -40 : 40,
                    clientX: cx + ((i * 7) % 200) - 100,
                    clientY: cy,
                    bubbles: true,
                    cancelable: true,
                  }),
                ),
              );
              canvas.dispatchEvent(
                new PointerEvent('pointerdown', { clientX: cx, clientY: cy, pointerId: 1, bubbles: true }),
              );
              const drag = await run((i) =>
                canvas.dispatchEvent(
                  new PointerEvent('pointermove', {
                    clientX: cx + 150 * Math.sin(i / 15),
                    clientY: cy + 100 * Math.cos(i / 20),
                    pointerId: 1,
                    bubbles: true,
                  }),
                ),
              );
              canvas.dispatchEvent(
                new PointerEvent('pointerup', { clientX: cx, clientY: cy, pointerId: 1, bubbles: true }),
              );
              return { draw, wheel, drag };
            },
            { frames: FRAMES, renderer },
          )
          .then((r) => ({
            draw: summarize(r.draw),
            wheelFrames: summarize(r.wheel),
            dragFrames: summarize(r.drag),
            samples: { draw: r.draw, frames: [...r.wheel, ...r.drag] },
          }))),
      });
    return measured;
  } finally {
    closed = true;
    await browser.close();
    await server.close();
  }
}

async function main(): Promise<void> {
  const results: Measured[] = [];
  for (const dpr of [1, 2]) results.push(...(await measure(dpr)));
  console.log(`Projector, ${N} points, headless Chromium (software rendering), ${FRAMES} frames each`);
  console.log('dpr  renderer  what                 mean    p50    p95    max   (ms)');
  for (const r of results) {
    for (const [what, s] of [
      ['draw()', r.draw],
      ['frame, wheel zoom', r.wheelFrames],
      ['frame, drag pan', r.dragFrames],
    ] as const) {
      console.log(
        `${String(r.dpr).padEnd(4)} ${r.renderer.padEnd(9)} ${what.padEnd(19)} ${[s.mean, s.p50, s.p95, s.max].map((x) => x.toFixed(2).padStart(6)).join(' ')}`,
      );
    }
  }
  const atDpr1 = (
    renderer: Renderer,
  ): { frameMsP50: number; frameMsP95: number; drawMsP50: number; drawMsP95: number } => {
    const r = results.find((m) => m.dpr === 1 && m.renderer === renderer) as Measured;
    const frames = summarize(r.samples.frames);
    return { frameMsP50: frames.p50, frameMsP95: frames.p95, drawMsP50: r.draw.p50, drawMsP95: r.draw.p95 };
  };
  const webgl = atDpr1('webgl'),
    canvas2d = atDpr1('canvas2d');
  const ratio = Math.round((canvas2d.frameMsP50 / webgl.frameMsP50) * 100) / 100;
  for (const [name, m] of [
    ['webgl', webgl],
    ['canvas2d', canvas2d],
  ] as const) {
    console.log(
      `points ${N}, ${name}: frame p50 ${m.frameMsP50} ms, p95 ${m.frameMsP95} ms (dpr 1, wheel + drag); draw p50 ${m.drawMsP50} ms, p95 ${m.drawMsP95} ms`,
    );
  }
  console.log(`canvas 2-D / WebGL frame time (p50): ${ratio}x`);
  const json = {
    points: N,
    frames: FRAMES,
    ...webgl,
    renderers: { webgl, canvas2d },
    canvasToWebglFrameRatio: ratio,
    results: results.map(({ samples: _samples, ...r }) => r),
  };
  if (args.json) writeFileSync(args.json, JSON.stringify(json, null, 2));
}

void main();
