// JupyterLab (pip, into test/tools/.install/jupyterlab) in headless Chromium, as a user would drive it:
// 1. opens the sample notebook, which picks the Look Twice kernel from its metadata, runs all cells, waits for
//    the rich outputs (SVG, which JupyterLab prefers to our PNG fallback) and the idle kernel (run-all.png);
// 2. makes the pre-training cell long (100,000 steps), runs it, waits for its live progress, presses the
//    toolbar's interrupt button, sees the "Interrupted ... state is kept" error, then runs the loss-curve
//    cell, which draws the interrupted run's losses (interrupt.png);
// 3. shuts the session down through the Jupyter server's REST API and checks that the kernel (the
//    `look-twice jupyter` front door and its kernel process) is gone before the server stops.
// `npm run test:jupyterlab` (CI runs it after npm test). Needs `npm run build` and Debian's chromium.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VENV = path.join(ROOT, 'test/tools/.install/jupyterlab');
const OUT = path.join(ROOT, 'test-results/jupyterlab');
const NOTEBOOK = 'simclr-fashion-mnist.ipynb';
const log = (m) => console.log(`[jupyterlab e2e] ${m}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` (generously: the machine may be loaded) until it returns a truthy value. */
async function until(what, check, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

/** Processes below `pid` as "pid:start-time" (the start time tells a reused pid apart). */
function descendants(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = processStat(entry);
    if (stat) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), `${entry}:${stat.start}`]);
  }
  const found = [];
  const walk = (parent) => {
    for (const child of children.get(parent) ?? []) {
      found.push(child);
      walk(child.split(':')[0]);
    }
  };
  walk(String(pid));
  return found;
}

function processStat(pid) {
  try {
    // Fields after the parenthesised command name: state ppid ... starttime is the 20th of them.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ');
    return { ppid: fields[1], start: fields[19] };
  } catch {
    return undefined; // exited while we looked
  }
}

function alive(process_) {
  const [pid, start] = process_.split(':');
  return processStat(pid)?.start === start;
}

if (!existsSync(path.join(VENV, 'bin/jupyter-lab'))) {
  log('installing jupyterlab into a venv (pip, the local index)');
  execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  // --retries 0: an unreachable default index must not cost minutes of retries per package.
  execFileSync(
    path.join(VENV, 'bin/pip'),
    [
      'install',
      '-q',
      '--retries',
      '0',
      ...(existsSync('/opt/pypi/simple') ? ['--index-url', 'file:///opt/pypi/simple'] : []),
      'jupyterlab',
    ],
    { stdio: 'inherit' },
  );
}
const scratch = mkdtempSync(path.join(os.tmpdir(), 'lt-lab-'));
const notebooks = path.join(scratch, 'nb');
mkdirSync(notebooks);
copyFileSync(path.join(ROOT, 'notebooks', NOTEBOOK), path.join(notebooks, NOTEBOOK));
execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'kernel', 'install', '--prefix', scratch], {
  stdio: 'inherit',
});
const port = 8800 + Math.floor(Math.random() * 100);
const server = `http://127.0.0.1:${port}`;
// A token, as on a real server: the browser logs in with it, and REST calls carry it (which also spares them the XSRF check).
const token = randomBytes(16).toString('hex');
const rest = (route, init = {}) =>
  globalThis.fetch(`${server}${route}`, { ...init, headers: { Authorization: `token ${token}` } });
const env = {
  ...process.env,
  JUPYTER_PATH: path.join(scratch, 'share/jupyter'),
  JUPYTER_CONFIG_DIR: path.join(scratch, 'cfg'),
  JUPYTER_DATA_DIR: path.join(scratch, 'data'),
  JUPYTER_RUNTIME_DIR: path.join(scratch, 'rt'),
  LOOK_TWICE_BACKEND: process.env.LOOK_TWICE_BACKEND ?? 'wasm',
};
const lab = spawn(
  path.join(VENV, 'bin/jupyter-lab'),
  [
    '--allow-root',
    '--no-browser',
    `--port=${port}`,
    `--IdentityProvider.token=${token}`,
    '--ServerApp.password=',
    '--LabApp.expose_app_in_browser=True',
    `--ServerApp.root_dir=${notebooks}`,
  ],
  { env, stdio: 'ignore' },
);
const labExited = new Promise((resolve) => lab.once('exit', resolve));

