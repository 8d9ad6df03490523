/**
 * Replacing a file's contents the way an editor should: atomically (a temporary file in the same
 * folder, flushed, renamed over the target, so a crash never leaves half a file), through symlinks
 * (the link stays a link; its target gets the new contents), keeping the file's mode and owner, and
 * refusing a file the user could not write (or one marked read-only: no write bit at all), instead
 * of replacing it by a rename the folder's permissions happen to allow. Errors name the file and
 * the reason; no temporary file stays behind.
 */
import {
  accessSync,
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fsyncSync,
  ftruncateSync,
  lstatSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import * as path from 'node:path';

export class FileWriteError extends Error {
  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot write ${file}: ${reason}`, options);
    this.name = 'FileWriteError';
  }
}

/** Writes `bytes` as the new contents of `file` (created when missing). */
export function replaceFile(file: string, bytes: Uint8Array): void {
  const target = resolveLinks(file);
  const existing = statOrUndefined(target);
  if (existing) checkWritable(file, target, existing);
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`,
  );
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'wx', existing ? existing.mode & 0o7777 : 0o666);
    if (existing) {
      fchmodSync(fd, existing.mode & 0o7777);
      if (!keepOwner(fd, existing)) {
        closeSync(fd);
        fd = undefined;
        unlinkSync(temp);
        writeInPlace(target, bytes);
        return;
      }
    }
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, target);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // never created, or already renamed
    }
    throw new FileWriteError(file, describe(error, target), { cause: error });
  }
}

/** The file a chain of symlinks ends at (which may not exist yet). */
function resolveLinks(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    let current = path.resolve(file);
    for (let hops = 0; hops < 40; hops++) {
      let link: string;
      try {
        if (!lstatSync(current).isSymbolicLink()) return current;
        link = readlinkSync(current);
      } catch {
        return current;
      }
      current = path.resolve(path.dirname(current), link);
    }
    throw new FileWriteError(file, 'too many levels of symbolic links');
  }
}

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new FileWriteError(file, (error as Error).message);
  }
}

function checkWritable(file: string, target: string, stats: Stats): void {
  const where = target === path.resolve(file) ? '' : ` (the symlink's target ${target})`;
  if (stats.isDirectory()) throw new FileWriteError(file, `it is a folder${where}, not a file`);
  if (!stats.isFile()) throw new FileWriteError(file, `it is not a regular file${where}`);
  const mode = (stats.mode & 0o777).toString(8).padStart(3, '0');
  if ((stats.mode & 0o222) === 0)
    throw new FileWriteError(file, `it is read-only (mode ${mode})${where}; make it writable or use --out`);
  try {
    accessSync(target, constants.W_OK);
  } catch {
    throw new FileWriteError(
      file,
      `permission denied: you cannot write it (mode ${mode}, owner uid ${stats.uid})${where}`,
    );
  }
}

/** Gives the temporary file the original's owner; false when not allowed (then the file is written in place). */
function keepOwner(fd: number, stats: Stats): boolean {
  if (stats.uid === process.getuid?.() && stats.gid === process.getgid?.()) return true;
  try {
    fchownSync(fd, stats.uid, stats.gid);
    return true;
  } catch {
    return false;
  }
}

/**
 * For a file the user may write but cannot give a new owner (another user's group-writable notebook):
 * owner and mode stay, but the write is not atomic; the only way short of changing who owns it.
 */
function writeInPlace(target: string, bytes: Uint8Array): void {
  const fd = openSync(target, 'r+');
  try {
    for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at, bytes.length - at, at);
    ftruncateSync(fd, bytes.length);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function describe(error: unknown, target: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  const folder = path.dirname(target);
  if (code === 'ENOENT') return `the folder ${folder} does not exist`;
  if (code === 'EACCES' || code === 'EPERM') return `permission denied in the folder ${folder}`;
  if (code === 'EROFS') return `the folder ${folder} is on a read-only file system`;
  if (code === 'ENOSPC') return 'no space left on the device';
  if (code === 'ENOTDIR') return `a part of ${folder} is not a folder`;
  return (error as Error).message;
}
