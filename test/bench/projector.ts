/**
 * Projector frame time: the side panel's Embeddings tab with N Fashion-MNIST points (default 10,000;
 * `--points 70000` for the issue-17 target) in headless Chromium (Debian's, software rendering:
 * --disable-gpu, so WebGL runs on SwiftShader), with every renderer in the same page, one after the
 * other, so their ratio is measured under the same load: WebGL, canvas 2-D, and 'auto' (what a user
 * gets: the renderer createScatterRenderer picks for this browser, reported by kind).
 *
 * A frame here is the work one user action costs before its pixels are on the canvas, timed in the
 * page with performance.now() from dispatching the input event to the end of a 1-pixel readback,
 * each action starting with all points in view:
 *   pan        a pointermove during a drag (viewport moves), then ScatterView.draw()
 *   zoom       a wheel event at a moving cursor (five in, five out), then draw()
 *   hover      a pointermove without a button over the points (pick + hover ring), then draw()
 *   selection  a different region selection emphasised (setEmphasis, ~1/8 of the points), then draw()
 * draw() is called synchronously (the view's own requestAnimationFrame is coalesced and runs after
 * the loop), and the readback makes both renderers finish deferred rasterisation inside the frame.
 * Not counted: requestAnimationFrame quantisation (16.7 ms steps) and the browser compositing the
 * canvas to the screen, which are the same for every renderer. Goal: < 16 ms per frame.
 *
 * Reports p50 / p95 / max per renderer and action at device pixel ratio 1 and 2. The JSON has
 * `points`, `frameMsP50` and `frameMsP95` ('auto', dpr 1, all four actions pooled), `frameDefinition`,
 * `renderers.{webgl,canvas2d,auto}` with the same plus per-action p50s, `canvasToWebglFrameRatio`
 * (p50s, same run), the load average before and after, and every summary.
 * Run: npm run bench:projector -- [--points 70000] [--frames 120] [--json FILE] [--screenshot PNG (dpr 1, 'auto')]
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { launchChromium } from '../webview/browser/chromium';
import { embeddingsEvent, POINTS } from '../webview/browser/fixtures';
import { HarnessHost } from '../webview/browser/harnessHost';
import { startHarnessServer } from '../webview/browser/harnessServer';

type Choice = 'webgl' | 'canvas2d' | 'auto';
type Kind = 'webgl' | 'canvas2d';
const CHOICES: Choice[] = ['webgl', 'canvas2d', 'auto'];
const ACTIONS = ['pan', 'zoom', 'hover', 'selection'] as const;
type Action = (typeof ACTIONS)[number];
const FRAME_DEFINITION =
  'ms from dispatching one input (pan drag move, wheel zoom, hover move, or a new region selection) through ScatterView.draw() and a 1-pixel readback; no rAF wait, no compositing';

interface Summary {
  mean: number;
  p50: number;
  p95: number;
  max: number;
  n: number;
}
interface ScatterHandle {
  useRenderer(choice: Choice): Kind;
  draw(): void;
  fit(): void;
  setEmphasis(indices: Int32Array | undefined): void;
  screenPosition(i: number): [number, number] | undefined;
}

const { values: args } = parseArgs({
  options: {
    json: { type: 'string' },
    screenshot: { type: 'string' },
    frames: { type: 'string', default: '120' },
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
  choice: Choice;
  kind: Kind;
  actions: Record<Action, Summary>;
  all: Summary;
}

/** In the page: `frames` frames of each action with the renderer `choice`; milliseconds per frame. */
function framesInPage({
  frames,
  choice,
}: {
  frames: number;
  choice: Choice;
}): Promise<{ kind: Kind; samples: Record<Action, number[]> }> {
  const scatter = (window as unknown as { lookTwicePanel: { scatter: ScatterHandle } }).lookTwicePanel.scatter;
  const kind = scatter.useRenderer(choice);
  if (choice !== 'auto' && kind !== choice) throw new Error(`the ${choice} renderer is not available`);
  const canvas = document.querySelector('.lt-scatter-canvas') as HTMLCanvasElement;
  const readOnePixel = (): void => {
    const gl = kind === 'webgl' ? canvas.getContext('webgl2') : null;
    if (gl) gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
    else canvas.getContext('2d')?.getImageData(0, 0, 1, 1);
  };
  const rect = canvas.getBoundingClientRect();
  const cx = rect.left + rect.width / 2,
    cy = rect.top + rect.height / 2;
  const pointer = (type: string, x: number, y: number, buttons: number): void => {
    canvas.dispatchEvent(new PointerEvent(type, { clientX: x, clientY: y, pointerId: 1, buttons, bubbles: true }));
  };
  // The number of points: screenPosition reads past the end as NaN (the benchmark's points are all finite).
  let n = 0;
  while (Number.isFinite(scatter.screenPosition(n)?.[0])) n++;
  const selections = Array.from({ length: 8 }, (_, s) => {
    const picked: number[] = [];
    for (let i = s; i < n; i += 8) picked.push(i);
    return Int32Array.from(picked);
  });
  // Every action starts from the whole layout in view, so no renderer profits from culling.
  const time = (act: (i: number) => void): number[] => {
    scatter.fit();
    const out: number[] = [];
    for (let i = 0; i < frames; i++) {
      const t = performance.now();
      act(i);
      scatter.draw();
      readOnePixel();
      out.push(performance.now() - t);
    }
    return out;
  };
  pointer('pointerdown', cx, cy, 1);
  const pan = time((i) => pointer('pointermove', cx + 150 * Math.sin(i / 15), cy + 100 * Math.cos(i / 20), 1));
  pointer('pointerup', cx, cy, 0);
  const zoom = time((i) =>
    canvas.dispatchEvent(
      new WheelEvent('wheel', {
        deltaY: Math.floor(i / 5) % 2 === 0 ? -40 : 40, // five steps in, five out
        clientX: cx + ((i * 7) % 200) - 100,
        clientY: cy,
        bubbles: true,
        cancelable: true,
      }),
    ),
  );
  const hover = time((i) => {
    const [x, y] = scatter.screenPosition((i * 7919) % n) ?? [0, 0];
    pointer('pointermove', rect.left + x, rect.top + y, 0);
  });
  const selection = time((i) => scatter.setEmphasis(selections[i % selections.length]));
  scatter.setEmphasis(undefined);
  scatter.fit();
  return Promise.resolve({ kind, samples: { pan, zoom, hover, selection } });
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
    for (const choice of CHOICES) {
      const { kind, samples } = await page.evaluate(framesInPage, { frames: FRAMES, choice });
      const actions = Object.fromEntries(ACTIONS.map((a) => [a, summarize(samples[a])])) as Record<Action, Summary>;
      measured.push({ dpr, choice, kind, actions, all: summarize(ACTIONS.flatMap((a) => samples[a])) });
    }
    if (dpr === 1 && args.screenshot) {
      await page.evaluate(
        (c) =>
          (window as unknown as { lookTwicePanel: { scatter: ScatterHandle } }).lookTwicePanel.scatter.useRenderer(c),
        'auto' as Choice,
      );
      await page.screenshot({ path: args.screenshot });
    }
    return measured;
  } finally {
    closed = true;
    await browser.close();
    await server.close();
  }
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0];
  const results: Measured[] = [];
  for (const dpr of [1, 2]) results.push(...(await measure(dpr)));
  const loadAfter = loadavg()[0];
  console.log(
    `Projector, ${N} points, headless Chromium (software rendering), ${FRAMES} frames per action, load ${loadBefore.toFixed(1)} -> ${loadAfter.toFixed(1)}`,
  );
  console.log(`frame = ${FRAME_DEFINITION}`);
  console.log('dpr  renderer        action       mean    p50    p95    max   (ms)');
  for (const r of results) {
    for (const [what, s] of [...ACTIONS.map((a) => [a, r.actions[a]] as const), ['all', r.all] as const]) {
      console.log(
        `${String(r.dpr).padEnd(4)} ${(r.choice === 'auto' ? `auto=${r.kind}` : r.choice).padEnd(15)} ${what.padEnd(10)} ${[s.mean, s.p50, s.p95, s.max].map((x) => x.toFixed(2).padStart(6)).join(' ')}`,
      );
    }
  }
  const atDpr1 = (choice: Choice) => {
    const r = results.find((m) => m.dpr === 1 && m.choice === choice) as Measured;
    return {
      kind: r.kind,
      frameMsP50: r.all.p50,
      frameMsP95: r.all.p95,
      actionMsP50: Object.fromEntries(ACTIONS.map((a) => [a, r.actions[a].p50])),
    };
  };
  const renderers = { webgl: atDpr1('webgl'), canvas2d: atDpr1('canvas2d'), auto: atDpr1('auto') };
  const ratio = Math.round((renderers.canvas2d.frameMsP50 / renderers.webgl.frameMsP50) * 100) / 100;
  for (const [name, m] of Object.entries(renderers))
    console.log(`points ${N}, ${name} (${m.kind}): frame p50 ${m.frameMsP50} ms, p95 ${m.frameMsP95} ms (dpr 1)`);
  console.log(`canvas 2-D / WebGL frame time (p50, same run): ${ratio}x`);
  const json = {
    points: N,
    frames: FRAMES,
    frameDefinition: FRAME_DEFINITION,
    renderer: renderers.auto.kind,
    frameMsP50: renderers.auto.frameMsP50,
    frameMsP95: renderers.auto.frameMsP95,
    renderers,
    canvasToWebglFrameRatio: ratio,
    load: { before: loadBefore, after: loadAfter },
    results,
  };
  if (args.json) writeFileSync(args.json, JSON.stringify(json, null, 2));
}

void main();
