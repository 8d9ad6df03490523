/**
 * A throw-away workspace folder for one test run: the fixture notebooks of test/vscode/fixtures/ and the sample
 * notebooks of notebooks/, copied so that executing and saving them never touches the repository.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './codeServer.mjs';

export function prepareWorkspace({ keep = false } = {}) {
  const folder = mkdtempSync(path.join(tmpdir(), 'look-twice-workspace-'));
  cpSync(path.join(repoRoot, 'test', 'vscode', 'fixtures'), folder, { recursive: true });
  const samples = path.join(repoRoot, 'notebooks');
  if (existsSync(samples)) {
    mkdirSync(path.join(folder, 'notebooks'), { recursive: true });
    cpSync(samples, path.join(folder, 'notebooks'), {
      recursive: true,
      filter: (src) => !src.includes('node_modules'),
    });
  }
  return {
    folder,
    remove: () => {
      if (!keep) rmSync(folder, { recursive: true, force: true });
    },
  };
}
