/**
 * Node process warnings in the kernel. Node's own printer would write every warning to stderr, which
 * the kernel shows in the running cell; a DeprecationWarning raised inside a library (tfjs-node calls
 * `util.isArray`, DEP0044) then lands in a user's cell although the user can do nothing about it.
 *
 * Rule: a DeprecationWarning is shown only when the code that called the deprecated API is the user's
 * own: a cell, or a file of the notebook's folder outside node_modules (local modules). Deprecations
 * raised from node_modules, the kernel's bundle or Node's internals are dropped. This is the rule Node
 * itself applies to `Buffer()` (DEP0005: silent inside node_modules). Every other warning (memory
 * leaks, experimental features, ...) is printed as Node prints it.
 *
 * Why not `process.noDeprecation = true`: it would also hide deprecations in the user's own cell code,
 * which are worth seeing.
 */

/** The first stack frame below the warning's message (`    at f (file:1:2)`), or undefined. */
export function firstFrame(stack: string | undefined): string | undefined {
  return stack?.split('\n').find((line) => /^\s+at /.test(line));
}

/** Whether a warning is a deprecation raised by code that is not the user's (see the module header). */
export function isLibraryDeprecation(warning: Error, isUserFrame: (frame: string) => boolean): boolean {
  if (warning.name !== 'DeprecationWarning') return false;
  const frame = firstFrame(warning.stack);
  return frame === undefined || !isUserFrame(frame);
}

/** A frame in the notebook folder (a local module), not in its node_modules. */
export function isNotebookFolderFrame(frame: string, notebookDir: string, sep = '/'): boolean {
  const dir = notebookDir.endsWith(sep) ? notebookDir : notebookDir + sep;
  return frame.includes(dir) && !frame.includes(`${sep}node_modules${sep}`);
}

/** The text Node prints for a warning: `(node:PID) [CODE] Name: message` and its detail, one line each. */
export function formatWarning(warning: Error & { code?: string; detail?: string }, pid = process.pid): string {
  const code = warning.code ? `[${warning.code}] ` : '';
  const detail = typeof warning.detail === 'string' ? `\n${warning.detail}` : '';
  return `(node:${pid}) ${code}${warning.name}: ${warning.message}${detail}\n`;
}

/**
 * Replaces Node's warning printer (the process's 'warning' listeners at kernel start) by one that
 * drops library deprecations and writes the rest with `write` (the kernel's stderr, i.e. the cell).
 */
export function filterProcessWarnings(isUserFrame: (frame: string) => boolean, write: (text: string) => void): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning: Error) => {
    if (!isLibraryDeprecation(warning, isUserFrame)) write(formatWarning(warning));
  });
}
