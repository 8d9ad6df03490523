/**
 * The PyTorch the benchmark compares against: the newest one this machine's pip can install, in a
 * virtual environment of the benchmark's own (.cache/bench-venv, made on first use with
 * `python3 -m venv` + `pip install torch numpy scikit-learn` through the user's pip configuration), else Debian's
 * python3-torch under /usr/bin/python3. The table's version column names the torch that ran.
 * Note: `pip install torch` installs what resolves, which need not be the newest torch pip can
 * *download*: a CUDA build whose dependencies the index lacks is skipped for an older CPU wheel.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const BENCH_VENV = resolve(__dirname, '../../.cache/bench-venv');
export const DEBIAN_PYTHON = '/usr/bin/python3';

/** torch.__version__ under `python`, or undefined if torch does not import there. */
export function torchVersion(python: string): string | undefined {
  const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/**
 * The interpreter to run bench/pytorch_bench.py with, and why. An explicit choice (--python or
 * LOOK_TWICE_BENCH_PYTHON) wins; otherwise the bench venv, created when missing unless `create` is false.
 */
export function choosePython(
  explicit: string | undefined,
  log: (line: string) => void,
  create = true,
): { python: string; why: string } {
  if (explicit) return { python: explicit, why: 'chosen with --python / LOOK_TWICE_BENCH_PYTHON' };
  const venvPython = join(BENCH_VENV, 'bin/python');
  if (!existsSync(venvPython) && create) {
    log(`creating ${BENCH_VENV} with the newest torch pip can install (one time; a few minutes)`);
    const python = spawnSync('python3', ['--version']).status === 0 ? 'python3' : DEBIAN_PYTHON;
    const steps: string[][] = [
      [python, '-m', 'venv', BENCH_VENV],
      [venvPython, '-m', 'pip', 'install', '--disable-pip-version-check', '-q', 'torch', 'numpy', 'scikit-learn'],
    ];
    for (const [command, ...args] of steps) {
      const r = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      if (r.status !== 0) {
        log(
          `  ${command} ${args.join(' ')} failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-2).join(' | ')}`,
        );
        rmSync(BENCH_VENV, { recursive: true, force: true });
        break;
      }
    }
  }
  const venvTorch = existsSync(venvPython) ? torchVersion(venvPython) : undefined;
  if (venvTorch) return { python: venvPython, why: `bench venv (${BENCH_VENV}), torch ${venvTorch}` };
  const debianTorch = torchVersion(DEBIAN_PYTHON);
  if (debianTorch)
    return { python: DEBIAN_PYTHON, why: `no torch in ${BENCH_VENV}; Debian's python3-torch ${debianTorch}` };
  return {
    python: DEBIAN_PYTHON,
    why: `no torch in ${BENCH_VENV} nor under ${DEBIAN_PYTHON} (apt-get install python3-torch)`,
  };
}
