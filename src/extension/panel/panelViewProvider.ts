/**
 * The Look Twice side panel, host side: a WebviewViewProvider (view `lookTwice.panel`) that follows
 * the active notebook's kernel, forwards its panel events (published to it by the extension's one
 * fan-out, NotebookKernels.onDidPanelEvent) to the webview unchanged, and passes the webview's
 * validated requests to that kernel. Events are retained per kernel (RetainedState) and replayed
 * when the webview is created again (hidden/shown) or another notebook becomes active, so the view
 * does not need retainContextWhenHidden. Follows vscode-extension-samples/webview-view-sample.
 */
import * as vscode from 'vscode';
import type { KernelProcess } from '../../host';
import {
  PAIR_INSPECTION_TIMEOUT_MS,
  type PanelEvent,
  type PanelRequest,
  type PanelResponse,
} from '../../protocol/panelMessages';
import type { ExtensionToWebview, PanelKernelInfo } from '../../protocol/webviewMessages';
import { assertNever } from '../../protocol/assertNever';
import { makeNonce, panelHtml } from './panelHtml';
import { RetainedState } from './retainedState';
import { saveWebviewFile } from './saveWebviewFile';
import { validateWebviewMessage } from './validateWebviewMessage';

/** What the panel needs of a kernel: KernelProcess from src/host satisfies it. */
export type PanelKernel = Pick<KernelProcess, 'on' | 'panelRequest' | 'state'>;

/** What the panel needs of the extension's kernels: their one stream of panel events. */
export interface PanelEventSource {
  readonly onDidPanelEvent: vscode.Event<{ notebook: vscode.NotebookDocument; event: PanelEvent }>;
}

interface Attached {
  notebook: vscode.Uri;
  kernel: PanelKernel;
  retained: RetainedState;
  subscriptions: vscode.Disposable[];
}

