/**
 * code-server for the real-VS-Code tests and `npm start`: VS Code 1.139.1 served to a browser, with the real
 * Node extension host, notebooks and webviews, offline. Installs the test tools on first use (test/tools/install.sh),
 * starts a server on 127.0.0.1 with private user-data, extensions and XDG folders, and stops it again.
 *
 * Test mode (`smokeTestDriver`) lets the web workbench accept the URL `payload` with extensionDevelopmentPath and
 * extensionTestsPath, and call window.codeAutomationExit when the tests end (VS Code's own browser harness does this).
 */
import { execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../../..');
export const toolsDir = path.join(repoRoot, 'test', 'tools');
export const host = '127.0.0.1';

/** Runs test/tools/install.sh (a no-op once installed) and returns the tool paths it prints. */
export function installTools() {
  const out = execFileSync('bash', [path.join(toolsDir, 'install.sh')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  const paths = Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((line) => line.split('=', 2)),
  );
  for (const key of ['NODE24', 'CODE_SERVER', 'CHROMIUM']) {
    if (!paths[key]) throw new Error(`test/tools/install.sh did not print ${key}=...; got:\n${out}`);
  }
  return { node24: paths.NODE24, codeServer: paths.CODE_SERVER, chromium: paths.CHROMIUM };
}

/**
 * Installs `vsix` into `extensionsDir` with code-server's own installer (what a user's `--install-extension`
 * does) and returns the folder it unpacked the extension into (publisher.name-version[-target]). code-server
 * runs on the test tools' Node 24 (`env`: startCodeServer's, or PATH with it first).
 */
export function installVsix(
  tools,
  vsix,
  extensionsDir,
  env = { ...process.env, PATH: `${path.dirname(tools.node24)}:${process.env.PATH}` },
) {
  mkdirSync(extensionsDir, { recursive: true });
  execFileSync(
    tools.codeServer,
    ['--extensions-dir', extensionsDir, '--install-extension', path.resolve(vsix), '--force'],
    { env, stdio: 'pipe' },
  );
  const folders = readdirSync(extensionsDir).filter((name) => name.startsWith('look-twice.look-twice-'));
  if (folders.length !== 1)
    throw new Error(
      `expected one installed look-twice extension in ${extensionsDir}, found: ${folders.join(', ') || 'none'}`,
    );
  return path.join(extensionsDir, folders[0]);
}

/** A free TCP port on 127.0.0.1, so that several runs (and several engineers) never collide. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** `vscode-remote://` URI of a path on the server, as the workbench payload wants it. */
export function remoteUri(port, absolutePath) {
  return `vscode-remote://${host}:${port}${absolutePath}`;
}

/** Workbench URL opening `folder`, with an optional development extension and test module. */
export function workbenchUrl(port, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  let url = `http://${host}:${port}/?folder=${encodeURIComponent(folder)}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remoteUri(port, extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remoteUri(port, extensionTestsPath)]);
  if (payload.length > 0) {
    payload.push(['skipWelcome', 'true']);
    url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }
  return url;
}

/**
 * Starts code-server and waits until it answers /healthz.
 * @param {object} options
 * @param {boolean} [options.smokeTestDriver] accept the test payload and report the exit code (tests)
 * @param {boolean} [options.workspaceTrust] keep workspace trust on: folders open in Restricted Mode
 * @param {string[]} [options.installExtensions] .vsix files installed into the private extensions folder first
 *   (`installed` in the result: their folders)
 * @param {Record<string, unknown>} [options.settings] user settings added to test/vscode/harness/settings.json
 * @param {string} [options.stateDir] where user data lives (default: a fresh temporary folder, removed on stop)
 * @param {number} [options.port]
 * @param {boolean} [options.verbose] echo the server's output
 */
export async function startCodeServer(options = {}) {
  const tools = installTools();
  const port = options.port ?? (await freePort());
  const ownState = !options.stateDir;
  const state = options.stateDir ?? mkdtempSync(path.join(tmpdir(), 'look-twice-code-server-'));
  const userData = path.join(state, 'user-data');
  const extensions = path.join(state, 'extensions');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  copyFileSync(path.join(here, 'settings.json'), path.join(userData, 'User', 'settings.json'));
  const settings = {
    ...options.settings,
    ...(options.workspaceTrust
      ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' }
      : {}),
  };
  if (Object.keys(settings).length > 0) {
    const file = path.join(userData, 'User', 'settings.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), ...settings }, null, 2));
  }
  const env = {
    ...process.env,
    PATH: `${path.dirname(tools.node24)}:${process.env.PATH}`,
    // code-server writes ~/.config/code-server and ~/.local/share/code-server otherwise
    XDG_CONFIG_HOME: path.join(state, 'xdg-config'),
    XDG_DATA_HOME: path.join(state, 'xdg-data'),
    XDG_CACHE_HOME: path.join(state, 'xdg-cache'),
    // keep any marketplace look-up on loopback: the machine is offline and a look-up would only wait
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: `http://${host}:9/gallery`, itemUrl: `http://${host}:9/item` }),
  };
  delete env.VSCODE_IPC_HOOK_CLI;
  const common = ['--user-data-dir', userData, '--extensions-dir', extensions];
  const installed = (options.installExtensions ?? []).map((vsix) => installVsix(tools, vsix, extensions, env));
  const args = [
    '--auth',
    'none',
    '--bind-addr',
    `${host}:${port}`,
    ...common,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  if (!options.workspaceTrust) args.push('--disable-workspace-trust');
  if (options.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  const server = spawn(tools.codeServer, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const onData = (chunk) => {
    output += chunk;
    if (options.verbose) process.stderr.write(`[code-server] ${chunk}`);
  };
  server.stdout.on('data', onData);
  server.stderr.on('data', onData);
  const exited = new Promise((resolve) => server.once('exit', resolve));

  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      // the server's own children (extension host, kernels) are in its process group
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-server.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    }
    if (ownState) rmSync(state, { recursive: true, force: true });
  };

  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      const response = await globalThis.fetch(`http://${host}:${port}/healthz`);
      if (response.ok) break;
    } catch {
      /* not listening yet */
    }
    if (server.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not start on port ${port}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { port, url: `http://${host}:${port}`, tools, state, installed, process: server, output: () => output, stop };
}
