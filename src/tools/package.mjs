/**
 * `npm run package`: look-twice-<platform>.vsix with @vscode/vsce, installable into VS Code >= 1.90 and code-server.
 * The kernel transforms cells with esbuild, whose native binary is platform-specific, so the package is marked
 * with the build machine's target (linux-x64, darwin-arm64, win32-x64, ...): build one per platform.
 * Contents: package.json `files` (dist, media, notebooks) plus the production node_modules.
 * usage: npm run package [-- --out FILE]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const target = `${process.platform}-${process.arch}`;
const { values: args } = parseArgs({ options: { out: { type: 'string', default: `look-twice-${target}.vsix` } } });

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(process.execPath, ['esbuild.config.mjs', '--production', '--types']);
// No public repository URL: README's relative links (BENCHMARKS.md, src/...) stay relative inside the package instead of
// failing the build (vsce cannot rewrite them to a repository it cannot detect).
const vsceArgs = ['package', '--target', target, '--skip-license', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', args.out];
const notebooks = path.join(root, 'notebooks');
if (!existsSync(notebooks) || readdirSync(notebooks).length === 0) {
  console.warn('package: notebooks/ is empty; packaging without sample notebooks');
  vsceArgs.push('--allow-unused-files-pattern');
}
run(process.execPath, [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), ...vsceArgs]);
console.log(`package: ${path.resolve(root, args.out)} (install: code --install-extension FILE, or code-server --install-extension FILE)`);
