/**
 * The host's side of the browser tests. For the notebook renderers: the harness page opened in
 * Chromium (openRendererPage) and renderOutput, which calls a renderer as VS Code does. For the panel:
 * HarnessHost, the extension host's side, built from the real pieces:
 * validateWebviewMessage for every message the page sends, RetainedState for replays, and the
 * kernel's own answerPanelRequest + PublishedStore for requests (nearest neighbours, projections,
 * augmentation views). Requests of the `hold` methods are recorded but not computed (UMAP on
 * 10,000 points takes minutes on a shared 2-core machine; the test checks the request and progress).
 * A 'save' is written to a temporary folder under the suggested name, as if the user accepted
 * VS Code's save dialog (the dialog itself is VS Code's, exercised in the code-server tests).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveFileBytes } from '../../../src/extension/panel/saveFileBytes';
import { validateWebviewMessage } from '../../../src/extension/panel/validateWebviewMessage';
import { RetainedState } from '../../../src/extension/panel/retainedState';
import { PublishedStore, type PairSource } from '../../../src/kernel/panel/embeddingStore';
import { answerPanelRequest } from '../../../src/kernel/panel/panelRequests';
import type { PanelEvent, PanelRequest, PanelResponse } from '../../../src/protocol/panelMessages';
import type { ExtensionToWebview, SaveFile, WebviewToExtension } from '../../../src/protocol/webviewMessages';
import { launchChromium, type Browser, type Page } from './chromium';
import { startHarnessServer, type HarnessServer } from './harnessServer';

/** A page of the harness server in headless Chromium; `problems` collects page errors and CSP violations. */
export interface HarnessPage {
  page: Page;
  server: HarnessServer;
  problems: string[];
  close(): Promise<void>;
}

/** Starts the harness server and Chromium, and opens a page at `viewport` (not yet navigated). */
export async function openHarnessPage(viewport: { width: number; height: number }): Promise<HarnessPage> {
  const server = await startHarnessServer();
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message ?? String(e)));
    page.on('console', (m) => {
      const text = m.text?.() ?? '';
      if (/Content Security Policy|Refused|error/i.test(text)) problems.push(text);
    });
    const opened = browser;
    return {
      page,
      server,
      problems,
      close: async () => {
        await opened.close();
        await server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server.close();
    throw error;
  }
}

/** The renderers' page (dist/webview/renderers.js loaded under the webview's CSP), ready to render. */
export async function openRendererPage(viewport: { width: number; height: number }): Promise<HarnessPage> {
  const harness = await openHarnessPage(viewport);
  await harness.page.goto(`${harness.server.origin}/renderers.html`);
  await harness.page.waitForFunction(() => (window as unknown as { __ltReady?: boolean }).__ltReady === true, null, {
    timeout: 20_000,
  });
  return harness;
}

/**
 * Renders `payload` as output `id` into the cell element `#id` (created on first use), as VS Code does:
 * the renderer module is activated once, then renderOutputItem gets the item and the cell's element.
 */
export function renderOutput(page: Page, id: string, mime: string, payload: unknown): Promise<void> {
  return page.evaluate(
    ([id, mime, json]) => {
      interface Api {
        renderOutputItem(item: unknown, element: HTMLElement): void;
      }
      const w = window as unknown as { __ltRenderers: { activate(ctx: unknown): Api }; __ltApi?: Api };
      w.__ltApi ??= w.__ltRenderers.activate({});
      let cell = document.getElementById(id);
      if (!cell) {
        cell = document.createElement('div');
        cell.id = id;
        cell.className = 'cell';
        document.body.append(cell);
      }
      const item = {
        id,
        mime,
        metadata: {},
        json: () => JSON.parse(json) as unknown,
        text: () => json,
        data: () => new TextEncoder().encode(json),
      };
      w.__ltApi.renderOutputItem(item, cell);
    },
    [id, mime, JSON.stringify(payload)] as const,
  );
}

type Typed = Float32Array | Int32Array | Uint8Array;

/** JSON with typed arrays as { __ltTyped, b64 } (decoded by the harness page's fake API). */
export function encodeMessage(message: ExtensionToWebview): string {
  return JSON.stringify(message, (_key, value: unknown) => {
    if (value instanceof Float32Array || value instanceof Int32Array || value instanceof Uint8Array) {
      const typed = value as Typed;
      return {
        __ltTyped: typed.constructor.name,
        b64: Buffer.from(typed.buffer, typed.byteOffset, typed.byteLength).toString('base64'),
      };
    }
    return value;
  });
}

