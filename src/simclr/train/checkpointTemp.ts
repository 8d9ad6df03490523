/**
 * Temporary files of checkpoint saves. A save writes `.NAME.PID-TIME-RANDOM.tmp` beside the
 * checkpoint and renames it over NAME; a save killed before the rename leaves it behind (a
 * 100 MB file each time). The next save or load of NAME removes such leftovers: those whose writer
 * process is gone, and any older than an hour (a reused pid, or a name without one).
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const STALE_TEMP_MS = 60 * 60 * 1000;

export function checkpointTempPath(path: string): string {
  return join(
    dirname(path),
    `.${basename(path)}.${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.tmp`,
  );
}

/** Removes leftover temporary files of the checkpoint at `path`; never throws. @returns the names removed */
export async function removeStaleCheckpointTemps(path: string, now = Date.now()): Promise<string[]> {
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = (await readdir(dirname(path))).filter((name) => name.startsWith(prefix) && name.endsWith('.tmp'));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const file = join(dirname(path), name);
    try {
      const info = await stat(file);
      if (!info.isFile()) continue;
      const writer = /^(\d+)-\d+-[a-z0-9]+$/.exec(name.slice(prefix.length, -'.tmp'.length));
      const writerGone = writer !== null && Number(writer[1]) !== process.pid && !processExists(Number(writer[1]));
      if (!writerGone && now - info.mtimeMs < STALE_TEMP_MS) continue;
      await rm(file, { force: true });
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove: the next save tries again.
    }
  }
  return removed;
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
