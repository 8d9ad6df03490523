/**
 * Runs one of the story's notebooks (notebooks/NN-*.ipynb) in quick mode through `look-twice run`, as CI does,
 * on the fastest backend the machine has (node when built; the kernel falls back to wasm, then cpu), and gives
 * the executed notebook's outputs to the test. One test file per notebook (test/notebooks/NN-*.test.ts).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { NbCodeCell, NbOutput, Notebook } from '../../src/host/nbformat';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'src/cli/main.ts');

export interface ExecutedNotebook {
  notebook: Notebook;
  outputs: NbOutput[];
  /** Everything the cells printed (stream outputs), in order. */
  printed: string;
  /** The display bundles (display_data and execute_result data), in order. */
  bundles: Record<string, unknown>[];
  /** The CLI's own report (stdout + stderr). */
  report: string;
}

/** `look-twice run notebooks/<file> --out <tmp>` in quick mode; fails the test unless the run exits 0. */
export async function runStoryNotebook(
  file: string,
  options: { timeoutSeconds?: number } = {},
): Promise<ExecutedNotebook> {
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'lt-notebook-')), path.basename(file));
  const args = [
    '--import',
    'tsx',
    CLI,
    'run',
    path.join(ROOT, 'notebooks', file),
    '--out',
    out,
    '--backend',
    'node',
    '--timeout',
    String(options.timeoutSeconds ?? 900),
  ];
  const env = { ...process.env };
  delete env.LOOK_TWICE_NOTEBOOK_MODE;
  let report: string;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args, {
      cwd: ROOT,
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    report = stdout + stderr;
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    assert.fail(`look-twice run ${file} exited ${e.code}:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
  const notebook = JSON.parse(readFileSync(out, 'utf8')) as Notebook;
  const outputs = notebook.cells.filter((c): c is NbCodeCell => c.cell_type === 'code').flatMap((c) => c.outputs);
  const text = (t: unknown) => (Array.isArray(t) ? t.join('') : String(t));
  const printed = outputs.flatMap((o) => (o.output_type === 'stream' ? [text(o.text)] : [])).join('');
  const bundles = outputs.flatMap((o) =>
    o.output_type === 'display_data' || o.output_type === 'execute_result' ? [o.data as Record<string, unknown>] : [],
  );
  return { notebook, outputs, printed, bundles, report };
}

/** The SVG fallbacks among the outputs (what GitHub and JupyterLab render outside VS Code). */
export function svgs(run: ExecutedNotebook): string[] {
  return run.bundles.flatMap((data) =>
    typeof data['image/svg+xml'] === 'string'
      ? [data['image/svg+xml']]
      : Array.isArray(data['image/svg+xml'])
        ? [(data['image/svg+xml'] as string[]).join('')]
        : [],
  );
}
