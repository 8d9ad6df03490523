/**
 * `npm run setup:native [-- options]`: makes the native backend (@tensorflow/tfjs-node) usable
 * without its install script's download of libtensorflow, from a TensorFlow CPU wheel that the
 * user's own pip can fetch (or that they pass). The build happens in a staging folder and is
 * published (an atomic symlink swap, see src/simclr/backend/native/nativeBuild.ts) only after a child
 * process loaded it, ran a matMul and a conv2d on it and saw backend 'tensorflow'. So a failed or
 * interrupted run never leaves a half-built addon where the loader would find it.
 *
 * Options: --wheel FILE (or $LOOK_TWICE_TF_WHEEL)   use this wheel instead of `pip download`
 *          --spec SPEC   what pip downloads (default tensorflow-cpu; e.g. tensorflow-cpu==2.21.0)
 *          --verify-with BIN   also load the build with this Node/Electron binary (repeatable)
 *          --force       rebuild even if the current build matches
 * Cache folder: $LOOK_TWICE_NATIVE_DIR, else <project>/.look-twice-native.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  readdirSync,
} from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import {
  MANIFEST_NAME,
  TFJS_NODE_VERSION,
  currentRuntime,
  nativeCacheDir,
  readCurrentBuild,
  type NativeManifest,
  type VerifiedRuntime,
} from '../simclr/backend/native/nativeBuild';
import { probeNativeBuild } from '../simclr/backend/native/nativeProbe';
import { checkToolchain, compileAddon, extractDeps, packTfjsNode, stagePackage } from './build';
import { SetupError } from './errors';
import { cachedWheel, checkWheel, pipDownload } from './wheel';

const root = resolve(__dirname, '../..');
const started = Date.now();
const log = (line: string): void => console.log(`setup:native: ${line}`);

interface Options {
  wheel?: string;
  spec: string;
  verifyWith: string[];
  force: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    wheel: process.env.LOOK_TWICE_TF_WHEEL || undefined,
    spec: 'tensorflow-cpu',
    verifyWith: [],
    force: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined)
        throw new SetupError('usage', `${arg} needs a value`, 'see the header of src/setup-native/main.ts');
      return v;
    };
    if (arg === '--wheel') options.wheel = resolve(value());
    else if (arg === '--spec') options.spec = value();
    else if (arg === '--verify-with') options.verifyWith.push(resolve(value()));
    else if (arg === '--force') options.force = true;
    else
      throw new SetupError(
        'usage',
        `unknown option ${arg}`,
        'options: --wheel FILE, --spec SPEC, --verify-with BIN, --force',
      );
  }
  return options;
}

/** Builds of different wheels / Node ABIs get different folders. */
function buildKey(wheel: string): string {
  const id = `${basename(wheel)}:${statSync(wheel).size}:${TFJS_NODE_VERSION}:${process.platform}-${process.arch}:napi${process.versions.napi}`;
  return createHash('sha256').update(id).digest('hex').slice(0, 12);
}

/** One setup at a time per cache folder (mkdir is atomic); a lock left by a dead process is taken over. */
function lock(cacheDir: string): () => void {
  const dir = join(cacheDir, 'setup.lock');
  try {
    mkdirSync(dir);
  } catch {
    const pid = Number(readFileSync(join(dir, 'pid'), 'utf8').trim() || 0);
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = pid > 0;
    } catch {
      alive = false;
    }
    if (alive)
      throw new SetupError(
        'busy',
        `another setup:native (pid ${pid}) is running on ${cacheDir}`,
        'wait for it to finish',
      );
    log(`taking over the lock of finished process ${pid}`);
  }
  writeFileSync(join(dir, 'pid'), String(process.pid));
  return () => rmSync(dir, { recursive: true, force: true });
}

function tfjsEntry(): string {
  return require.resolve('@tensorflow/tfjs', { paths: [root] });
}

/** Loads the build in a child of each runtime; throws on the first failure of this Node. */
function verify(
  packageDir: string,
  extra: string[],
): { tfVersion: string; libraries: string[]; verified: VerifiedRuntime[] } {
  const mine = probeNativeBuild({ packageDir, tfjsEntry: tfjsEntry() });
  if (!mine.ok)
    throw new SetupError(
      'load failed',
      `the built addon does not load in ${process.execPath}: ${mine.reason}`,
      'see the message; re-run with --force after fixing it',
    );
  const verified: VerifiedRuntime[] = [currentRuntime()];
  for (const execPath of extra) {
    const other = probeNativeBuild({ execPath, packageDir, tfjsEntry: tfjsEntry() });
    if (other.ok) {
      verified.push({
        execPath,
        node: other.node,
        modules: other.modules,
        ...(other.electron ? { electron: other.electron } : {}),
      });
      log(`loads under ${execPath} too (Node ${other.node}${other.electron ? `, Electron ${other.electron}` : ''})`);
    } else {
      log(`WARNING: does not load under ${execPath}: ${other.reason} (the kernel falls back to wasm there)`);
    }
  }
  return { tfVersion: mine.tfVersion, libraries: mine.libraries, verified };
}

