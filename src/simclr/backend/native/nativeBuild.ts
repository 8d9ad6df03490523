/**
 * Where `npm run setup:native` keeps the tfjs-node build it makes from a TensorFlow CPU wheel, and
 * the manifest it writes there. Shared by the setup script (src/setup-native/) and the loader
 * (nativeBackend.ts); imports no tfjs, so the setup script can use it without loading TensorFlow.
 *
 * Layout under the cache folder (default `<package root>/.look-twice-native`, or $LOOK_TWICE_NATIVE_DIR):
 *   wheels/                  the TensorFlow wheel pip downloaded (kept to make re-runs quick)
 *   npm/                     the tfjs-node tarball from `npm pack`
 *   builds/<key>/            one finished, verified build: node_modules/@tensorflow/tfjs-node (+ its
 *                            runtime dependencies; @tensorflow/tfjs and tfjs-core are symlinks to
 *                            the project's copies so that tfjs-node registers into the same engine)
 *   current -> builds/<key>  swapped atomically (rename of a new symlink) only after verification
 *   staging-<pid>/           a build in progress; never looked at by the loader
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

export const NATIVE_DIR_ENV = 'LOOK_TWICE_NATIVE_DIR';
export const NATIVE_DIR_NAME = '.look-twice-native';
export const MANIFEST_NAME = 'manifest.json';
export const TFJS_NODE_VERSION = '4.22.0';

/** One runtime (a Node or Electron binary) the build was loaded in successfully. */
export interface VerifiedRuntime {
  execPath: string;
  /** process.versions.node and process.versions.modules of that runtime. */
  node: string;
  modules: string;
  electron?: string;
}

/** What setup:native records about a finished build (builds/<key>/manifest.json). */
export interface NativeManifest {
  schema: 1;
  key: string;
  tfjsNodeVersion: string;
  /** TensorFlow version the C library reports (TF_Version), e.g. "2.21.0". */
  tfVersion: string;
  wheel: { file: string; bytes: number };
  /** Relative to the build folder. */
  packageDir: string;
  /** Relative to the build folder: the library that exports the C API (libtensorflow_cc.so.2). */
  library: string;
  builtAt: string;
  verified: VerifiedRuntime[];
}

/** The cache folder: $LOOK_TWICE_NATIVE_DIR if set (relative to cwd), else `<root>/.look-twice-native`. */
export function nativeCacheDir(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env[NATIVE_DIR_ENV];
  if (fromEnv && fromEnv.trim() !== '') return isAbsolute(fromEnv) ? fromEnv : resolve(fromEnv);
  return join(root, NATIVE_DIR_NAME);
}

export type CurrentBuild =
  { found: true; buildDir: string; manifest: NativeManifest; packageDir: string } | { found: false; reason: string };

/** Reads `<cacheDir>/current/manifest.json`; says why when there is no usable build. */
export function readCurrentBuild(cacheDir: string): CurrentBuild {
  const buildDir = join(cacheDir, 'current');
  const manifestPath = join(buildDir, MANIFEST_NAME);
  if (!existsSync(manifestPath))
    return { found: false, reason: `no native build in ${cacheDir} (run npm run setup:native)` };
  let manifest: NativeManifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as NativeManifest;
  } catch (error) {
    return {
      found: false,
      reason: `${manifestPath} is not valid JSON (${(error as Error).message}); re-run npm run setup:native`,
    };
  }
  if (manifest.schema !== 1 || typeof manifest.packageDir !== 'string' || typeof manifest.tfVersion !== 'string') {
    return {
      found: false,
      reason: `${manifestPath} is not a setup:native manifest (schema 1); re-run npm run setup:native`,
    };
  }
  const packageDir = join(buildDir, manifest.packageDir);
  if (!existsSync(join(packageDir, 'package.json'))) {
    return {
      found: false,
      reason: `${manifestPath} names ${packageDir}, which holds no package.json; re-run npm run setup:native`,
    };
  }
  return { found: true, buildDir, manifest, packageDir };
}

/** The runtime this process runs in, as recorded in a manifest. */
export function currentRuntime(): VerifiedRuntime {
  const runtime: VerifiedRuntime = {
    execPath: process.execPath,
    node: process.versions.node,
    modules: process.versions.modules,
  };
  const electron = (process.versions as Record<string, string | undefined>).electron;
  if (electron) runtime.electron = electron;
  return runtime;
}

/** True when `runtime` appears in the manifest's list of runtimes the build loaded in. */
export function isVerified(manifest: NativeManifest, runtime: VerifiedRuntime): boolean {
  return manifest.verified.some(
    (v) => v.execPath === runtime.execPath && v.node === runtime.node && v.modules === runtime.modules,
  );
}
