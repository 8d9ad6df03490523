/**
 * What the .vsix ships, and why: an allow-list, one group per reason. Everything else stays out.
 * The bundles in dist/ hold our code and its pure-JS dependencies; what they load at run time from
 * node_modules is listed here, found by running the installed .vsix (the notebook UI test and `look-twice run`
 * on the installed CLI) and by reading what TypeScript's language service opens for completions in cells.
 * The native parts (esbuild's binary, zeromq's addon) are the target platform's only: a .vsix is built per platform.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The largest .vsix `npm run package` accepts (bytes): growth past it is a decision, not an accident. */
export const VSIX_SIZE_CAP = 15 * 1024 * 1024;

/**
 * @typedef {{ platform: NodeJS.Platform, arch: string, libc: 'glibc' | 'musl' | 'libc' | 'msvc' }} Target
 * @typedef {{ what: string, why: string, patterns: string[] }} ContentGroup
 */

/** The machine's own target, named as zeromq's addon loader (cmake-ts) names it. */
export function currentTarget() {
  const libc = { linux: existsSync('/etc/alpine-release') ? 'musl' : 'glibc', darwin: 'libc', win32: 'msvc' }[
    process.platform
  ];
  return { platform: process.platform, arch: process.arch, libc: libc ?? 'glibc' };
}

/** A package's manifest and licence files, plus the given files inside it. */
function fromPackage(name, ...files) {
  const dir = `node_modules/${name}`;
  return [`${dir}/package.json`, `${dir}/LICENSE*`, ...files.map((file) => `${dir}/${file}`)];
}

/** tfjs's packages behind `require('@tensorflow/tfjs')`: each ships one CommonJS bundle for Node. */
const TFJS_PACKAGES = [
  ['tfjs', 'tf.node.js'],
  ['tfjs-core', 'tf-core.node.js'],
  ['tfjs-layers', 'tf-layers.node.js'],
  ['tfjs-converter', 'tf-converter.node.js'],
  ['tfjs-data', 'tf-data.node.js'],
  ['tfjs-backend-cpu', 'tf-backend-cpu.node.js'],
  // Not used in Node, but @tensorflow/tfjs requires it when it loads.
  ['tfjs-backend-webgl', 'tf-backend-webgl.node.js'],
];

/**
 * The addon zeromq's loader picks on `target`: the manifest's entries for its os, arch and libc, highest
 * Node ABI first (all are N-API builds, so the first loads on any supported Node).
 * @param {string} root  @param {Target} target
 */
export function zeromqAddon(root, target) {
  const manifest = JSON.parse(readFileSync(path.join(root, 'node_modules/zeromq/build/manifest.json'), 'utf8'));
  const candidates = Object.entries(manifest)
    .map(([key, file]) => ({ config: JSON.parse(key), file: String(file).replaceAll('\\', '/') }))
    .filter(({ config }) => config.os === target.platform && config.arch === target.arch && config.libc === target.libc)
    .sort((a, b) => (b.config.abi ?? 0) - (a.config.abi ?? 0));
  if (candidates.length === 0)
    throw new Error(`zeromq has no prebuilt addon for ${target.platform}-${target.arch} (${target.libc})`);
  return `node_modules/zeromq/build/${candidates[0].file}`;
}

/**
 * @param {string} root  the repository (holds dist/ and node_modules/)
 * @param {Target} target
 * @returns {ContentGroup[]}
 */
export function vsixContents(root, target) {
  const esbuildBinary = target.platform === 'win32' ? 'esbuild.exe' : 'bin/esbuild';
  return [
    {
      what: 'our code: the extension, kernel, CLI and webview bundles, the wasm SIMD kernels',
      why: 'what runs; bundled and minified by esbuild (`--production`), no source maps',
      patterns: [
        'package.json',
        'dist/extension.js',
        'dist/kernel.js',
        'dist/cli.js',
        'dist/webview/*.js',
        'dist/simd/**',
      ],
    },
    {
      what: 'BENCHMARKS.md (README.md: vsce adds it), icons, panel CSS, Jupyter kernelspec logos',
      why: 'the Marketplace page links BENCHMARKS.md; the activity-bar icon; `look-twice kernel install` copies the logos',
      patterns: ['BENCHMARKS.md', 'media/**'],
    },
    {
      // The sample notebooks are not in it: nothing in the extension opens them, and their saved outputs
      // (images, audio) would be most of the package. They are in the repository and the npm package.
      what: 'the embedded Fashion-MNIST subset',
      why: "the library's data when no dataset folder is set (4,000 + 1,000 images, MIT)",
      patterns: ['notebooks/data/fashion-mnist/**'],
    },
    {
      what: 'TensorFlow.js (tfjs and the packages it loads) and seedrandom, long',
      why: 'kept out of the bundles so that cells, the library and the wasm/native backends share one engine; the Node bundle of each package only',
      patterns: [
        ...TFJS_PACKAGES.flatMap(([name, bundle]) => fromPackage(`@tensorflow/${name}`, `dist/${bundle}`)),
        ...fromPackage('seedrandom', 'index.js', 'seedrandom.js', 'lib/*.js'),
        ...fromPackage('long', 'src/long.js'),
      ],
    },
    {
      what: 'tfjs-backend-wasm with its .wasm binaries',
      why: 'the backend when tfjs-node is not installed: plain, SIMD and threaded-SIMD builds, and the thread workers',
      patterns: fromPackage(
        '@tensorflow/tfjs-backend-wasm',
        'dist/tf-backend-wasm.node.js',
        'dist/*.wasm',
        'wasm-out/*.js',
      ),
    },
    {
      what: "esbuild and this platform's binary",
      why: 'the kernel transforms each cell from TypeScript to JavaScript',
      patterns: [
        ...fromPackage('esbuild', 'lib/main.js'),
        ...fromPackage(`@esbuild/${target.platform}-${target.arch}`, esbuildBinary),
      ],
    },
    {
      what: 'TypeScript: the compiler and its standard library declarations',
      why: "the language service behind completions, hovers and errors in cells (VS Code's own drops them in notebooks)",
      patterns: fromPackage('typescript', 'lib/typescript.js', 'lib/lib.*.d.ts'),
    },
    {
      what: 'declarations of the library, tfjs, @types/node (with undici-types) and @webgpu/types',
      why: "completions and type checks in cells for `look-twice`, `tf.*` and Node; tfjs-core's refer to @webgpu/types",
      patterns: [
        'dist/types/**',
        ...TFJS_PACKAGES.map(([name]) => `node_modules/@tensorflow/${name}/dist/**/*.d.ts`),
        ...fromPackage('@types/node', '**/*.d.ts'),
        ...fromPackage('undici-types', '**/*.d.ts'),
        ...fromPackage('@webgpu/types', 'dist/index.d.ts'),
      ],
    },
    {
      what: "zeromq with this platform's addon, and its loader cmake-ts",
      why: 'the Jupyter front door (`look-twice jupyter`) speaks ZeroMQ',
      patterns: [
        ...fromPackage('zeromq', 'lib/**/*.js', 'build/manifest.json'),
        zeromqAddon(root, target),
        ...fromPackage('cmake-ts', 'build/loader.js'),
      ],
    },
  ];
}

/** The allow-list as a .vscodeignore: ignore everything, then re-include each pattern. */
export function ignoreFileText(groups) {
  return (
    ['**', ...groups.flatMap((group) => [`# ${group.what}`, ...group.patterns.map((pattern) => `!${pattern}`)])].join(
      '\n',
    ) + '\n'
  );
}
