/**
 * UI end-to-end test of Look Twice in a real VS Code (code-server 1.139.1) driven by Playwright and Debian's
 * chromium, as a user would: open the folder, open a notebook from the explorer, Run All, then read the rendered
 * outputs inside their nested iframes (notebook output webview -> our renderers): the augmentation grid image
 * has loaded, the loss curve and the embedding scatter canvases have drawn pixels. Saves screenshots of the
 * whole window and of each output under test-results/e2e/. Then opens long-training.ipynb, finds the training
 * progress notification (the side panel is hidden) in the notification center and presses its Cancel, which must
 * interrupt the cell. Last, a cell awaiting input() shows its prompt in VS Code's input box, and the answer
 * typed there reaches the cell.
 *
 * usage: node test/e2e/notebook.e2e.mjs [--notebook e2e.ipynb] [--vsix look-twice.vsix] [--verbose]
 *   --vsix   install a packaged extension into code-server instead of loading the working tree (dev mode)
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findFrame, launchChromium, runCommand, waitForFrame } from '../vscode/harness/browser.mjs';
import { repoRoot, startCodeServer, workbenchUrl } from '../vscode/harness/codeServer.mjs';
import { prepareWorkspace } from '../vscode/harness/workspace.mjs';
import { appears } from '../vscode/harness/e2e.mjs';

const { values: args } = parseArgs({
  options: {
    notebook: { type: 'string', default: 'e2e.ipynb' },
    vsix: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '300' },
  },
});
const outDir = path.join(repoRoot, 'test-results', 'e2e');
rmSync(outDir, { recursive: true, force: true }); // no screenshot of an earlier run is mistaken for this one's
mkdirSync(outDir, { recursive: true });
const started = Date.now();
const log = (...parts) => console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s]`, ...parts);
const timeout = Number(args.timeout) * 1000;

/** In-frame checks (run inside the output iframe): each returns a description when the output rendered, else ''. */
const checks = {
  'augmentation grid': () => {
    const img = document.querySelector('.lt-aug-img');
    return img && img.complete && img.naturalWidth > 0 ? `grid image ${img.naturalWidth}x${img.naturalHeight}` : '';
  },
  'loss curve': () => {
    const canvas = document.querySelector('.lt-loss canvas');
    if (!canvas || canvas.width === 0) return '';
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let drawn = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) drawn++;
    return drawn > 200 ? `loss curve canvas ${canvas.width}x${canvas.height}, ${drawn} drawn pixels` : '';
  },
  'embedding scatter': () => {
    const canvas = document.querySelector('.lt-scatter-canvas');
    if (!canvas || canvas.width === 0) return '';
    // The points canvas is WebGL where available: read it through a 2-D copy.
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d');
    ctx.drawImage(canvas, 0, 0);
    const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const colours = new Set();
    let drawn = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i + 3] === 0) continue;
      drawn++;
      if (colours.size < 64) colours.add(`${pixels[i] >> 4},${pixels[i + 1] >> 4},${pixels[i + 2] >> 4}`);
    }
    return drawn > 200 && colours.size >= 3
      ? `scatter canvas ${canvas.width}x${canvas.height}, ${drawn} drawn pixels, ${colours.size}+ colours`
      : '';
  },
};
const selectors = { 'augmentation grid': '.lt-aug', 'loss curve': '.lt-loss', 'embedding scatter': '.lt-embedding' };