export class HarnessHost {
  readonly received: WebviewToExtension[] = [];
  readonly rejected: string[] = [];
  readonly held: PanelRequest[] = [];
  /** Kinds of the responses sent, by request kind, in order. */
  readonly responses: Array<{ request: PanelRequest['kind']; response: PanelResponse['kind'] }> = [];
  readonly retained = new RetainedState();
  private readonly store = new PublishedStore();
  /** Files the page saved, with where they were written. */
  readonly saves: Array<{ file: SaveFile; path: string }> = [];
  private saveDir: string | undefined;
  private readonly inFlight = new Map<string, string>();
  /** Requests of held kinds (other than projections) not answered yet. */
  private waiting: Array<{ webviewId: string; request: PanelRequest }> = [];
  private next = 1;

  constructor(
    private readonly deliver: (json: string) => Promise<void>,
    private readonly hold: ReadonlySet<string> = new Set(['umap', 'tsne']),
  ) {}

  /** What the kernel publishes: retained, kept for requests, forwarded. */
  async publish(event: PanelEvent, forward = true): Promise<void> {
    this.retained.add(event);
    this.store.remember(event);
    if (forward) await this.send({ type: 'event', event });
  }

  /** Keeps the text encoder of a published two-tower set, as the kernel's show.embeddings does. */
  rememberTextQuery(id: string, embedText: (text: string) => Float32Array): void {
    this.store.rememberTextQuery(id, embedText);
  }

  /** Keeps the model and images behind a set shown from a model, as the kernel's show.embeddings does. */
  rememberPairSource(id: string, source: PairSource | undefined): void {
    this.store.rememberPairSource(id, source);
  }

  /** The kernel's copy of the panel's selection of set `id` (what a cell's panel.selection() reads). */
  kernelSelection(id: string): number[] {
    return [...this.store.selection(id).indices];
  }

  /** Answers the held requests of `kind` now (as a kernel does once its cell reaches an await). */
  async release(kind: PanelRequest['kind']): Promise<void> {
    const waiting = this.waiting.filter((w) => w.request.kind === kind);
    this.waiting = this.waiting.filter((w) => w.request.kind !== kind);
    for (const w of waiting) await this.answer(w.webviewId, w.request, true);
  }

  /** Called with the JSON of each message the page posts. */
  async receive(json: string): Promise<void> {
    const validation = validateWebviewMessage(JSON.parse(json) as unknown);
    if (!validation.ok) {
      this.rejected.push(validation.error);
      return;
    }
    const message = validation.message;
    this.received.push(message);
    switch (message.type) {
      case 'ready':
        await this.send({ type: 'kernel', kernel: { notebook: 'simclr-fashion.ipynb', state: 'busy' } });
        await this.send({ type: 'replay', events: this.retained.events() });
        return;
      case 'request':
        return this.answer(message.id, message.request);
      case 'save': {
        this.saveDir ??= mkdtempSync(join(tmpdir(), 'lt-harness-saves-'));
        const path = join(this.saveDir, message.file.name);
        writeFileSync(path, saveFileBytes(message.file));
        this.saves.push({ file: message.file, path });
        return this.send({ type: 'saved', id: message.id, outcome: { status: 'saved', path } });
      }
      default: {
        const unreachable: never = message;
        throw new Error(`harness: ${JSON.stringify(unreachable)}`);
      }
    }
  }

  requests(kind: PanelRequest['kind']): PanelRequest[] {
    return this.received.flatMap((m) => (m.type === 'request' && m.request.kind === kind ? [m.request] : []));
  }

  private async answer(webviewId: string, request: PanelRequest, released = false): Promise<void> {
    // As PanelViewProvider: data an earlier kernel process published is answered by the host itself.
    const lost = this.retained.lostData(request);
    if (lost && !(request.kind === 'project' && this.retained.cachedProjection(request)))
      return this.send({ type: 'response', id: webviewId, response: { kind: 'error', message: lost } });
    if (!released && request.kind !== 'project' && this.hold.has(request.kind)) {
      this.waiting.push({ webviewId, request });
      return;
    }
    if (request.kind === 'project') {
      const cached = this.retained.cachedProjection(request);
      if (cached) return this.send({ type: 'response', id: webviewId, response: cached });
      if (this.hold.has(request.method)) {
        this.held.push(request);
        return this.send({ type: 'progress', id: webviewId, fraction: 0.05, stage: 'nearest neighbours' });
      }
    }
    const hostId = `panel-${this.next++}`;
    this.inFlight.set(hostId, webviewId);
    const response = await answerPanelRequest(
      hostId,
      request,
      this.store,
      (event) => {
        if (event.kind === 'requestProgress')
          void this.send({ type: 'progress', id: webviewId, fraction: event.fraction, stage: event.stage });
      },
      {},
    );
    this.inFlight.delete(hostId);
    if (request.kind === 'project') this.retained.rememberProjection(request, response);
    this.responses.push({ request: request.kind, response: response.kind });
    await this.send({ type: 'response', id: webviewId, response });
  }

  private send(message: ExtensionToWebview): Promise<void> {
    return this.deliver(encodeMessage(message));
  }
}
