/**
 * `npm run test:vscode`: every real-VS-Code test, one after another (they share the 2 cores of a CI machine).
 *   1. test tools on first use (test/tools/install.sh: Node 24, code-server, playwright-core)
 *   2. the integration suite in code-server (test/vscode/runCodeServer.mjs), then its 'workspace trust' suite
 *      again with workspace trust on (the folder in Restricted Mode)
 *   3. the same suite in desktop VS Code through @vscode/test-electron, when VSCODE_EXECUTABLE names one or
 *      LOOK_TWICE_TEST_ELECTRON=1 allows the download (under xvfb-run when there is no display)
 *   4. the Playwright UI test with screenshots in test-results/e2e/ (test/e2e/notebook.e2e.mjs), then the side
 *      panel's (test/webview/vscode/panel.e2e.mjs, screenshots in test-results/webview/), then the training
 *      monitor's live charts and the collapse warning (test/webview/vscode/health.e2e.mjs), then
 *      completions and the Variables view (test/e2e/languageFeatures.e2e.mjs, screenshots in test-results/e2e/language-*.png)
 *   5. with LOOK_TWICE_TEST_VSIX=1: `npm run package`, then on the .vsix installed into code-server the integration
 *      suite and the UI test again, and its CLI on the sample notebook (the package build is minified: run the
 *      other steps first, as here)
 * Expects dist/ and out/test/vscode/ built (the npm script builds them). Exits non-zero if any step failed.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { installTools, repoRoot } from './harness/codeServer.mjs';

const steps = [];
function step(name, command, args) {
  const started = Date.now();
  console.log(`\n=== ${name}`);
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  const seconds = (Date.now() - started) / 1000;
  steps.push({ name, ok: result.status === 0, seconds });
  return result.status === 0;
}

const started = Date.now();
installTools();
steps.push({ name: 'test tools', ok: true, seconds: (Date.now() - started) / 1000 });

step('integration tests in code-server', process.execPath, [path.join('test', 'vscode', 'runCodeServer.mjs')]);
step('integration tests in code-server, Restricted Mode', process.execPath, [
  path.join('test', 'vscode', 'runCodeServer.mjs'),
  '--untrusted',
  '--grep',
  'workspace trust',
]);
if (process.env.VSCODE_EXECUTABLE || process.env.LOOK_TWICE_TEST_ELECTRON === '1') {
  const runner = [path.join('test', 'vscode', 'runElectron.mjs')];
  const headless =
    process.platform === 'linux' && !process.env.DISPLAY && spawnSync('which', ['xvfb-run']).status === 0;
  if (headless) step('integration tests in desktop VS Code', 'xvfb-run', ['-a', process.execPath, ...runner]);
  else step('integration tests in desktop VS Code', process.execPath, runner);
} else {
  console.log(
    '\n=== desktop VS Code (@vscode/test-electron) skipped: set VSCODE_EXECUTABLE=/path/to/code or LOOK_TWICE_TEST_ELECTRON=1 to download one',
  );
}
step('UI end-to-end test (screenshots in test-results/e2e/)', process.execPath, [
  path.join('test', 'e2e', 'notebook.e2e.mjs'),
]);
step('side panel end-to-end test (screenshots in test-results/webview/)', process.execPath, [
  path.join('test', 'webview', 'vscode', 'panel.e2e.mjs'),
]);
step('representation health end-to-end test (screenshots in test-results/webview/vscode-health-*)', process.execPath, [
  path.join('test', 'webview', 'vscode', 'health.e2e.mjs'),
]);
step('TypeScript in cells and the Variables view (screenshots in test-results/e2e/language-*.png)', process.execPath, [
  path.join('test', 'e2e', 'languageFeatures.e2e.mjs'),
]);
if (process.env.LOOK_TWICE_TEST_VSIX === '1') {
  const vsix = `look-twice-${process.platform}-${process.arch}.vsix`;
  if (step('npm run package', process.execPath, [path.join('src', 'tools', 'package.mjs'), '--out', vsix])) {
    step('integration tests on the installed .vsix', process.execPath, [
      path.join('test', 'vscode', 'runCodeServer.mjs'),
      '--vsix',
      vsix,
    ]);
    step('UI end-to-end test on the installed .vsix', process.execPath, [
      path.join('test', 'e2e', 'notebook.e2e.mjs'),
      '--vsix',
      vsix,
    ]);
    step("the installed .vsix's CLI on the sample notebook", process.execPath, [
      path.join('test', 'e2e', 'installedCli.e2e.mjs'),
      '--vsix',
      vsix,
    ]);
  }
}

console.log('\n=== real-VS-Code tests');
for (const { name, ok, seconds } of steps) console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}  (${seconds.toFixed(0)} s)`);
const total = steps.reduce((sum, s) => sum + s.seconds, 0);
console.log(`total ${total.toFixed(0)} s`);
process.exit(steps.every((s) => s.ok) ? 0 : 1);
