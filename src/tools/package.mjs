/**
 * `npm run package`: look-twice-<platform>.vsix with @vscode/vsce, installable into VS Code >= 1.90 and code-server.
 * The kernel transforms cells with esbuild and the Jupyter front door uses zeromq, whose native binaries are
 * platform-specific, so the package is marked with the build machine's target (linux-x64, darwin-arm64,
 * win32-x64, ...): build one per platform.
 * Contents: the allow-list in vsixContents.mjs, nothing else. Fails if a pattern there matches no file (a
 * dependency moved its files) or if the .vsix exceeds VSIX_SIZE_CAP. Prints what ships, group by group.
 * usage: npm run package [-- --out FILE]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { currentTarget, ignoreFileText, VSIX_SIZE_CAP, vsixContents } from './vsixContents.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const target = `${process.platform}-${process.arch}`;
const { values: args } = parseArgs({ options: { out: { type: 'string', default: `look-twice-${target}.vsix` } } });
const out = path.resolve(root, args.out);
// vsce's own zip reader and glob matcher, so that the check below matches patterns exactly as vsce did.
const fromVsce = createRequire(path.join(root, 'node_modules', '@vscode', 'vsce', 'package.json'));
const yauzl = fromVsce('yauzl');
const { minimatch } = fromVsce('minimatch');

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

/** Every file in the zip with its compressed size. */
function zipEntries(file) {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: false, autoClose: true }, (error, zip) => {
      if (error) return reject(error);
      const entries = [];
      zip.on('entry', (entry) =>
        entries.push({ name: entry.fileName, compressed: entry.compressedSize, size: entry.uncompressedSize }),
      );
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
    });
  });
}

const megabytes = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

run(process.execPath, ['esbuild.config.mjs', '--production', '--types']);

const groups = vsixContents(root, currentTarget());
const scratch = mkdtempSync(path.join(os.tmpdir(), 'look-twice-package-'));
const ignoreFile = path.join(scratch, 'vscodeignore');
writeFileSync(ignoreFile, ignoreFileText(groups));
// No public repository URL: README's relative links (BENCHMARKS.md, src/...) stay relative inside the package instead of
// failing the build (vsce cannot rewrite them to a repository it cannot detect).
run(process.execPath, [
  path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'),
  'package',
  '--target',
  target,
  '--skip-license',
  '--allow-missing-repository',
  '--no-rewrite-relative-links',
  '--ignoreFile',
  ignoreFile,
  '--out',
  out,
]);
rmSync(scratch, { recursive: true, force: true });

// Files of the extension sit under extension/ in the zip; the rest is the VSIX manifest.
const files = (await zipEntries(out))
  .filter((e) => e.name.startsWith('extension/'))
  .map((e) => ({ ...e, name: e.name.slice('extension/'.length) }));
const matches = (file, pattern) =>
  minimatch(file, pattern, { dot: true }) || minimatch(file, `${pattern}/**`, { dot: true });
const unused = groups
  .flatMap((g) => g.patterns)
  .filter((p) => !p.includes('LICENSE') && !files.some((f) => matches(f.name, p)));
if (unused.length > 0)
  fail(
    `these patterns in src/tools/vsixContents.mjs match no file (did a dependency move its files?):\n  ${unused.join('\n  ')}`,
  );

console.log('\n| what ships | files | unpacked | in the .vsix |\n|---|---:|---:|---:|');
for (const group of groups) {
  const own = files.filter((f) => group.patterns.some((p) => matches(f.name, p)));
  const sum = (key) => own.reduce((total, f) => total + f[key], 0);
  console.log(`| ${group.what} | ${own.length} | ${megabytes(sum('size'))} | ${megabytes(sum('compressed'))} |`);
}
const bytes = statSync(out).size;
console.log(
  `| **total** (.vsix) | ${files.length} | ${megabytes(files.reduce((t, f) => t + f.size, 0))} | ${megabytes(bytes)} |\n`,
);
if (bytes > VSIX_SIZE_CAP)
  fail(
    `${out} is ${megabytes(bytes)}, over the ${megabytes(VSIX_SIZE_CAP)} cap (VSIX_SIZE_CAP in src/tools/vsixContents.mjs)`,
  );
console.log(`package: ${out} (install: code --install-extension FILE, or code-server --install-extension FILE)`);
