/**
 * extensionTestsPath of the integration suite: VS Code's extension host require()s this file and awaits run();
 * resolving exits the host with 0, rejecting with 1 (the @vscode/test-electron contract, also used by code-server).
 * LOOK_TWICE_TEST_GREP selects tests by title.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    reporter: 'spec',
    timeout: 180_000,
    grep: process.env.LOOK_TWICE_TEST_GREP,
  });
  const files = readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`integration: ${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} integration tests failed`));
      else resolve();
    });
  });
}