/** Scrolls the notebook until the output element is inside the window, then screenshots just that region. */
async function screenshotOutput(page, frame, selector, file) {
  const viewport = page.viewportSize();
  const list = page.locator('.notebook-editor .monaco-list').first();
  const listBox = await list.boundingBox();
  for (let attempt = 0; attempt < 60; attempt++) {
    const box = await frame.locator(selector).first().boundingBox();
    if (!box) throw new Error(`${selector} has no box`);
    const top = listBox?.y ?? 0;
    if (args.verbose) log(`${selector}: box ${JSON.stringify(box)}, list top ${top}`);
    const fits = box.y >= top && box.y + Math.min(box.height, viewport.height - top) <= viewport.height;
    if (fits) {
      const clip = {
        x: Math.max(0, box.x - 8),
        y: Math.max(0, box.y - 8),
        width: Math.min(box.width + 16, viewport.width),
        height: Math.min(box.height + 16, viewport.height - box.y + 8),
      };
      await page.screenshot({ path: file, clip });
      return;
    }
    // over the cell gutter, where the wheel scrolls the notebook list directly (not through the output webview)
    await page.mouse.move((listBox?.x ?? 0) + 6, top + 100);
    await page.mouse.wheel(0, box.y - top - 40);
    await page.waitForTimeout(250);
  }
  throw new Error(`could not scroll ${selector} into view`);
}

/**
 * Opens another notebook of the workspace from the explorer, waits for its cell holding `cellText`, and runs
 * it with that editor's own Run All (the command palette could still address the previous notebook).
 */
async function openAndRunAll(file, cellText) {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: file }).first().dblclick();
  await page
    .locator('.notebook-editor:visible .code-cell-row', { hasText: cellText })
    .first()
    .waitFor({ timeout: 60_000 });
  await page
    .locator('.notebook-editor:visible .notebook-toolbar-container .action-item', { hasText: 'Run All' })
    .first()
    .click();
}

/** Second scenario: a long training cell, cancelled from its progress notification. */
async function cancelTrainingFromNotification() {
  await openAndRunAll('long-training.ipynb', 'steps: 100000');
  // A progress notification may stay in the notification center without a toast: look for it there.
  await waitForFrame(page, (text) => document.body?.innerText.includes(text) ?? false, 'step ', {
    timeout: 120_000,
    what: 'training progress',
  });
  await runCommand(page, 'Notifications: Show Notifications');
  const toast = page
    .locator('.notifications-center .notification-list-item', { hasText: 'Look Twice: training' })
    .first();
  await toast.waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1500);
  log(`training notification: ${JSON.stringify((await toast.innerText()).replace(/\s+/g, ' ').trim())}`);
  await page.screenshot({ path: path.join(outDir, 'training-notification.png') });
  await toast.locator('.monaco-button', { hasText: 'Cancel' }).first().click();
  const interrupted = (text) => document.body?.innerText.includes(text) ?? false;
  const frame = await waitForFrame(page, interrupted, 'The cell was interrupted', {
    timeout: 30_000,
    what: 'the interrupted cell',
  });
  await toast.waitFor({ state: 'detached', timeout: 10_000 });
  await page.screenshot({ path: path.join(outDir, 'training-cancelled.png') });
  log(
    `Cancel interrupted the training cell: ${JSON.stringify(await frame.evaluate(() => document.body.innerText.match(/step \d+\/\d+[^\n]*/)?.[0] ?? ''))}`,
  );
}

/** Third scenario: a cell awaits input(); the prompt shows in VS Code's input box, the typed answer reaches the cell. */
async function answerInputBox() {
  await openAndRunAll('input.ipynb', 'Who is training');
  const box = page.locator('.quick-input-widget', { hasText: 'Who is training this model?' });
  await box.waitFor({ timeout: 120_000 });
  await box.locator('input').fill('Ada');
  await page.screenshot({ path: path.join(outDir, 'input-box.png') });
  await box.locator('input').press('Enter');
  await waitForFrame(page, (text) => document.body?.innerText.includes(text) ?? false, 'hello Ada', {
    timeout: 60_000,
    what: "the cell's output with the typed answer",
  });
  log('input(): the input box showed the prompt, the cell printed the typed answer');
}

