/**
 * Command-line arguments of `look-twice`: `run NOTEBOOK.ipynb [--out OUT.ipynb] [--timeout SECONDS]`
 * and `--help`. Pure: returns what to do or a usage error.
 */

export interface RunCommand {
  command: 'run';
  notebook: string;
  out?: string;
  /** Per cell, in seconds. */
  timeoutSeconds?: number;
  backend?: 'node' | 'wasm' | 'cpu';
}

export type Command = RunCommand | { command: 'help' } | { command: 'error'; message: string };

export const USAGE = `look-twice: run Look Twice (TypeScript) notebooks without VS Code

Usage:
  look-twice run NOTEBOOK.ipynb [--out OUT.ipynb] [--timeout SECONDS] [--backend node|wasm|cpu]
  look-twice --help

run    executes the code cells in order in a fresh kernel, prints each cell's status, stops at the
       first failing cell, and writes the executed notebook (in place, or to --out).
       Exit status: 0 when every cell ran, 1 when a cell failed or timed out, 2 on a usage or file error.
--timeout SECONDS   the longest one cell may run (default: no limit)
--backend NAME      the TensorFlow.js backend (default: node if it loads, else wasm, else cpu)
`;

export function parseArgs(argv: string[]): Command {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') return { command: 'help' };
  const [command, ...rest] = argv;
  if (command !== 'run') return { command: 'error', message: `unknown command '${command}' (try: look-twice run NOTEBOOK.ipynb)` };
  const run: Partial<RunCommand> = { command: 'run' };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = (): string | undefined => {
      const [flag, inline] = arg.split('=', 2);
      if (inline !== undefined) return inline;
      const next = rest[i + 1];
      if (next === undefined || next.startsWith('--')) return undefined;
      i++;
      void flag;
      return next;
    };
    const flag = arg.split('=', 1)[0];
    if (flag === '--out') {
      const out = value();
      if (!out) return { command: 'error', message: '--out needs a file name' };
      run.out = out;
    } else if (flag === '--timeout') {
      const raw = value();
      const seconds = Number(raw);
      if (!raw || !Number.isFinite(seconds) || seconds <= 0) return { command: 'error', message: `--timeout needs a positive number of seconds, got ${JSON.stringify(raw ?? '')}` };
      run.timeoutSeconds = seconds;
    } else if (flag === '--backend') {
      const backend = value();
      if (backend !== 'node' && backend !== 'wasm' && backend !== 'cpu') return { command: 'error', message: `--backend must be node, wasm or cpu, got ${JSON.stringify(backend ?? '')}` };
      run.backend = backend;
    } else if (arg.startsWith('-')) {
      return { command: 'error', message: `unknown option ${arg}` };
    } else if (run.notebook === undefined) {
      run.notebook = arg;
    } else {
      return { command: 'error', message: `only one notebook per run (got ${run.notebook} and ${arg})` };
    }
  }
  if (!run.notebook) return { command: 'error', message: 'run needs a notebook: look-twice run NOTEBOOK.ipynb' };
  return run as RunCommand;
}
