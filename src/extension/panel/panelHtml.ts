/**
 * The HTML of the Look Twice panel webview: a strict Content-Security-Policy (nothing but this
 * extension's files, scripts only with this page's nonce, styles from our files or with the nonce),
 * following vscode-extension-samples/webview-view-sample. Pure, so tests can check the policy.
 */
import { randomBytes } from 'node:crypto';

export interface PanelHtmlParts {
  /** Webview URIs of dist/webview/panel.js and media/panel.css. */
  scriptUri: string;
  styleUri: string;
  /** webview.cspSource: the origin the webview serves local resources from. */
  cspSource: string;
  nonce: string;
}

/** 128 random bits, base64 (a fresh one per HTML document). */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data: blob:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

const escapeAttribute = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function panelHtml(parts: PanelHtmlParts): string {
  const nonce = escapeAttribute(parts.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(parts.cspSource, parts.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(parts.styleUri)}">
<title>Look Twice</title>
</head>
<body>
<script nonce="${nonce}" src="${escapeAttribute(parts.scriptUri)}"></script>
</body>
</html>`;
}
