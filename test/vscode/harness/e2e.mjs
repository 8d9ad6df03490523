/**
 * One UI end-to-end test in code-server, the part every such test shares: its options (--verbose,
 * --timeout and the test's own), a fresh workspace and server with the working tree as the development
 * extension, Chromium on the workbench, screenshots under test-results/, a 'failure' screenshot when the
 * body throws, and teardown (browser, server, workspace) whatever happens. Prints NAME E2E PASS|FAIL and
 * exits with 0 or 1.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from './browser.mjs';
import { repoRoot, startCodeServer, workbenchUrl } from './codeServer.mjs';
import { prepareWorkspace } from './workspace.mjs';

/** Throws `message` unless `condition` holds. */
export function check(condition, message) {
  if (!condition) throw new Error(message);
}

/**
 * Whether `locator` becomes visible within `timeoutMs`. (Playwright's `isVisible({ timeout })` ignores its
 * timeout and answers at once: a suggest widget still being computed then counts as absent for ever.)
 */
export function appears(locator, timeoutMs) {
  return locator.waitFor({ state: 'visible', timeout: timeoutMs }).then(
    () => true,
    () => false,
  );
}

/**
 * Opens `file` of the workspace in the notebook editor, once the Look Twice view is registered (a notebook
 * opened before the extension activates opens as text).
 */
export async function openNotebook(page, file) {
  const item = page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).first();
  await item.waitFor({ timeout: 60_000 });
  await page.locator('.activitybar [aria-label*="Look Twice"]').first().waitFor({ timeout: 60_000 });
  await item.dblclick();
  await page.locator('.notebook-editor .code-cell-row').first().waitFor({ timeout: 60_000 });
}

/**
 * @param {string} name  e.g. 'panel': the log prefix and the PASS/FAIL line
 * @param {{ screenshots: string, options?: import('node:util').ParseArgsConfig['options'] }} settings
 *   screenshots: path under test-results/ and file-name prefix, e.g. 'webview/vscode-panel-'
 * @param {(e2e: { page: any, args: Record<string, any>, log: (...parts: unknown[]) => void, shot: (name: string) => Promise<unknown> }) => Promise<void>} body
 *   runs on the loaded workbench
 */
export async function runE2e(name, settings, body) {
  const { values: args } = parseArgs({
    options: {
      verbose: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '300' },
      ...settings.options,
    },
  });
  const prefix = path.join(repoRoot, 'test-results', settings.screenshots);
  mkdirSync(path.dirname(prefix), { recursive: true });
  const started = Date.now();
  const log = (...parts) => console.log(`[${name} e2e ${((Date.now() - started) / 1000).toFixed(1)}s]`, ...parts);

  const workspace = prepareWorkspace();
  const server = await startCodeServer({ smokeTestDriver: true, verbose: args.verbose });
  log(`code-server ${server.url}`);
  let browser;
  let failure;
  try {
    browser = await launchChromium(server.tools.chromium);
    const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    if (args.verbose) page.on('console', (m) => console.log(`[browser ${m.type()}]`, m.text()));
    const shot = (shotName) => page.screenshot({ path: `${prefix}${shotName}.png` });
    try {
      await page.goto(workbenchUrl(server.port, { folder: workspace.folder, extensionDevelopmentPath: repoRoot }));
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await body({ page, args, log, shot });
    } catch (error) {
      await shot('failure').catch(() => {});
      throw error;
    }
  } catch (error) {
    failure = error;
    log(`FAILED: ${error.message}`);
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
    workspace.remove();
  }
  log(`${name.toUpperCase()} E2E ${failure ? 'FAIL' : 'PASS'}`);
  process.exit(failure ? 1 : 0);
}