const workspace = prepareWorkspace();
const server = await startCodeServer({
  smokeTestDriver: !args.vsix,
  installExtensions: args.vsix ? [path.resolve(args.vsix)] : [],
  verbose: args.verbose,
});
log(`code-server ${server.url}, ${args.vsix ? `installed ${args.vsix}` : 'extension from the working tree'}`);
const browser = await launchChromium(server.tools.chromium);
const page = await browser.newPage({ viewport: { width: 1600, height: 1100 } });
if (args.verbose) page.on('console', (message) => console.log(`[browser ${message.type()}]`, message.text()));
const failures = [];
try {
  await page.goto(
    workbenchUrl(server.port, { folder: workspace.folder, extensionDevelopmentPath: args.vsix ? undefined : repoRoot }),
  );
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const item = page.locator('.explorer-folders-view .monaco-list-row', { hasText: args.notebook }).first();
  await item.waitFor({ timeout: 60_000 });
  // The explorer shows files before the extension host has registered extensions; wait for our view container.
  await page.locator('.activitybar [aria-label*="Look Twice"]').first().waitFor({ timeout: 60_000 });
  log('workbench up, Look Twice contributions registered');
  await item.dblclick();
  await page.locator('.notebook-editor .code-cell-row').first().waitFor({ timeout: 60_000 });
  log(`${args.notebook} open in the notebook editor`);
  await runCommand(page, 'Notebook: Run All');
  const picker = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Look Twice (TypeScript)' }).first();
  if (await appears(picker, 3000)) {
    log('kernel picker shown: choosing Look Twice (TypeScript)');
    await picker.click();
  }
  log('Run All issued');
  // Wait for every output to render, stopping early when a cell fails (its error is printed).
  const frames = {};
  const end = Date.now() + timeout;
  const list = page.locator('.notebook-editor .monaco-list').first();
  for (;;) {
    // The notebook list is virtualised: keep scrolling to its end so the running cell and its outputs render.
    const listBox = await list.boundingBox();
    if (listBox) {
      await page.mouse.move(listBox.x + listBox.width / 2, listBox.y + listBox.height / 2);
      await page.mouse.wheel(0, 5000);
    }
    for (const [name, check] of Object.entries(checks)) {
      if (frames[name]) continue;
      const frame = await findFrame(page, check);
      if (frame) {
        frames[name] = frame;
        log(`${name}: ${await frame.evaluate(check)}`);
      }
    }
    const failedCells = await page.locator('.notebook-editor .code-cell-row .codicon-notebook-state-error').count();
    if (failedCells > 0) {
      failures.push(`${failedCells} cell(s) failed`);
      for (const frame of page.frames()) {
        const text = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
        const match = text.match(/\b[A-Z]\w*Error\b[^\n]*(\n\s+at [^\n]*){0,3}/);
        if (match) log(`cell error: ${match[0]}`);
      }
      break;
    }
    if (Object.keys(frames).length === Object.keys(checks).length) break;
    if (Date.now() > end) {
      for (const name of Object.keys(checks))
        if (!frames[name]) failures.push(`${name}: not rendered within ${args.timeout} s`);
      break;
    }
    await page.waitForTimeout(500);
  }
  const statusText = await page
    .locator('.statusbar-item', { hasText: 'idle' })
    .first()
    .innerText()
    .catch(() => '');
  log(`status bar: ${JSON.stringify(statusText)}`);
  await page.screenshot({ path: path.join(outDir, 'window.png') });
  for (const [name, frame] of Object.entries(frames)) {
    const file = path.join(outDir, `${name.replace(/ /g, '-')}.png`);
    try {
      await screenshotOutput(page, frame, selectors[name], file);
      log(`screenshot ${path.relative(repoRoot, file)}`);
    } catch (error) {
      failures.push(`screenshot of ${name}: ${error.message}`);
    }
  }
  await cancelTrainingFromNotification();
  await answerInputBox();
} catch (error) {
  failures.push(error.message);
  log(`FAILED: ${error.message}`);
  await page.screenshot({ path: path.join(outDir, 'failure.png') }).catch(() => {});
} finally {
  await browser.close().catch(() => {});
  await server.stop();
  workspace.remove();
}
log(failures.length === 0 ? 'E2E PASS' : `E2E FAIL\n  ${failures.join('\n  ')}`);
process.exit(failures.length === 0 ? 0 : 1);
