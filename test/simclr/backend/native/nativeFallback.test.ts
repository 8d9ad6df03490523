/**
 * A broken native build must not break the kernel: initBackend falls back to wasm and says why.
 * Each case writes a fake setup:native cache (LOOK_TWICE_NATIVE_DIR) into a temp folder and runs
 * initBackend in a child process, so this test process never loads a corrupt addon itself.
 * Cases: a corrupt addon met by a new runtime (caught by the child-process probe), a corrupt addon
 * in a runtime the manifest lists as verified (caught by require), a manifest that is not JSON, a
 * manifest naming a missing package, and a forced LOOK_TWICE_BACKEND=node with a corrupt addon.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NativeManifest } from '../../../../src/simclr/backend/native/nativeBuild';

const root = resolve(__dirname, '../../../..');
const initBackendPath = join(root, 'src/simclr/backend/initBackend.ts');

interface Case {
  name: string;
  /** Writes the fake cache into `cache`. */
  make: (cache: string) => void;
  env?: Record<string, string>;
  expect: { backend: 'wasm'; reason: RegExp } | { error: RegExp };
}

function manifest(verifiedHere: boolean): NativeManifest {
  return {
    schema: 1,
    key: 'fake',
    tfjsNodeVersion: '4.22.0',
    tfVersion: '2.21.0',
    wheel: { file: 'tensorflow_cpu-2.21.0-cp311-cp311-manylinux_2_27_x86_64.whl', bytes: 1 },
    packageDir: 'node_modules/@tensorflow/tfjs-node',
    library: 'node_modules/@tensorflow/tfjs-node/deps/lib/libtensorflow_cc.so.2',
    builtAt: new Date(0).toISOString(),
    verified: verifiedHere
      ? [{ execPath: process.execPath, node: process.versions.node, modules: process.versions.modules }]
      : [],
  };
}

/** A build folder whose package loads a tfjs_binding.node full of garbage, made current. */
function corruptBuild(cache: string, verifiedHere: boolean): void {
  const build = join(cache, 'builds/fake');
  const pkg = join(build, 'node_modules/@tensorflow/tfjs-node');
  mkdirSync(join(pkg, 'lib/napi-v8'), { recursive: true });
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({ name: '@tensorflow/tfjs-node', version: '4.22.0', main: 'index.js' }),
  );
  writeFileSync(join(pkg, 'index.js'), "require('./lib/napi-v8/tfjs_binding.node');\n");
  const garbage = Buffer.alloc(4096);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 2654435761) >>> 24;
  writeFileSync(join(pkg, 'lib/napi-v8/tfjs_binding.node'), garbage);
  writeFileSync(join(build, 'manifest.json'), JSON.stringify(manifest(verifiedHere)));
  symlinkSync('builds/fake', join(cache, 'current'), 'dir');
}

const cases: Case[] = [
  {
    name: 'corrupt addon, new runtime: the child-process probe catches it',
    make: (cache) => corruptBuild(cache, false),
    expect: {
      backend: 'wasm',
      reason:
        /tried node: tfjs-node did not load: tfjs-node 4\.22\.0 built by setup:native \(.*\) does not load under .*node.*: .*(invalid ELF header|file too short)/,
    },
  },
  {
    name: 'corrupt addon, runtime listed as verified: require catches it',
    make: (cache) => corruptBuild(cache, true),
    expect: {
      backend: 'wasm',
      reason: /built by setup:native \(.*\) did not load: .*(invalid ELF header|file too short)/,
    },
  },
  {
    name: 'manifest is not JSON',
    make: (cache) => {
      mkdirSync(join(cache, 'builds/x'), { recursive: true });
      writeFileSync(join(cache, 'builds/x/manifest.json'), '{ "schema": 1, ');
      symlinkSync('builds/x', join(cache, 'current'), 'dir');
    },
    expect: { backend: 'wasm', reason: /manifest\.json is not valid JSON .*re-run npm run setup:native/ },
  },
  {
    name: 'manifest names a package folder that is gone',
    make: (cache) => {
      mkdirSync(join(cache, 'builds/y'), { recursive: true });
      writeFileSync(join(cache, 'builds/y/manifest.json'), JSON.stringify(manifest(true)));
      symlinkSync('builds/y', join(cache, 'current'), 'dir');
    },
    expect: { backend: 'wasm', reason: /holds no package\.json; re-run npm run setup:native/ },
  },
  {
    name: 'LOOK_TWICE_BACKEND=node with a corrupt addon: a clear error, no silent switch',
    make: (cache) => corruptBuild(cache, false),
    env: { LOOK_TWICE_BACKEND: 'node' },
    expect: { error: /forced backend 'node' cannot start: node: tfjs-node did not load: .*does not load under/ },
  },
];

function runInitBackend(
  cache: string,
  extraEnv: Record<string, string>,
): { info?: { name: string; reason: string }; error?: string; raw: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, LOOK_TWICE_NATIVE_DIR: cache, ...extraEnv };
  if (!extraEnv.LOOK_TWICE_BACKEND) delete env.LOOK_TWICE_BACKEND;
  const code = `require(${JSON.stringify(initBackendPath)}).initBackend()
    .then((i) => console.log('RESULT ' + JSON.stringify({ info: { name: i.name, reason: i.reason } })))
    .catch((e) => console.log('RESULT ' + JSON.stringify({ error: e.message })));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const raw = `${r.stdout}\n${r.stderr}`;
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  assert.ok(line, `the child printed no result (status ${r.status}):\n${raw.slice(-2000)}`);
  return { ...(JSON.parse(line.slice(7)) as { info?: { name: string; reason: string }; error?: string }), raw };
}

describe('a broken native build falls back to wasm with a reason', () => {
  for (const c of cases) {
    test(c.name, () => {
      const cache = mkdtempSync(join(tmpdir(), 'lt-native-'));
      try {
        c.make(cache);
        const result = runInitBackend(cache, c.env ?? {});
        if ('error' in c.expect) {
          assert.equal(result.info, undefined, `expected an error, got ${JSON.stringify(result.info)}`);
          assert.match(result.error ?? '', c.expect.error);
        } else {
          assert.equal(result.error, undefined, result.error);
          assert.equal(result.info?.name, c.expect.backend, result.info?.reason);
          assert.match(result.info?.reason ?? '', c.expect.reason);
          assert.match(result.info?.reason ?? '', /using wasm/);
        }
      } finally {
        rmSync(cache, { recursive: true, force: true });
      }
    });
  }
});
