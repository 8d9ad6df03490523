/**
 * The root folder of the look-twice package, for files that ship with it (the embedded dataset
 * subset in data/). The code runs bundled (dist/simclr.js, dist/kernel.js) and unbundled (src/ via
 * tsx), so rather than a fixed relative path we walk up from this module's folder to the first
 * package.json whose name is "look-twice".
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const PACKAGE_NAME = 'look-twice';

let cached: string | undefined;

/** Walks up from `start` to the folder holding look-twice's package.json; undefined if none. */
export function findPackageRoot(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === PACKAGE_NAME) return dir;
      } catch {
        // An unreadable or invalid package.json belongs to some other package: keep walking.
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** look-twice's root folder, found from this module's location (then from the working folder). */
export function packageRoot(): string {
  if (cached) return cached;
  const here = typeof __dirname === 'string' ? __dirname : undefined;
  const found = (here && findPackageRoot(here)) ?? findPackageRoot(process.cwd());
  if (!found) {
    throw new Error(
      `cannot find the ${PACKAGE_NAME} package folder (a package.json named "${PACKAGE_NAME}") above ${here ?? process.cwd()}`,
    );
  }
  cached = found;
  return found;
}
