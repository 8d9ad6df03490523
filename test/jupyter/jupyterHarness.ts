// Jupyter's own Python clients for tests: Debian's /usr/bin/python3 with jupyter_client, nbclient,
// nbconvert and jupyter_kernel_test (apt: python3-jupyter-kernel-test, jupyter-nbconvert), and a
// kernelspec installed by `look-twice kernel install --prefix` (from source, through tsx) in a
// scratch folder that JUPYTER_PATH points at. Without those packages the tests are skipped, unless
// LOOK_TWICE_REQUIRE_JUPYTER=1 (CI), where their absence fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const PYTHON = '/usr/bin/python3';
const CLI = path.join(ROOT, 'src/cli/main.ts');

/** Why the Jupyter tests cannot run here, or undefined when they can. */
export function jupyterMissing(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import jupyter_client, nbclient, nbconvert, jupyter_kernel_test'], {
    encoding: 'utf8',
  });
  if (probe.status === 0) return undefined;
  const why = `Jupyter's Python packages are missing (apt-get install python3-jupyter-kernel-test jupyter-nbconvert python3-nbclient python3-jupyter-client): ${(probe.stderr || probe.error?.message || '').trim().split('\n').pop()}`;
  if (process.env.LOOK_TWICE_REQUIRE_JUPYTER === '1') throw new Error(why);
  return why;
}

export interface JupyterEnv {
  prefix: string;
  env: NodeJS.ProcessEnv;
}

/** Installs the kernelspec under a fresh prefix; the returned env makes Jupyter find it (and only write to scratch folders). */
export function installedKernelspec(backend = 'wasm'): JupyterEnv {
  const prefix = mkdtempSync(path.join(os.tmpdir(), 'lt-jupyter-'));
  execFileSync(process.execPath, ['--import', 'tsx', CLI, 'kernel', 'install', '--prefix', prefix], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const env = {
    ...process.env,
    JUPYTER_PATH: path.join(prefix, 'share', 'jupyter'),
    JUPYTER_RUNTIME_DIR: path.join(prefix, 'runtime'),
    JUPYTER_CONFIG_DIR: path.join(prefix, 'config'),
    JUPYTER_DATA_DIR: path.join(prefix, 'data'),
    LOOK_TWICE_BACKEND: backend,
    PYTHONUNBUFFERED: '1',
  };
  return { prefix, env };
}