/** Writes a manifest atomically (temporary file, then rename). */
function writeManifest(buildDir: string, manifest: NativeManifest): void {
  const path = join(buildDir, MANIFEST_NAME);
  writeFileSync(`${path}.tmp-${process.pid}`, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(`${path}.tmp-${process.pid}`, path);
}

/** Makes builds/<key> current: rename the staged build in, then swap the `current` symlink atomically. */
function publish(cacheDir: string, stage: string, key: string): string {
  const builds = join(cacheDir, 'builds');
  mkdirSync(builds, { recursive: true });
  const target = join(builds, key);
  if (existsSync(target)) renameSync(target, join(cacheDir, `trash-${process.pid}`));
  renameSync(stage, target);
  const link = join(cacheDir, `current.tmp-${process.pid}`);
  rmSync(link, { force: true });
  symlinkSync(relative(cacheDir, target), link, 'dir');
  renameSync(link, join(cacheDir, 'current'));
  for (const name of readdirSync(builds))
    if (name !== key) rmSync(join(builds, name), { recursive: true, force: true });
  rmSync(join(cacheDir, `trash-${process.pid}`), { recursive: true, force: true });
  return target;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const cacheDir = nativeCacheDir(root);
  mkdirSync(cacheDir, { recursive: true });
  const unlock = lock(cacheDir);
  try {
    for (const name of readdirSync(cacheDir)) {
      if (/^(staging|trash)-\d+$/.test(name)) rmSync(join(cacheDir, name), { recursive: true, force: true }); // left by an interrupted run
    }
    const current = readCurrentBuild(cacheDir);
    const wheelsDir = join(cacheDir, 'wheels');
    let wheel = options.wheel ?? cachedWheel(wheelsDir);
    if (
      current.found &&
      !options.force &&
      (!options.wheel || basename(options.wheel) === current.manifest.wheel.file)
    ) {
      try {
        const again = verify(current.packageDir, options.verifyWith);
        const known = current.manifest.verified;
        const added = again.verified.filter(
          (v) => !known.some((k) => k.execPath === v.execPath && k.node === v.node && k.modules === v.modules),
        );
        if (added.length > 0) writeManifest(current.buildDir, { ...current.manifest, verified: [...known, ...added] });
        log(
          `already built: TensorFlow ${again.tfVersion} from ${again.libraries[0] ?? current.manifest.library} (tfjs-node ${current.manifest.tfjsNodeVersion}); nothing to do (--force rebuilds)`,
        );
        return;
      } catch (error) {
        log(
          `the current build no longer loads (${error instanceof SetupError ? error.why : String(error)}); rebuilding`,
        );
      }
    }
    if (!wheel) {
      log(`no wheel given (--wheel FILE or $LOOK_TWICE_TF_WHEEL); asking pip for ${options.spec}`);
      mkdirSync(wheelsDir, { recursive: true });
      wheel = pipDownload(wheelsDir, options.spec, log);
    }
    const name = checkWheel(wheel);
    log(`wheel: ${wheel} (${name.distribution} ${name.version}, ${name.platformTags.join('.')})`);
    const toolchain = checkToolchain();
    log(`toolchain: node-gyp ${toolchain.nodeGyp}, Node headers in ${toolchain.nodeDir}`);
    const key = buildKey(wheel);
    const stage = join(cacheDir, `staging-${process.pid}`);
    mkdirSync(stage, { recursive: true });
    try {
      const tarball = packTfjsNode(join(cacheDir, 'npm'), TFJS_NODE_VERSION, log);
      const pkgDir = stagePackage(stage, tarball, join(root, 'node_modules'), log);
      const deps = await extractDeps(wheel, pkgDir, log);
      log(`compiling the addon (about 30 s)`);
      const addon = compileAddon(pkgDir, toolchain, log);
      log(`built ${relative(cacheDir, addon)}; loading it in a child process`);
      const result = verify(pkgDir, options.verifyWith);
      const manifest: NativeManifest = {
        schema: 1,
        key,
        tfjsNodeVersion: TFJS_NODE_VERSION,
        tfVersion: result.tfVersion,
        wheel: { file: basename(wheel), bytes: statSync(wheel).size },
        packageDir: relative(stage, pkgDir),
        library: relative(stage, deps.library),
        builtAt: new Date().toISOString(),
        verified: result.verified,
      };
      writeManifest(stage, manifest);
      const target = publish(cacheDir, stage, key);
      log(
        `OK: tfjs-node ${TFJS_NODE_VERSION} on TensorFlow ${result.tfVersion} (${join(target, manifest.library)}), published as ${join(cacheDir, 'current')} -> ${relative(cacheDir, target)} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
    } finally {
      rmSync(stage, { recursive: true, force: true });
    }
  } finally {
    unlock();
  }
}

main().catch((error: unknown) => {
  if (error instanceof SetupError) {
    console.error(`setup:native: FAILED (${error.category}): ${error.why}\nsetup:native: what to do: ${error.fix}`);
  } else {
    console.error(`setup:native: FAILED (unexpected): ${error instanceof Error ? error.stack : String(error)}`);
  }
  console.error('setup:native: nothing was published; the kernel keeps using the wasm backend.');
  process.exitCode = 1;
});