const { chromium } = await import(path.join(ROOT, 'test/tools/node_modules/playwright-core/index.mjs'));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await until(
    'the Jupyter server',
    () =>
      page.goto(`${server}/lab/tree/${NOTEBOOK}?token=${token}`).then(
        () => true,
        () => false,
      ),
    90_000,
  );
  await runAll(page);
  await interruptTrainingAndContinue(page);
  await shutDownThroughRestApi();
  log('PASS');
} catch (error) {
  failed = true;
  console.error(`[jupyterlab e2e] FAIL: ${error.stack ?? error}`);
} finally {
  await browser.close();
  lab.kill('SIGTERM');
  await Promise.race([labExited, sleep(30_000)]);
}
process.exit(failed ? 1 : 0);

async function runAll(page) {
  await page.waitForFunction(() => window.jupyterapp && document.querySelector('.jp-Notebook'), null, {
    timeout: 120_000,
  });
  await waitForIdleKernel(page);
  log('notebook open, kernel "Look Twice (TypeScript)" idle');
  await page.evaluate(() => window.jupyterapp.commands.execute('notebook:run-all-cells'));
  await page.waitForFunction(
    () =>
      document.querySelectorAll('.jp-InputArea-prompt').length > 0 &&
      [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].every((p) =>
        /\[\d+\]/.test(p.textContent ?? ''),
      ),
    null,
    { timeout: 600_000 },
  );
  await waitForIdleKernel(page);
  const counts = await page.evaluate(() => ({
    svg: document.querySelectorAll('.jp-RenderedSVG svg, .jp-RenderedSVG img').length,
    errors: document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').length,
  }));
  log(`run all: ${JSON.stringify(counts)}`);
  // JupyterLab ranks SVG above PNG: the augmentation grid shows as its SVG (tiles as an embedded PNG), with the loss curve and the projection.
  if (counts.svg < 3 || counts.errors > 0)
    throw new Error(
      `expected the augmentation grid, loss curve and projection as SVG and no stderr, got ${JSON.stringify(counts)}`,
    );
  await screenshot(page, 'run-all.png');
}

async function interruptTrainingAndContinue(page) {
  const pretrain = await cellIndex(page, 'await pretrain(');
  const lossCurve = await cellIndex(page, 'show.lossCurve(result');
  await page.evaluate(
    ({ index }) => {
      const cell = window.jupyterapp.shell.currentWidget.content.widgets[index];
      cell.model.sharedModel.setSource(cell.model.sharedModel.getSource().replace(/steps: \d+/, 'steps: 100000'));
    },
    { index: pretrain },
  );
  await runCell(page, pretrain);
  const progress = await until(
    'live progress of the long training run',
    () => cellText(page, pretrain).then((text) => /step [1-9]\d*\/100000/.test(text) && text),
    300_000,
  );
  log(`training: ${progress.match(/step \d+\/100000[^\n]*/)?.[0]}`);
  await page.click('.jp-NotebookPanel-toolbar [data-command="notebook:interrupt-kernel"]');
  const interrupted = await until(
    'the interrupted cell to end',
    () => cellText(page, pretrain).then((text) => /Interrupted/.test(text) && text),
    120_000,
  );
  if (!/state is kept/.test(interrupted))
    throw new Error(`expected "Interrupted: ... state is kept", got:\n${interrupted}`);
  const stoppedAt = Number(interrupted.match(/step (\d+)\/100000[^\n]*interrupted/)?.[1]);
  if (!(stoppedAt >= 1))
    throw new Error(`expected the progress line to end "interrupted" at a step, got:\n${interrupted}`);
  log(`interrupted at step ${stoppedAt}, state kept`);
  await waitForIdleKernel(page);

  // The next cell uses the interrupted run's `result` (and the kernel's other state) and draws its losses.
  const before = await prompt(page, lossCurve);
  await runCell(page, lossCurve);
  await until(
    'the loss curve of the interrupted run',
    () => prompt(page, lossCurve).then((now) => /\[\d+\]/.test(now) && now !== before),
    120_000,
  );
  const drawn = await page.evaluate(
    ({ index }) => {
      const node = window.jupyterapp.shell.currentWidget.content.widgets[index].node;
      return {
        svg: node.querySelectorAll('.jp-RenderedSVG svg, .jp-RenderedSVG img').length,
        errors: node.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]').length,
      };
    },
    { index: lossCurve },
  );
  if (drawn.svg !== 1 || drawn.errors !== 0)
    throw new Error(`expected the loss curve as one SVG and no error, got ${JSON.stringify(drawn)}`);
  await waitForIdleKernel(page);
  // Tall enough to show the training cell, its progress, the error and the loss curve below it.
  await page.setViewportSize({ width: 1400, height: 1500 });
  await page.evaluate(({ index }) => window.jupyterapp.shell.currentWidget.content.scrollToItem(index, 'start'), {
    index: pretrain,
  });
  await screenshot(page, 'interrupt.png');
}

