// JupyterLab (pip, into test/tools/.install/jupyterlab) in headless Chromium: opens the sample notebook,
// which picks the Look Twice kernel from its metadata, runs all cells, waits for the rich outputs (SVG, which JupyterLab prefers to our PNG fallback) and
// the idle kernel, and takes a screenshot (test-results/jupyterlab/run-all.png). Slow (pip on first use):
// `npm run test:jupyterlab`, not part of `npm test`. Needs `npm run build` and Debian's chromium.
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VENV = path.join(ROOT, 'test/tools/.install/jupyterlab');
const OUT = path.join(ROOT, 'test-results/jupyterlab');
const log = (m) => console.log(`[jupyterlab e2e] ${m}`);

if (!existsSync(path.join(VENV, 'bin/jupyter-lab'))) {
  log('installing jupyterlab into a venv (pip, the configured local index)');
  execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  // --retries 0: an unreachable default index must not cost minutes of retries per package.
  execFileSync(path.join(VENV, 'bin/pip'), ['install', '-q', '--retries', '0', ...(existsSync('/opt/pypi/simple') ? ['--index-url', 'file:///opt/pypi/simple'] : []), 'jupyterlab'], { stdio: 'inherit' });
}
const scratch = mkdtempSync(path.join(os.tmpdir(), 'lt-lab-'));
const notebooks = path.join(scratch, 'nb');
mkdirSync(notebooks);
copyFileSync(path.join(ROOT, 'notebooks/simclr-fashion-mnist.ipynb'), path.join(notebooks, 'simclr-fashion-mnist.ipynb'));
execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'kernel', 'install', '--prefix', scratch], { stdio: 'inherit' });
const port = 8800 + Math.floor(Math.random() * 100);
const env = { ...process.env, JUPYTER_PATH: path.join(scratch, 'share/jupyter'), JUPYTER_CONFIG_DIR: path.join(scratch, 'cfg'), JUPYTER_DATA_DIR: path.join(scratch, 'data'), JUPYTER_RUNTIME_DIR: path.join(scratch, 'rt'), LOOK_TWICE_BACKEND: process.env.LOOK_TWICE_BACKEND ?? 'wasm' };
const lab = spawn(path.join(VENV, 'bin/jupyter-lab'), ['--allow-root', '--no-browser', `--port=${port}`, '--ServerApp.token=', '--ServerApp.password=', '--LabApp.expose_app_in_browser=True', `--ServerApp.root_dir=${notebooks}`], { env, stdio: 'ignore' });

const { chromium } = await import(path.join(ROOT, 'test/tools/node_modules/playwright-core/index.mjs'));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  for (let i = 0; ; i++) {
    try {
      await page.goto(`http://127.0.0.1:${port}/lab/tree/simclr-fashion-mnist.ipynb`);
      break;
    } catch (error) {
      if (i > 60) throw error;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  await page.waitForFunction(() => window.jupyterapp && document.querySelector('.jp-Notebook'), null, { timeout: 120_000 });
  await page.waitForFunction(() => document.body.innerText.includes('Look Twice (TypeScript) | Idle'), null, { timeout: 120_000 });
  log('notebook open, kernel "Look Twice (TypeScript)" idle');
  await page.evaluate(() => window.jupyterapp.commands.execute('notebook:run-all-cells'));
  await page.waitForFunction(() => document.querySelectorAll('.jp-InputArea-prompt').length > 0 && [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].every((p) => /\[\d+\]/.test(p.textContent ?? '')), null, { timeout: 600_000 });
  await page.waitForFunction(() => document.body.innerText.includes('Look Twice (TypeScript) | Idle'), null, { timeout: 600_000 });
  const counts = await page.evaluate(() => ({ png: document.querySelectorAll('.jp-RenderedImage img').length, svg: document.querySelectorAll('.jp-RenderedSVG svg, .jp-RenderedSVG img').length, errors: document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').length }));
  log(`outputs: ${JSON.stringify(counts)}`);
  // JupyterLab ranks SVG above PNG: the augmentation grid shows as its SVG (tiles as an embedded PNG), with the loss curve and the projection.
  if (counts.svg < 3 || counts.errors > 0) throw new Error(`expected the augmentation grid, loss curve and projection as SVG and no stderr, got ${JSON.stringify(counts)}`);
  mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, 'run-all.png') });
  log(`PASS, screenshot ${path.join(OUT, 'run-all.png')}`);
} catch (error) {
  failed = true;
  console.error(`[jupyterlab e2e] FAIL: ${error.stack ?? error}`);
} finally {
  await browser.close();
  lab.kill();
}
process.exit(failed ? 1 : 0);
