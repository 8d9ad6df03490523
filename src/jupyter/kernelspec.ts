/**
 * `look-twice kernel install | remove`: the kernelspec through which Jupyter (JupyterLab, nbclient,
 * nbconvert, papermill, a remote Jupyter server) finds the kernel
 * (https://jupyter-client.readthedocs.io/en/latest/kernels.html#kernel-specs). Its name is the one the
 * sample notebooks carry in metadata.kernelspec.name, so they open with this kernel without asking.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LOOK_TWICE_KERNELSPEC } from '../host/nbformat';

export interface KernelspecTarget {
  /** Install under PREFIX/share/jupyter/kernels (a virtualenv's or conda env's sys.prefix); default: the user's Jupyter data folder. */
  prefix?: string;
  /** Default 'look-twice' (the notebooks' metadata.kernelspec.name). */
  name?: string;
}

export interface KernelspecInstall extends KernelspecTarget {
  /** What starts `look-twice` (e.g. [node, /path/to/dist/cli.js]); Jupyter appends `jupyter --connection-file FILE`. */
  command: string[];
  /** Folder holding logo-32x32.png, logo-64x64.png, logo-svg.svg. */
  logos: string;
}

export const LOGO_FILES = ['logo-32x32.png', 'logo-64x64.png', 'logo-svg.svg'];

/** The user's Jupyter data folder, as jupyter_core computes it (JUPYTER_DATA_DIR first). */
export function userDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = os.homedir(),
): string {
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  if (platform === 'darwin') return path.join(home, 'Library', 'Jupyter');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'jupyter');
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'jupyter');
}

export function kernelspecDir(target: KernelspecTarget): string {
  const name = target.name ?? LOOK_TWICE_KERNELSPEC.name;
  if (!/^[A-Za-z0-9._-]+$/.test(name))
    throw new Error(`a kernel name may hold letters, digits, '.', '_' and '-' only, got ${JSON.stringify(name)}`);
  const base = target.prefix ? path.join(path.resolve(target.prefix), 'share', 'jupyter') : userDataDir();
  return path.join(base, 'kernels', name);
}

export function kernelJson(install: Pick<KernelspecInstall, 'command'>): Record<string, unknown> {
  return {
    argv: [...install.command, 'jupyter', '--connection-file', '{connection_file}'],
    display_name: LOOK_TWICE_KERNELSPEC.display_name,
    language: LOOK_TWICE_KERNELSPEC.language,
    // Interrupts arrive as interrupt_request messages on the control channel, never as SIGINT.
    interrupt_mode: 'message',
    metadata: { debugger: false },
  };
}

/** Writes (or overwrites) the kernelspec; returns its folder. */
export function installKernelspec(install: KernelspecInstall): string {
  const dir = kernelspecDir(install);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'kernel.json'), `${JSON.stringify(kernelJson(install), null, 2)}\n`);
  for (const logo of LOGO_FILES) copyFileSync(path.join(install.logos, logo), path.join(dir, logo));
  return dir;
}

/** Removes the kernelspec; returns its folder. A folder without kernel.json is not ours to delete. */
export function removeKernelspec(target: KernelspecTarget): string {
  const dir = kernelspecDir(target);
  if (!existsSync(path.join(dir, 'kernel.json'))) throw new Error(`no kernelspec at ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  return dir;
}
