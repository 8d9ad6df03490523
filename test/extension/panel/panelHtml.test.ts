import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentSecurityPolicy, makeNonce, panelHtml } from '../../../src/extension/panel/panelHtml';

test('the CSP allows nothing by default, scripts only with the nonce, no inline or eval', () => {
  const csp = contentSecurityPolicy('https://source.test', 'N0NCE');
  const directives = new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
  assert.deepEqual(directives.get('default-src'), ["'none'"]);
  assert.deepEqual(directives.get('script-src'), ["'nonce-N0NCE'"]);
  assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval') && !csp.includes('*'));
  assert.deepEqual(directives.get('style-src'), ['https://source.test', "'nonce-N0NCE'"]);
});

test('panelHtml: every script has the nonce; URIs are escaped', () => {
  const html = panelHtml({
    scriptUri: 'https://x.test/panel.js?a=1&b="2"',
    styleUri: 'https://x.test/panel.css',
    cspSource: 'https://x.test',
    nonce: 'abc',
  });
  const scripts = html.match(/<script[^>]*>/g) ?? [];
  assert.equal(scripts.length, 1);
  assert.ok(scripts.every((s) => s.includes('nonce="abc"')));
  assert.ok(html.includes('panel.js?a=1&amp;b=&quot;2&quot;'));
  assert.match(html, /http-equiv="Content-Security-Policy"/);
});

test('makeNonce: 128 random bits, different each time', () => {
  const nonces = new Set(Array.from({ length: 50 }, makeNonce));
  assert.equal(nonces.size, 50);
  for (const n of nonces) assert.equal(Buffer.from(n, 'base64').length, 16);
});
