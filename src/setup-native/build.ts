/**
 * Building tfjs-node's N-API addon in a staging folder against the libraries of a TensorFlow wheel:
 *   1. the tfjs-node package from `npm pack` (its install script, which downloads libtensorflow, never runs);
 *   2. its runtime dependencies by `npm install --ignore-scripts`, except @tensorflow/tfjs and
 *      tfjs-core, which become symlinks to the project's copies (one tfjs engine for everybody);
 *   3. libtensorflow_cc.so.2 + libtensorflow_framework.so.2 and the C API headers from the wheel into
 *      deps/, under the names binding.gyp links (-ltensorflow -ltensorflow_framework, rpath $ORIGIN/../../deps/lib);
 *   4. the C API symbol check, then node-pre-gyp --build-from-source with Node's own headers.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { SetupError } from './errors';
import { checkElf, definedSymbols, requiredSymbols } from './symbols';
import { extractEntry, listZip } from './zip';

export type Log = (line: string) => void;

function run(
  command: string,
  args: string[],
  cwd: string,
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
): SpawnSyncReturns<string> {
  log(`$ ${command} ${args.join(' ')}   (in ${cwd})`);
  return spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function tail(r: SpawnSyncReturns<string>, lines = 6): string {
  return `${r.stdout ?? ''}\n${r.stderr ?? ''}`
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-lines)
    .join('\n    ');
}

/** Checks the tools the build needs, each with its own message. */
export function checkToolchain(): { nodeGyp: string; nodeDir: string } {
  for (const [tool, args, fix] of [
    ['g++', ['--version'], 'install a C++ compiler (Debian: apt-get install g++ make, or build-essential)'],
    ['make', ['--version'], 'install make (Debian: apt-get install make)'],
    ['python3', ['--version'], 'node-gyp needs Python 3 (Debian: apt-get install python3)'],
  ] as const) {
    const r = spawnSync(tool, [...args], { encoding: 'utf8' });
    if (r.error || r.status !== 0)
      throw new SetupError(
        'compiler missing',
        `${tool} is not available (${r.error?.message ?? `exit ${r.status}`})`,
        fix,
      );
  }
  const npmGyp = process.env.npm_config_node_gyp;
  const globalRoot = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' }).stdout?.trim() ?? '';
  const candidates = [
    npmGyp,
    join(globalRoot, 'npm/node_modules/node-gyp/bin/node-gyp.js'),
    join(dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'),
  ];
  const nodeGyp = candidates.find((c): c is string => !!c && existsSync(c));
  if (!nodeGyp)
    throw new SetupError(
      'compiler missing',
      "node-gyp not found (neither $npm_config_node_gyp nor npm's bundled copy)",
      'run through npm (npm run setup:native), or npm install -g node-gyp',
    );
  // Node's headers: node-gyp would otherwise download them, which fails offline.
  const dirs = [process.env.npm_config_nodedir, dirname(dirname(process.execPath)), '/usr', '/usr/local'];
  const nodeDir = dirs.find(
    (d): d is string =>
      !!d && existsSync(join(d, 'include/node/node_api.h')) && existsSync(join(d, 'include/node/common.gypi')),
  );
  if (!nodeDir)
    throw new SetupError(
      'compiler missing',
      `Node's C headers (include/node/node_api.h) are not in ${dirs.filter(Boolean).join(', ')}`,
      'install them (Debian: apt-get install libnode-dev, or nodejs from nodesource), or set npm_config_nodedir to an unpacked node-headers folder',
    );
  return { nodeGyp, nodeDir };
}

/** `npm pack` of tfjs-node into `npmDir` (kept: a re-run needs no registry). */
export function packTfjsNode(npmDir: string, version: string, log: Log): string {
  const tarball = join(npmDir, `tensorflow-tfjs-node-${version}.tgz`);
  if (existsSync(tarball)) return tarball;
  mkdirSync(npmDir, { recursive: true });
  const r = run(
    'npm',
    ['pack', `@tensorflow/tfjs-node@${version}`, '--pack-destination', npmDir, '--silent'],
    npmDir,
    log,
  );
  if (r.status !== 0 || !existsSync(tarball))
    throw new SetupError(
      'no package',
      `npm pack @tensorflow/tfjs-node@${version} failed:\n    ${tail(r)}`,
      'check that npm reaches its registry (npm ping), or copy the tarball to ' + tarball,
    );
  return tarball;
}

/** Unpacks tfjs-node, installs its runtime dependencies and links the project's tfjs into `stage`. */
export function stagePackage(stage: string, tarball: string, projectModules: string, log: Log): string {
  const pkgDir = join(stage, 'node_modules/@tensorflow/tfjs-node');
  const tmp = join(stage, 'unpack');
  mkdirSync(tmp, { recursive: true });
  const untar = run('tar', ['xzf', tarball, '-C', tmp], stage, log);
  if (untar.status !== 0)
    throw new SetupError('no package', `cannot unpack ${tarball}: ${tail(untar)}`, `delete ${tarball} and re-run`);
  const pkg = JSON.parse(readFileSync(join(tmp, 'package/package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const deps = Object.fromEntries(
    Object.entries(pkg.dependencies).filter(([name]) => !name.startsWith('@tensorflow/')),
  );
  writeFileSync(
    join(stage, 'package.json'),
    JSON.stringify({ name: 'look-twice-native-build', private: true, dependencies: deps }, null, 2),
  );
  const install = run(
    'npm',
    ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', '--omit=dev', '--loglevel=error'],
    stage,
    log,
  );
  if (install.status !== 0)
    throw new SetupError(
      'no package',
      `npm install of tfjs-node's dependencies failed:\n    ${tail(install)}`,
      'check that npm reaches its registry (npm ping)',
    );
  // After npm install: npm would prune a package it did not install itself.
  mkdirSync(dirname(pkgDir), { recursive: true });
  const move = run('mv', [join(tmp, 'package'), pkgDir], stage, log);
  if (move.status !== 0)
    throw new SetupError(
      'no package',
      `cannot move the unpacked package: ${tail(move)}`,
      'check disk space and permissions',
    );
  rmSync(tmp, { recursive: true, force: true });
  for (const name of ['tfjs', 'tfjs-core']) {
    const target = join(projectModules, '@tensorflow', name);
    if (!existsSync(join(target, 'package.json')))
      throw new SetupError('no package', `${target} is missing`, 'run npm install in the project first');
    const version = (JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')) as { version: string }).version;
    const wanted = pkg.dependencies['@tensorflow/tfjs'];
    if (version !== wanted)
      throw new SetupError(
        'wrong version',
        `the project has @tensorflow/${name} ${version}, tfjs-node needs ${wanted}`,
        'align the versions in package.json',
      );
    symlinkSync(realpathSync(target), join(stage, 'node_modules/@tensorflow', name), 'dir');
  }
  return pkgDir;
}

/** The wheel members tfjs-node needs: two libraries and the C API headers (with what they include). */
export const WHEEL_MEMBERS = {
  libraries: ['tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2'],
  headerPrefixes: [
    'tensorflow/include/tensorflow/c/',
    'tensorflow/include/tensorflow/core/platform/',
    'tensorflow/include/tsl/',
    'tensorflow/include/xla/tsl/',
  ],
};

/** Extracts the libraries and headers into `<pkgDir>/deps`, checks ELF and C API symbols. */
export async function extractDeps(
  wheel: string,
  pkgDir: string,
  log: Log,
): Promise<{ library: string; symbols: number }> {
  const entries = await listZip(wheel);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const lib = join(pkgDir, 'deps/lib');
  const include = join(pkgDir, 'deps/include');
  for (const member of WHEEL_MEMBERS.libraries) {
    const entry = byName.get(member);
    if (!entry)
      throw new SetupError(
        'missing symbols',
        `${wheel} has no ${member}`,
        'use a tensorflow-cpu 2.x wheel for Linux (it ships libtensorflow_cc.so.2)',
      );
    log(`extracting ${member} (${(entry.size / 2 ** 20).toFixed(0)} MiB)`);
    await extractEntry(wheel, entry, join(lib, member.slice('tensorflow/'.length)));
  }
  const headers = entries.filter(
    (e) => !e.name.endsWith('/') && WHEEL_MEMBERS.headerPrefixes.some((p) => e.name.startsWith(p)),
  );
  if (!headers.some((e) => e.name.endsWith('tensorflow/c/c_api.h')))
    throw new SetupError(
      'missing symbols',
      `${wheel} has no C API headers (tensorflow/include/tensorflow/c/c_api.h)`,
      'use a tensorflow-cpu 2.x wheel',
    );
  log(`extracting ${headers.length} header files`);
  for (const entry of headers)
    await extractEntry(wheel, entry, join(include, entry.name.slice('tensorflow/include/'.length)));
  const cc = join(lib, 'libtensorflow_cc.so.2');
  const framework = join(lib, 'libtensorflow_framework.so.2');
  await checkElf(cc);
  await checkElf(framework);
  const needed = requiredSymbols(join(pkgDir, 'binding'), include);
  const defined = definedSymbols([cc, framework]);
  const missing = needed.filter((s) => !defined.has(s));
  if (missing.length > 0) {
    throw new SetupError(
      'missing symbols',
      `the wheel's libraries lack ${missing.length} of the ${needed.length} C API functions tfjs-node calls: ${missing.slice(0, 8).join(', ')}${missing.length > 8 ? ', ...' : ''}`,
      'use another tensorflow-cpu release (2.9 to 2.21 are known to export the C API from libtensorflow_cc.so.2)',
    );
  }
  log(`C API check: all ${needed.length} functions the binding calls are exported`);
  symlinkSync('libtensorflow_cc.so.2', join(lib, 'libtensorflow.so'));
  symlinkSync('libtensorflow_framework.so.2', join(lib, 'libtensorflow_framework.so'));
  return { library: cc, symbols: needed.length };
}

/** Compiles the addon with node-pre-gyp (node-gyp + g++), against Node's headers in `nodeDir`. */
export function compileAddon(pkgDir: string, toolchain: { nodeGyp: string; nodeDir: string }, log: Log): string {
  const preGyp = join(pkgDir, '../../@mapbox/node-pre-gyp/bin/node-pre-gyp');
  const env = { ...process.env, npm_config_node_gyp: toolchain.nodeGyp, JOBS: '2' };
  const r = run(
    process.execPath,
    [preGyp, 'install', '--build-from-source', `--nodedir=${toolchain.nodeDir}`],
    pkgDir,
    log,
    env,
  );
  if (r.status !== 0) {
    const text = `${r.stdout}\n${r.stderr}`;
    const category = /g\+\+: not found|c\+\+: not found|make: not found|No such file or directory.*(g\+\+|make)/.test(
      text,
    )
      ? 'compiler missing'
      : 'build failed';
    throw new SetupError(
      category,
      `node-pre-gyp --build-from-source failed:\n    ${tail(r, 12)}`,
      category === 'compiler missing' ? 'install g++ and make' : 'see the compiler output above',
    );
  }
  const napiDirs = readdirSync(join(pkgDir, 'lib')).filter((d) => d.startsWith('napi-v'));
  const addon = napiDirs.map((d) => join(pkgDir, 'lib', d, 'tfjs_binding.node')).find((p) => existsSync(p));
  if (!addon)
    throw new SetupError(
      'build failed',
      `no tfjs_binding.node under ${join(pkgDir, 'lib')} after the build`,
      'see the compiler output above',
    );
  // The headers were only needed to compile; the build files (build/) only to link.
  rmSync(join(pkgDir, 'deps/include'), { recursive: true, force: true });
  rmSync(join(pkgDir, 'build'), { recursive: true, force: true });
  return addon;
}
