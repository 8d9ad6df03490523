/**
 * Runs the integration suite (mocha `run()` in out/test/vscode/suite/index.js, the @vscode/test-electron format)
 * inside code-server = VS Code 1.139.1, the way VS Code's own browser integration tests do: the web workbench gets
 * extensionDevelopmentPath and extensionTestsPath in its URL payload, the extension host loads the suite, and the
 * workbench calls window.codeAutomationExit(code) when run() settles. Exit code 0 = all tests passed.
 *
 * usage: node test/vscode/runCodeServer.mjs [--verbose] [--grep PATTERN] [--screenshot FILE] [--timeout SECONDS] [--untrusted] [--vsix FILE]
 *   --untrusted: workspace trust stays on, so the folder opens in Restricted Mode (runs the 'workspace trust' suite)
 *   --vsix: install the packaged extension into code-server and test the installed copy (its folder under the
 *           extensions folder is the development path), so the suite sees exactly the files the package ships
 * Needs `npm run build` and `node test/vscode/build.mjs` first (test/vscode/run.mjs does both).
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { format, parseArgs } from 'node:util';
import { launchChromium } from './harness/browser.mjs';
import { repoRoot, startCodeServer, workbenchUrl } from './harness/codeServer.mjs';
import { prepareWorkspace } from './harness/workspace.mjs';

const { values: args } = parseArgs({
  options: {
    verbose: { type: 'boolean', default: false },
    grep: { type: 'string' },
    screenshot: { type: 'string' },
    timeout: { type: 'string', default: '600' },
    untrusted: { type: 'boolean', default: false },
    vsix: { type: 'string' },
  },
});
const started = Date.now();
const log = (...parts) => console.log(`[code-server tests ${((Date.now() - started) / 1000).toFixed(1)}s]`, ...parts);

const suite = path.join(repoRoot, 'out', 'test', 'vscode', 'suite', 'index.js');
for (const file of [suite, path.join(repoRoot, 'dist', 'extension.js')]) {
  if (!existsSync(file)) {
    console.error(
      `missing ${path.relative(repoRoot, file)}: run \`npm run build && node test/vscode/build.mjs\` first`,
    );
    process.exit(2);
  }
}

const workspace = prepareWorkspace();
if (args.grep) process.env.LOOK_TWICE_TEST_GREP = args.grep;
const server = await startCodeServer({
  smokeTestDriver: true,
  workspaceTrust: args.untrusted,
  installExtensions: args.vsix ? [path.resolve(args.vsix)] : [],
  verbose: args.verbose,
});
log(`code-server ${server.url} (pid ${server.process.pid}), workspace ${workspace.folder}`);

let exitCode = null;
let browser;
try {
  const extensionPath = args.vsix ? server.installed[0] : repoRoot;
  if (args.vsix) log(`testing the installed extension in ${extensionPath}`);
  browser = await launchChromium(server.tools.chromium);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  let finish;
  const finished = new Promise((resolve) => {
    finish = resolve;
  });
  // The workbench forwards extension-host console output here; mocha's spec reporter uses printf-style arguments.
  // Workbench warnings and errors (offline gallery, GitHub auth, ...) are noise unless --verbose or they are ours.
  await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
    const parts = logArgs ?? [];
    const text = format(...parts);
    const styled = typeof parts[0] === 'string' && parts[0].startsWith('%c');
    const chatter =
      /^(Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin|\[(AgentHost|AccountPolicyGate|reconnection-grace-time|Service Worker)[^\]]*\])/.test(
        text,
      );
    const noise = styled || chatter || ((type === 'warn' || type === 'error') && !/look-?twice/i.test(text));
    if (!noise) console.log(text);
    else if (args.verbose) console.log(`[workbench ${type}]`, text);
  });
  await page.exposeFunction('codeAutomationExit', (code) => {
    exitCode = code;
    finish();
  });
  page.on('pageerror', (error) => {
    if (args.verbose) log('pageerror', error.message);
  });
  if (args.verbose) page.on('console', (message) => console.log(`[browser ${message.type()}]`, message.text()));

  await page.goto(
    workbenchUrl(server.port, {
      folder: workspace.folder,
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: suite,
    }),
  );
  const timeoutMs = Number(args.timeout) * 1000;
  const timer = setTimeout(() => {
    log(`TIMEOUT after ${args.timeout} s`);
    finish();
  }, timeoutMs);
  await finished;
  clearTimeout(timer);
  if (args.screenshot) {
    mkdirSync(path.dirname(path.resolve(args.screenshot)), { recursive: true });
    await page.screenshot({ path: args.screenshot }).catch(() => {});
  }
} catch (error) {
  console.error(error);
  exitCode = exitCode ?? 3;
} finally {
  await browser?.close().catch(() => {});
  await server.stop();
  workspace.remove();
}
const code = exitCode === null ? 2 : exitCode;
log(`finished with exit code ${code}`);
process.exit(code);