export class PanelViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewType = 'lookTwice.panel';
  private view: vscode.WebviewView | undefined;
  private readonly kernels = new Map<string, Attached>();
  private followed: Attached | undefined;
  /** Host request id (sent to the kernel, echoed in its requestProgress events) -> webview request id. */
  private readonly inFlight = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];
  private nextHostId = 1;

  constructor(
    private readonly extensionUri: vscode.Uri,
    events: PanelEventSource,
  ) {
    this.disposables.push(
      vscode.window.onDidChangeActiveNotebookEditor((editor) => editor && this.follow(editor.notebook.uri)),
      events.onDidPanelEvent(({ notebook, event }) => {
        const attached = this.kernels.get(notebook.uri.toString());
        if (attached) this.onPanelEvent(attached, event);
      }),
    );
  }

  /**
   * Call when a kernel starts for a notebook (and again with the new object if it is replaced).
   * The panel retains the kernel's events from then on; dispose the result when the notebook closes.
   */
  attachKernel(notebook: vscode.Uri, kernel: PanelKernel): vscode.Disposable {
    const key = notebook.toString();
    const previous = this.kernels.get(key);
    previous?.subscriptions.forEach((s) => s.dispose());
    // A new process for the same notebook (restart): keep the runs, drop what only the old process knew.
    if (previous && previous.kernel !== kernel) previous.retained.forgetKernelData();
    const attached: Attached = {
      notebook,
      kernel,
      retained: previous?.retained ?? new RetainedState(),
      subscriptions: [],
    };
    attached.subscriptions.push(
      kernel.on('state', () => attached === this.followed && this.post({ type: 'kernel', kernel: this.kernelInfo() })),
      // Each 'ready' is a new process: what earlier ones published is on screen but no longer in the kernel.
      kernel.on('ready', () => attached.retained.kernelReplaced()),
    );
    this.kernels.set(key, attached);
    const active = vscode.window.activeNotebookEditor?.notebook.uri.toString();
    if (active === key || !this.followed || this.followed === previous) {
      if (this.followed === previous) this.followed = undefined;
      this.follow(notebook);
    }
    return new vscode.Disposable(() => {
      if (this.kernels.get(key) !== attached) return;
      attached.subscriptions.forEach((s) => s.dispose());
      this.kernels.delete(key);
      if (this.followed === attached) {
        this.followed = undefined;
        this.sendAll();
      }
    });
  }

  /** True while the panel is on screen (training progress notifications are only needed when it is not). */
  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const roots = [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')];
    view.webview.options = { enableScripts: true, localResourceRoots: roots };
    view.webview.html = panelHtml({
      scriptUri: view.webview
        .asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'panel.js'))
        .toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'panel.css')).toString(),
      cspSource: view.webview.cspSource,
      nonce: makeNonce(),
    });
    const subscription = view.webview.onDidReceiveMessage((raw: unknown) => this.onWebviewMessage(raw));
    view.onDidDispose(() => {
      subscription.dispose();
      if (this.view === view) this.view = undefined;
    });
  }

  dispose(): void {
    for (const attached of this.kernels.values()) attached.subscriptions.forEach((s) => s.dispose());
    this.kernels.clear();
    this.disposables.forEach((d) => d.dispose());
  }

  private follow(notebook: vscode.Uri): void {
    const attached = this.kernels.get(notebook.toString());
    if (!attached || attached === this.followed) return;
    this.followed = attached;
    this.sendAll();
  }

  private kernelInfo(): PanelKernelInfo {
    const f = this.followed;
    if (!f) return { state: 'none' };
    return { notebook: f.notebook.path.split('/').pop() ?? f.notebook.toString(), state: f.kernel.state };
  }

  private sendAll(): void {
    this.post({ type: 'kernel', kernel: this.kernelInfo() });
    this.post({ type: 'replay', events: this.followed?.retained.events() ?? [] });
  }

  private onPanelEvent(attached: Attached, event: PanelEvent): void {
    if (event.kind === 'requestProgress') {
      const webviewId = this.inFlight.get(event.requestId);
      if (webviewId && attached === this.followed)
        this.post({ type: 'progress', id: webviewId, fraction: event.fraction, stage: event.stage });
      return;
    }
    attached.retained.add(event);
    if (attached === this.followed) this.post({ type: 'event', event });
  }

  private onWebviewMessage(raw: unknown): void {
    const validation = validateWebviewMessage(raw);
    if (!validation.ok) {
      console.warn(`Look Twice panel: ignored a message from the webview: ${validation.error}`);
      return;
    }
    const message = validation.message;
    switch (message.type) {
      case 'ready':
        this.sendAll();
        return;
      case 'request':
        void this.answer(message.id, message.request);
        return;
      case 'save': {
        const near = this.followed?.notebook;
        void saveWebviewFile(message.file, near?.scheme === 'untitled' ? undefined : near).then((outcome) =>
          this.post({ type: 'saved', id: message.id, outcome }),
        );
        return;
      }
      default:
        assertNever(message, 'webview message');
    }
  }

  private async answer(webviewId: string, request: PanelRequest): Promise<void> {
    const attached = this.followed;
    let response: PanelResponse;
    const lost = attached?.retained.lostData(request);
    if (!attached) {
      response = { kind: 'error', message: 'no Look Twice kernel is running for the active notebook' };
    } else if (request.kind === 'project' && attached.retained.cachedProjection(request)) {
      response = attached.retained.cachedProjection(request) as PanelResponse;
    } else if (lost) {
      response = { kind: 'error', message: lost };
    } else {
      const hostId = `panel-${this.nextHostId++}`;
      this.inFlight.set(hostId, webviewId);
      try {
        // A pair is a few hundred images through the model: a kernel silent for a minute is stuck in a cell.
        const timeout = request.kind === 'inspectPair' ? PAIR_INSPECTION_TIMEOUT_MS : undefined;
        response = await attached.kernel.panelRequest(request, hostId, timeout);
      } catch (error) {
        response = { kind: 'error', message: error instanceof Error ? error.message : String(error) };
      } finally {
        this.inFlight.delete(hostId);
      }
      if (request.kind === 'project') attached.retained.rememberProjection(request, response);
    }
    if (attached === this.followed) this.post({ type: 'response', id: webviewId, response });
  }

  private post(message: ExtensionToWebview): void {
    void this.view?.webview.postMessage(message);
  }
}

/** Registers the view provider and "Look Twice: Show Panel"; returns the provider for attachKernel. */
export function registerPanel(context: vscode.ExtensionContext, events: PanelEventSource): PanelViewProvider {
  const provider = new PanelViewProvider(context.extensionUri, events);
  context.subscriptions.push(
    provider,
    vscode.window.registerWebviewViewProvider(PanelViewProvider.viewType, provider),
    vscode.commands.registerCommand('lookTwice.showPanel', () =>
      vscode.commands.executeCommand(`${PanelViewProvider.viewType}.focus`),
    ),
  );
  return provider;
}
