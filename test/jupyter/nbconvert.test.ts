// `jupyter nbconvert --execute` (nbclient, Jupyter's own executor) runs the sample notebook with the
// kernelspec `look-twice kernel install` wrote, and its outputs carry the same MIME types, cell by
// cell, as those `look-twice run` writes: a cell's value is an execute_result with the cell's count in both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { NbCodeCell, NbOutput, Notebook } from '../../src/host/nbformat';
import { installedKernelspec, jupyterMissing, ROOT } from './jupyterHarness';

const missing = jupyterMissing();
const SAMPLE = path.join(ROOT, 'notebooks/simclr-fashion-mnist.ipynb');

/** Per code cell: its outputs as kinds and MIME types, consecutive text of one stream merged. */
function shape(file: string): string[][] {
  const notebook = JSON.parse(readFileSync(file, 'utf8')) as Notebook;
  return notebook.cells
    .filter((cell): cell is NbCodeCell => cell.cell_type === 'code')
    .map((cell) =>
      cell.outputs.map(describe).filter((entry, i, all) => !(entry.startsWith('stream') && all[i - 1] === entry)),
    );
}

function describe(output: NbOutput): string {
  switch (output.output_type) {
    case 'stream':
      return `stream ${output.name}`;
    case 'error':
      return `error ${output.ename}`;
    case 'execute_result':
      return `execute_result [${output.execution_count}] ${Object.keys(output.data).sort().join(' ')}`;
    case 'display_data':
      return `display_data ${Object.keys(output.data).sort().join(' ')}`;
  }
}

test(
  'jupyter: nbconvert --execute runs the sample notebook; outputs have the MIME types of look-twice run',
  { skip: missing, timeout: 1_200_000 },
  async () => {
    const { prefix, env } = installedKernelspec('wasm');
    const run = promisify(execFile);
    const jupyterOut = path.join(prefix, 'nbconvert.ipynb');
    const cliOut = path.join(prefix, 'cli.ipynb');
    await run(
      '/usr/bin/jupyter',
      [
        'nbconvert',
        '--to',
        'notebook',
        '--execute',
        SAMPLE,
        '--output-dir',
        prefix,
        '--output',
        'nbconvert.ipynb',
        '--ExecutePreprocessor.timeout=600',
      ],
      { env, cwd: ROOT },
    );
    await run(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), 'run', SAMPLE, '--out', cliOut, '--backend', 'wasm'],
      { env, cwd: ROOT },
    );

    const jupyter = shape(jupyterOut);
    const cli = shape(cliOut);
    assert.deepEqual(jupyter, cli);
    const mimes = jupyter.flat().join('\n');
    for (const mime of [
      'application/vnd.look-twice.augmentations+json image/png',
      'application/vnd.look-twice.loss-curve+json image/svg+xml',
      'application/vnd.look-twice.embedding+json image/svg+xml',
      'application/vnd.look-twice.progress+json',
    ]) {
      assert.match(mimes, new RegExp(mime.replace(/[.+]/g, '\\$&')), mimes);
    }
    // Progress was updated in place through transient.display_id: one output per run, in its final state.
    const executed = JSON.parse(readFileSync(jupyterOut, 'utf8')) as Notebook;
    const progress = executed.cells
      .flatMap((cell) => (cell.cell_type === 'code' ? cell.outputs : []))
      .flatMap((o) =>
        o.output_type === 'display_data' && 'application/vnd.look-twice.progress+json' in o.data
          ? [o.data['application/vnd.look-twice.progress+json'] as { state: string }]
          : [],
      );
    assert.deepEqual(
      progress.map((p) => p.state),
      ['done'],
    );
  },
);
