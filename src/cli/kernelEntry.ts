/**
 * Where the kernel process and the package's files are: dist/kernel.js next to the built CLI, or
 * src/kernel/main.ts through tsx when the CLI itself runs from source (tests).
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { KernelProcessOptions } from '../host';

export type KernelEntry = Pick<KernelProcessOptions, 'kernelPath' | 'execArgv'>;

const fromSource = __filename.endsWith('.ts');

/** The package's root folder (dist/.. when built, src/cli/../.. from source). */
export const PACKAGE_ROOT = path.resolve(__dirname, fromSource ? '../..' : '..');

export function kernelEntry(): KernelEntry {
  if (!fromSource) return { kernelPath: path.join(__dirname, 'kernel.js') };
  const tsx = pathToFileURL(createRequire(__filename).resolve('tsx')).href;
  return { kernelPath: path.join(__dirname, '../kernel/main.ts'), execArgv: ['--import', tsx] };
}

/** The command that starts this CLI again (a kernelspec's argv before 'jupyter'): node dist/cli.js, or through tsx from source. */
export function cliCommand(): string[] {
  if (!fromSource) return [process.execPath, __filename];
  const tsx = pathToFileURL(createRequire(__filename).resolve('tsx')).href;
  return [process.execPath, '--import', tsx, __filename.replace(/kernelEntry\.ts$/, 'main.ts')];
}
