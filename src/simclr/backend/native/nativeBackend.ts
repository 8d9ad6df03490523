/**
 * Loading the native backend (`@tensorflow/tfjs-node`, TensorFlow's C library through N-API).
 * Preference: the build `npm run setup:native` made from a TensorFlow wheel (nativeBuild.ts: the
 * cache folder's `current` build), then a normally installed `@tensorflow/tfjs-node` in node_modules.
 * Any failure is caught and reported: a missing optional dependency throws MODULE_NOT_FOUND, an
 * install without its addon throws a plain Error, an addon built for another ABI throws on load.
 * A build is first loaded in a child process by each new runtime (another Node, VS Code's Electron),
 * so an addon that would crash the process cannot take the kernel down: it is reported instead.
 * Success means tfjs-node registered its 'tensorflow' backend into the library's own tfjs engine.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from '../../tf';
import { packageRoot } from '../../data/packageRoot';
import {
  MANIFEST_NAME,
  currentRuntime,
  isVerified,
  nativeCacheDir,
  readCurrentBuild,
  type NativeManifest,
} from './nativeBuild';
import { probeNativeBuild, shimRemovedUtil } from './nativeProbe';
import { applyTensorflowThreads, type TensorflowThreads } from './tensorflowThreads';

export type NativeLoad = { ok: true; detail: string } | { ok: false; reason: string };

/** The pools planned before the first load (later loads reuse the context, and the plan). */
let threadsAtLoad: TensorflowThreads | undefined;

const describeThreads = (t: TensorflowThreads) =>
  `TensorFlow threads: intra-op ${t.intraOp} (${t.source.intraOp}), inter-op ${t.interOp} (${t.source.interOp})`;

function firstLine(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}

/** The libtensorflow files mapped into this process (Linux /proc/self/maps), C API library first. */
export function loadedTensorflowLibraries(): string[] {
  try {
    const paths = readFileSync('/proc/self/maps', 'utf8')
      .split('\n')
      .map((line) => line.slice(line.indexOf('/')))
      .filter((path) => path.startsWith('/') && /libtensorflow/.test(path));
    return [...new Set(paths)].sort((a, b) => Number(/framework/.test(a)) - Number(/framework/.test(b)));
  } catch {
    return [];
  }
}

/** After tfjs-node was required: did it register into our engine, and which TensorFlow runs? */
function describeLoaded(origin: string): NativeLoad {
  if (!tf.findBackendFactory('tensorflow')) {
    return {
      ok: false,
      reason: `${origin} loaded but registered its 'tensorflow' backend into another @tensorflow/tfjs-core instance (a second copy of tfjs); the library's engine cannot use it`,
    };
  }
  const backend = tf.findBackend('tensorflow') as unknown as { binding?: { TF_Version?: string } } | null;
  const version = backend?.binding?.TF_Version ?? 'unknown version';
  const library = loadedTensorflowLibraries()[0] ?? 'an unknown path';
  return { ok: true, detail: `${origin}: TensorFlow ${version} from ${library}` };
}

/** Remembers that this runtime loaded the build (best effort; the folder may be read-only). */
function recordRuntime(buildDir: string, manifest: NativeManifest): void {
  try {
    const updated: NativeManifest = { ...manifest, verified: [...manifest.verified, currentRuntime()] };
    const path = join(buildDir, MANIFEST_NAME);
    writeFileSync(`${path}.tmp-${process.pid}`, `${JSON.stringify(updated, null, 2)}\n`);
    renameSync(`${path}.tmp-${process.pid}`, path);
  } catch {
    // Not recorded: the next start probes again (a second or two).
  }
}

/** Loads the setup:native build from the cache folder: ok, or why not (also when there is none). */
function loadCachedBuild(cacheDir: string): NativeLoad {
  const build = readCurrentBuild(cacheDir);
  if (!build.found) return { ok: false, reason: build.reason };
  const origin = `tfjs-node ${build.manifest.tfjsNodeVersion} built by setup:native (${build.buildDir})`;
  if (!isVerified(build.manifest, currentRuntime())) {
    const probe = probeNativeBuild({ packageDir: build.packageDir, tfjsEntry: require.resolve('@tensorflow/tfjs') });
    const runtime = `${process.execPath} (Node ${process.versions.node}${process.versions.electron ? `, Electron ${process.versions.electron}` : ''})`;
    if (!probe.ok) return { ok: false, reason: `${origin} does not load under ${runtime}: ${probe.reason}` };
    recordRuntime(build.buildDir, build.manifest);
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(build.packageDir);
  } catch (error) {
    return { ok: false, reason: `${origin} did not load: ${firstLine(error)}` };
  }
  return describeLoaded(origin);
}

/**
 * Makes tfjs-node's 'tensorflow' backend available to the library's tf engine (does not select it).
 * @returns ok with a detail naming the build and the libtensorflow file loaded, or why it failed:
 *   "tfjs-node did not load: <why the setup:native build did not>; <why node_modules' did not>".
 */
export function loadNativeBackend(): NativeLoad {
  shimRemovedUtil();
  // Before the first require: TensorFlow sizes its thread pools when the binding creates its context.
  threadsAtLoad ??= applyTensorflowThreads();
  const threads = threadsAtLoad;
  const failures: string[] = [];
  try {
    const cached = loadCachedBuild(nativeCacheDir(packageRoot()));
    if (cached.ok) return { ok: true, detail: `${cached.detail}; ${describeThreads(threads)}` };
    failures.push(cached.reason);
  } catch (error) {
    failures.push(`the setup:native build could not be examined: ${firstLine(error)}`);
  }
  let loaded: NativeLoad;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('@tensorflow/tfjs-node');
    loaded = describeLoaded('@tensorflow/tfjs-node from node_modules');
  } catch (error) {
    loaded = { ok: false, reason: `@tensorflow/tfjs-node from node_modules: ${firstLine(error)}` };
  }
  if (loaded.ok)
    return {
      ok: true,
      detail: `${loaded.detail} (not the setup:native build: ${failures.join('; ')}); ${describeThreads(threads)}`,
    };
  return { ok: false, reason: `tfjs-node did not load: ${[...failures, loaded.reason].join('; ')}` };
}
