/**
 * Loads a tfjs-node build in a CHILD process and reports what happened, so that an addon which
 * crashes the process (wrong ABI, a CPU the library was not built for) cannot take down the caller.
 * Used by `npm run setup:native` before it publishes a build, and by the loader the first time a
 * build meets a new runtime (another Node, or VS Code's Electron with ELECTRON_RUN_AS_NODE=1).
 * The child loads the SAME @tensorflow/tfjs the caller uses (by path), checks that tfjs-node
 * registered its backend into that engine, runs a small matMul and conv2d against known values,
 * and reads /proc/self/maps to say which libtensorflow file the dynamic linker mapped.
 */
import { spawnSync } from 'node:child_process';

/** The child's program (plain CommonJS, so it runs under any Node or Electron-as-Node). */
const PROBE_SOURCE = String.raw`
const util = require('util');
if (typeof util.isNullOrUndefined !== 'function') util.isNullOrUndefined = (v) => v === null || v === undefined; // see shimRemovedUtil
const out = (r) => { process.stdout.write('LOOK_TWICE_PROBE ' + JSON.stringify(r) + '\n'); };
(async () => {
  const tf = require(process.env.LT_PROBE_TFJS);
  require(process.env.LT_PROBE_PACKAGE);
  if (!tf.findBackendFactory('tensorflow')) {
    out({ ok: false, reason: 'tfjs-node loaded but registered its backend into another @tensorflow/tfjs-core instance than ' + process.env.LT_PROBE_TFJS });
    return;
  }
  await tf.setBackend('tensorflow');
  await tf.ready();
  const backend = tf.backend();
  const tfVersion = backend.binding && backend.binding.TF_Version;
  const m = tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2])).dataSync();
  const c = tf.conv2d(tf.ones([1, 3, 3, 1]), tf.ones([2, 2, 1, 1]), 1, 'valid').dataSync();
  const expectM = [19, 22, 43, 50];
  const okNumbers = expectM.every((v, i) => m[i] === v) && c.length === 4 && Array.from(c).every((v) => v === 4);
  let libraries = [];
  try {
    libraries = [...new Set(require('fs').readFileSync('/proc/self/maps', 'utf8').split('\n')
      .map((l) => l.slice(l.indexOf('/'))).filter((p) => /libtensorflow/.test(p) && p.startsWith('/')))]
      .sort((a, b) => Number(/libtensorflow_framework/.test(a)) - Number(/libtensorflow_framework/.test(b)));
  } catch (e) { libraries = []; }
  out({ ok: tf.getBackend() === 'tensorflow' && okNumbers, backend: tf.getBackend(), tfVersion, libraries,
    reason: okNumbers ? undefined : 'wrong numbers from matMul/conv2d: ' + Array.from(m) + ' / ' + Array.from(c),
    node: process.versions.node, modules: process.versions.modules, electron: process.versions.electron });
})().catch((e) => { out({ ok: false, reason: String(e && e.message || e).split('\n')[0] }); });
`;

/**
 * tfjs-node 4.22's JavaScript calls util.isNullOrUndefined, which Node 23 removed (DEP0051): on
 * Node 24 (code-server's) and any Electron built on it, requiring tfjs-node throws
 * "(0, util_1.isNullOrUndefined) is not a function". This puts back exactly that function, with
 * its documented meaning, only where it is missing. The probe source above does the same.
 */
export function shimRemovedUtil(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const util = require('node:util') as Record<string, unknown>;
  if (typeof util.isNullOrUndefined !== 'function')
    util.isNullOrUndefined = (v: unknown) => v === null || v === undefined;
}

export type ProbeResult =
  | {
      ok: true;
      backend: string;
      tfVersion: string;
      libraries: string[];
      node: string;
      modules: string;
      electron?: string;
    }
  | { ok: false; reason: string };

export interface ProbeOptions {
  /** The Node (or Electron) binary to run; default: this process's own. */
  execPath?: string;
  /** Absolute folder of the tfjs-node package to load. */
  packageDir: string;
  /** Absolute path of the @tensorflow/tfjs entry the caller's engine comes from. */
  tfjsEntry: string;
  timeoutMs?: number;
}

/** Runs the probe in a child process; never throws. */
export function probeNativeBuild(options: ProbeOptions): ProbeResult {
  const execPath = options.execPath ?? process.execPath;
  const r = spawnSync(execPath, ['-e', PROBE_SOURCE], {
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    env: {
      ...process.env,
      ELECTRON_RUN_AS_NODE: '1',
      LT_PROBE_PACKAGE: options.packageDir,
      LT_PROBE_TFJS: options.tfjsEntry,
      TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2',
    },
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('LOOK_TWICE_PROBE '));
  if (line) {
    try {
      return JSON.parse(line.slice('LOOK_TWICE_PROBE '.length)) as ProbeResult;
    } catch {
      // fall through to the generic report below
    }
  }
  const stderr = (r.stderr ?? '')
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(-3)
    .join(' | ');
  const how = r.error
    ? `could not run ${execPath}: ${r.error.message}`
    : r.signal
      ? `the child was killed by ${r.signal}`
      : `the child exited with status ${r.status}`;
  return { ok: false, reason: `${how}${stderr ? `: ${stderr}` : ''}` };
}