async function shutDownThroughRestApi() {
  const kernelProcesses = descendants(lab.pid);
  if (kernelProcesses.length === 0) throw new Error('no kernel process runs under the Jupyter server');
  const sessions = await (await rest('/api/sessions')).json();
  if (sessions.length !== 1 || sessions[0].kernel.name !== 'look-twice')
    throw new Error(`expected one look-twice session, got ${JSON.stringify(sessions)}`);
  const response = await rest(`/api/sessions/${sessions[0].id}`, { method: 'DELETE' });
  if (response.status !== 204)
    throw new Error(`DELETE /api/sessions/ID answered ${response.status}: ${await response.text()}`);
  await until(
    'the kernel processes to end after the session shut down',
    () => kernelProcesses.every((p) => !alive(p)),
    60_000,
  );
  const kernels = await (await rest('/api/kernels')).json();
  if (kernels.length !== 0) throw new Error(`the server still lists kernels: ${JSON.stringify(kernels)}`);
  log(`session shut down through the REST API; its ${kernelProcesses.length} kernel processes ended`);
}

async function waitForIdleKernel(page) {
  await page.waitForFunction(() => document.body.innerText.includes('Look Twice (TypeScript) | Idle'), null, {
    timeout: 600_000,
  });
}

async function cellIndex(page, marker) {
  const index = await page.evaluate(
    (text) =>
      window.jupyterapp.shell.currentWidget.content.widgets.findIndex((cell) =>
        cell.model.sharedModel.getSource().includes(text),
      ),
    marker,
  );
  if (index < 0) throw new Error(`no cell contains ${JSON.stringify(marker)}`);
  return index;
}

async function runCell(page, index) {
  // Not awaited: the command settles only when the cell ends, and the training cell runs until interrupted.
  await page.evaluate((i) => {
    window.jupyterapp.shell.currentWidget.content.activeCellIndex = i;
    void window.jupyterapp.commands.execute('notebook:run-cell');
  }, index);
}

function cellText(page, index) {
  return page.evaluate(
    (i) =>
      window.jupyterapp.shell.currentWidget.content.widgets[i].node.querySelector('.jp-OutputArea')?.innerText ?? '',
    index,
  );
}

function prompt(page, index) {
  return page.evaluate(
    (i) =>
      window.jupyterapp.shell.currentWidget.content.widgets[i].node.querySelector('.jp-InputArea-prompt')
        ?.textContent ?? '',
    index,
  );
}

async function screenshot(page, name) {
  // JupyterLab asks whether to fetch its news in a toast that would cover the outputs: decline it.
  const declineNews = page.getByRole('button', { name: 'No', exact: true });
  if (await declineNews.count()) await declineNews.first().click();
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, name) });
  log(`screenshot ${path.join(OUT, name)}`);
}
