/**
 * `npm start`: the sample notebooks with the extension loaded from this working tree, in one command.
 *   - desktop VS Code when the `code` command exists: `code --extensionDevelopmentPath=<repo> notebooks/`
 *   - otherwise code-server (VS Code 1.139.1 in the browser, installed on first use into test/tools/) on
 *     127.0.0.1, printing the URL to open; Ctrl+C stops it. Settings persist in .cache/code-server/.
 * usage: npm start [-- --port 8080] [-- --code-server]   (--code-server: use code-server even if `code` exists)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, repoRoot, startCodeServer, workbenchUrl } from '../../test/vscode/harness/codeServer.mjs';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    'code-server': { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
  },
});
const notebooks = path.join(repoRoot, 'notebooks');

const build = spawnSync(process.execPath, ['esbuild.config.mjs'], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
if (!existsSync(path.join(repoRoot, 'dist', 'kernel.js'))) {
  console.error('start: dist/kernel.js was not built (src/kernel/main.ts missing?)');
  process.exit(1);
}

const hasCode = !args['code-server'] && spawnSync('sh', ['-c', 'command -v code'], { stdio: 'ignore' }).status === 0;
if (hasCode) {
  const result = spawnSync('code', ['--new-window', `--extensionDevelopmentPath=${repoRoot}`, notebooks], {
    stdio: 'inherit',
  });
  if (result.status === 0) console.log(`Opened ${notebooks} in VS Code with Look Twice loaded from ${repoRoot}.`);
  process.exit(result.status ?? 1);
}

async function portToUse() {
  if (args.port) return Number(args.port);
  // 8080 when free, else any free port
  const probe = await globalThis.fetch('http://127.0.0.1:8080/').then(
    () => true,
    () => false,
  );
  return probe ? freePort() : 8080;
}

const stateDir = path.join(repoRoot, '.cache', 'code-server');
mkdirSync(stateDir, { recursive: true });
console.log(
  'start: no `code` command; starting code-server (the first run installs it into test/tools/, a few minutes)',
);
const server = await startCodeServer({
  smokeTestDriver: true,
  port: await portToUse(),
  stateDir,
  verbose: args.verbose,
});
const url = workbenchUrl(server.port, { folder: notebooks, extensionDevelopmentPath: repoRoot });
console.log(`\nLook Twice is running in code-server (VS Code 1.139.1). Open this URL in a browser:\n\n  ${url}\n`);
console.log('The URL loads the extension from this working tree (the window title says [Extension Development Host]).');
console.log('Ctrl+C stops the server.');
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.process.on('exit', (code) => {
  console.error(`code-server exited (${code})`);
  process.exit(1);
});
