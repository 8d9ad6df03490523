/**
 * The same integration suite on desktop VS Code (Electron) through @vscode/test-electron. It downloads VS Code
 * unless VSCODE_EXECUTABLE names an installed one; on headless Linux, run it under `xvfb-run -a`.
 * This machine cannot download VS Code (no route to the update server): test/vscode/run.mjs runs this only
 * when VSCODE_EXECUTABLE is set or LOOK_TWICE_TEST_ELECTRON=1, and code-server otherwise.
 * usage: node test/vscode/runElectron.mjs [--grep PATTERN]
 */
import { runTests } from '@vscode/test-electron';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './harness/codeServer.mjs';
import { prepareWorkspace } from './harness/workspace.mjs';

const { values: args } = parseArgs({ options: { grep: { type: 'string' } } });
const workspace = prepareWorkspace();
const userData = mkdtempSync(path.join(tmpdir(), 'look-twice-electron-user-'));
let code = 0;
try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'vscode', 'suite', 'index.js'),
    extensionTestsEnv: args.grep ? { LOOK_TWICE_TEST_GREP: args.grep } : {},
    launchArgs: [
      workspace.folder,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir',
      userData,
    ],
  });
} catch (error) {
  console.error(
    `integration tests on desktop VS Code failed or could not start: ${error instanceof Error ? error.message : error}`,
  );
  code = 1;
} finally {
  workspace.remove();
  rmSync(userData, { recursive: true, force: true });
}
process.exit(code);
