/**
 * Command-line arguments of `look-twice`: `run`, `jupyter`, `kernel install | remove` and `--help`.
 * Pure: returns what to do or a usage error.
 */
import { BACKEND_CHOICES, isBackendChoice, type BackendChoice } from '../protocol/kernelMessages';

export interface RunCommand {
  command: 'run';
  notebook: string;
  out?: string;
  /** Per cell, in seconds. */
  timeoutSeconds?: number;
  backend?: BackendChoice;
}

/** The kernel as Jupyter starts it (the kernelspec's argv). */
export interface JupyterCommand {
  command: 'jupyter';
  connectionFile: string;
  backend?: BackendChoice;
}

export interface KernelspecCommand {
  command: 'kernel-install' | 'kernel-remove';
  /** Under PREFIX/share/jupyter/kernels; default: the user's Jupyter data folder (--user). */
  prefix?: string;
  name?: string;
}

export type Command =
  RunCommand | JupyterCommand | KernelspecCommand | { command: 'help' } | { command: 'error'; message: string };

export const USAGE = `look-twice: run Look Twice (TypeScript) notebooks without VS Code

Usage:
  look-twice run NOTEBOOK.ipynb [--out OUT.ipynb] [--timeout SECONDS] [--backend node|wasm|cpu]
  look-twice kernel install [--user | --prefix DIR] [--name NAME]
  look-twice kernel remove [--user | --prefix DIR] [--name NAME]
  look-twice jupyter --connection-file FILE [--backend node|wasm|cpu]
  look-twice --help

run    executes the code cells in order in a fresh kernel, prints each cell's status, stops at the
       first failing cell, and writes the executed notebook (in place, or to --out).
       Exit status: 0 when every cell ran, 1 when a cell failed or timed out, 2 on a usage or file error.
--timeout SECONDS   the longest one cell may run (default: no limit)
--backend NAME      the TensorFlow.js backend (default: node if it loads, else wasm, else cpu)

kernel install      writes the Jupyter kernelspec "Look Twice (TypeScript)" (JupyterLab, nbconvert,
                    papermill, a remote Jupyter server); kernel remove deletes it.
--user              into the user's Jupyter data folder (the default)
--prefix DIR        into DIR/share/jupyter/kernels (a virtualenv's or conda environment's prefix)
--name NAME         the kernelspec's name (default look-twice, the name the notebooks ask for)

jupyter             the kernel speaking the Jupyter messaging protocol, as Jupyter starts it
`;

/** Options of one command: flags with a value (`--out X` or `--out=X`), boolean flags, positionals. */
function readOptions(
  args: string[],
  valued: string[],
  booleans: string[],
): { values: Record<string, string>; flags: Set<string>; positional: string[] } | { error: string } {
  const values: Record<string, string> = {};
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.split(/=(.*)/s, 2);
    if (valued.includes(flag)) {
      // A missing value is '' (the caller names the flag in its error).
      if (inline !== undefined) values[flag] = inline;
      else if (args[i + 1] !== undefined && !args[i + 1].startsWith('--')) values[flag] = args[++i];
      else values[flag] = '';
    } else if (booleans.includes(arg)) {
      flags.add(arg);
    } else if (arg.startsWith('-')) {
      return { error: `unknown option ${arg}` };
    } else {
      positional.push(arg);
    }
  }
  return { values, flags, positional };
}

function parseBackend(raw: string | undefined): BackendChoice | { error: string } | undefined {
  if (raw === undefined) return undefined;
  if (isBackendChoice(raw)) return raw;
  return {
    error: `--backend must be ${BACKEND_CHOICES.slice(0, -1).join(', ')} or ${BACKEND_CHOICES.at(-1)}, got ${JSON.stringify(raw)}`,
  };
}

export function parseArgs(argv: string[]): Command {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h') || argv[0] === 'help')
    return { command: 'help' };
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      return parseRun(rest);
    case 'jupyter':
      return parseJupyter(rest);
    case 'kernel':
      return parseKernelspec(rest);
    default:
      return { command: 'error', message: `unknown command '${command}' (try: look-twice run NOTEBOOK.ipynb)` };
  }
}

function parseRun(args: string[]): Command {
  const options = readOptions(args, ['--out', '--timeout', '--backend'], []);
  if ('error' in options) return { command: 'error', message: options.error };
  const run: RunCommand = { command: 'run', notebook: '' };
  const { values, positional } = options;
  if ('--out' in values) {
    if (!values['--out']) return { command: 'error', message: '--out needs a file name' };
    run.out = values['--out'];
  }
  if ('--timeout' in values) {
    const raw = values['--timeout'];
    const seconds = Number(raw);
    if (!raw || !Number.isFinite(seconds) || seconds <= 0)
      return {
        command: 'error',
        message: `--timeout needs a positive number of seconds, got ${JSON.stringify(raw ?? '')}`,
      };
    run.timeoutSeconds = seconds;
  }
  const backend = parseBackend(values['--backend']);
  if (typeof backend === 'object') return { command: 'error', message: backend.error };
  if (backend) run.backend = backend;
  if (positional.length > 1)
    return { command: 'error', message: `only one notebook per run (got ${positional[0]} and ${positional[1]})` };
  if (positional.length === 0)
    return { command: 'error', message: 'run needs a notebook: look-twice run NOTEBOOK.ipynb' };
  run.notebook = positional[0];
  return run;
}

function parseJupyter(args: string[]): Command {
  const options = readOptions(args, ['--connection-file', '-f', '--backend'], []);
  if ('error' in options) return { command: 'error', message: options.error };
  const connectionFile = options.values['--connection-file'] || options.values['-f'] || options.positional[0];
  if (!connectionFile)
    return {
      command: 'error',
      message: 'jupyter needs --connection-file FILE (Jupyter passes it; see look-twice kernel install)',
    };
  const backend = parseBackend(options.values['--backend']);
  if (typeof backend === 'object') return { command: 'error', message: backend.error };
  return backend ? { command: 'jupyter', connectionFile, backend } : { command: 'jupyter', connectionFile };
}

function parseKernelspec(args: string[]): Command {
  const [action, ...rest] = args;
  if (action !== 'install' && action !== 'remove')
    return { command: 'error', message: `kernel needs install or remove, got ${JSON.stringify(action ?? '')}` };
  const options = readOptions(rest, ['--prefix', '--name'], ['--user']);
  if ('error' in options) return { command: 'error', message: options.error };
  if (options.positional.length > 0)
    return { command: 'error', message: `unexpected argument ${options.positional[0]}` };
  const { values, flags } = options;
  if ('--prefix' in values && !values['--prefix']) return { command: 'error', message: '--prefix needs a folder' };
  if ('--name' in values && !values['--name']) return { command: 'error', message: '--name needs a name' };
  if (flags.has('--user') && values['--prefix'])
    return { command: 'error', message: '--user and --prefix exclude each other' };
  return {
    command: action === 'install' ? 'kernel-install' : 'kernel-remove',
    ...(values['--prefix'] ? { prefix: values['--prefix'] } : {}),
    ...(values['--name'] ? { name: values['--name'] } : {}),
  };
}
