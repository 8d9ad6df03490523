/**
 * A static server for the webview harness pages on 127.0.0.1: dist/ and media/ as the extension
 * serves them to a webview, /panel.html built by the real panelHtml() (same CSP and nonce rules)
 * with a fake acquireVsCodeApi script carrying the nonce, and /renderers.html for the renderers.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { panelHtml } from '../../../src/extension/panel/panelHtml';

const ROOT = join(__dirname, '..', '..', '..');
const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.html': 'text/html',
};

/**
 * The fake VS Code webview API: messages to the host go to the exposed function __ltHost (JSON);
 * the host delivers with __ltDeliver(json), typed arrays encoded as { __ltTyped, b64 }; state is
 * kept in sessionStorage, which survives a reload like vscode.setState survives hide/show.
 */
/** tsx (esbuild keepNames) wraps named functions in __name(); test functions evaluated in the page need it. */
const NAME_SHIM = 'window.__name = (f) => f;';

const FAKE_API = `${NAME_SHIM}
(() => {
  const decode = (v) => {
    if (Array.isArray(v)) return v.map(decode);
    if (v && typeof v === 'object') {
      if (typeof v.__ltTyped === 'string') {
        const bin = atob(v.b64); const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        return new globalThis[v.__ltTyped](bytes.buffer);
      }
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
    }
    return v;
  };
  window.__ltSent = [];
  window.__ltDeliver = (json) => window.postMessage(decode(JSON.parse(json)), '*');
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => { window.__ltSent.push(m); window.__ltHost(JSON.stringify(m)); },
    getState: () => JSON.parse(sessionStorage.getItem('lt-state') || 'null'),
    setState: (s) => sessionStorage.setItem('lt-state', JSON.stringify(s)),
  });
})();`;

/** VS Code's Dark Modern values of the theme variables the webviews read. */
const THEME = `:root { --vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d; --vscode-editor-background: #1f1f1f;
  --vscode-sideBar-background: #181818; --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-focusBorder: #0078d4;
  --vscode-button-background: #0078d4; --vscode-button-foreground: #ffffff; --vscode-button-secondaryBackground: #313131; --vscode-button-secondaryForeground: #cccccc;
  --vscode-input-background: #313131; --vscode-input-foreground: #cccccc; --vscode-input-border: #3c3c3c; --vscode-panel-border: #2b2b2b;
  --vscode-editorWidget-border: #313131; --vscode-editorHoverWidget-background: #202020; --vscode-editorHoverWidget-border: #454545;
  --vscode-progressBar-background: #0078d4; --vscode-badge-background: #616161; --vscode-badge-foreground: #f8f8f8; --vscode-list-hoverBackground: #2a2d2e;
  --vscode-panelTitle-activeBorder: #0078d4; --vscode-panelTitle-activeForeground: #e7e7e7; --vscode-charts-blue: #3794ff; --vscode-charts-orange: #d18616;
  --vscode-charts-green: #89d185; --vscode-charts-purple: #b180d7; --vscode-charts-red: #f14c4c; --vscode-charts-yellow: #cca700; }
body { background: var(--vscode-sideBar-background); color: var(--vscode-foreground); }`;

export interface HarnessServer {
  origin: string;
  close(): Promise<void>;
}

function panelPage(origin: string): string {
  const nonce = 'harness-nonce-' + Math.random().toString(36).slice(2);
  const html = panelHtml({
    scriptUri: `${origin}/dist/webview/panel.js`,
    styleUri: `${origin}/media/panel.css`,
    cspSource: origin,
    nonce,
  });
  return html.replace(
    '<script nonce',
    `<style nonce="${nonce}">${THEME}</style>\n<script nonce="${nonce}">${FAKE_API}</script>\n<script nonce`,
  );
}

/**
 * Like VS Code's notebook output webview: renderers may inject their own <style> elements, and data:
 * images and media play (Jupyter's IPython.display.Audio outputs are data: URLs too).
 */
function renderersPage(origin: string): string {
  const nonce = 'harness-nonce-' + Math.random().toString(36).slice(2);
  return `<!DOCTYPE html><html><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${origin} data: blob:; media-src data: blob:; style-src ${origin} 'unsafe-inline'; script-src 'nonce-${nonce}' ${origin}">
<style nonce="${nonce}">${THEME} body { font-family: var(--vscode-font-family); padding: 12px; width: 760px; } .cell { margin-bottom: 18px; }</style></head>
<body><script nonce="${nonce}">${NAME_SHIM}</script><script nonce="${nonce}" type="module">import * as renderers from '${origin}/dist/webview/renderers.js'; window.__ltRenderers = renderers; window.__ltReady = true;</script></body></html>`;
}

export async function startHarnessServer(): Promise<HarnessServer> {
  let origin = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/panel.html' || path === '/renderers.html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(path === '/panel.html' ? panelPage(origin) : renderersPage(origin));
        return;
      }
      const file = normalize(join(ROOT, path));
      if (!(file.startsWith(join(ROOT, 'dist') + '/') || file.startsWith(join(ROOT, 'media') + '/'))) {
        res.writeHead(404).end();
        return;
      }
      try {
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
