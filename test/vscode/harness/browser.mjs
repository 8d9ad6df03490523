/**
 * Debian's chromium driven by playwright-core (from test/tools, which never downloads a browser), with the flags
 * that keep it quiet and offline, and helpers to find text in the nested iframes of notebook outputs and webviews.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { toolsDir } from './codeServer.mjs';

const requireFromTools = createRequire(path.join(toolsDir, 'package.json'));

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless chromium; `executablePath` defaults to Debian's /usr/bin/chromium. */
export async function launchChromium(executablePath = '/usr/bin/chromium') {
  const { chromium } = requireFromTools('playwright-core');
  return chromium.launch({ executablePath, headless: true, args: chromiumArgs });
}

/** The first frame (page, notebook output iframe or webview) whose `selector` evaluates truthy, or null. */
export async function findFrame(page, predicate, arg) {
  for (const frame of page.frames()) {
    try {
      if (await frame.evaluate(predicate, arg)) return frame;
    } catch {
      /* detached, or not ready yet */
    }
  }
  return null;
}

/** Waits until some frame satisfies `predicate(arg)` (run inside the frame) and returns that frame. */
export async function waitForFrame(page, predicate, arg, { timeout = 30_000, what = 'frame' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const frame = await findFrame(page, predicate, arg);
    if (frame) return frame;
    if (Date.now() > end) throw new Error(`${what} not found in any frame within ${timeout} ms`);
    await page.waitForTimeout(250);
  }
}

/** Runs a command through the command palette (F1), by its visible title. */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill('>' + title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}
