// The Look Twice kernel under Jupyter's own clients: the jupyter_kernel_test conformance suite and
// jupyter_client driving interrupt, restart, a dying kernel and forged messages
// (look_twice_kernel_test.py), through a kernelspec that `look-twice kernel install` wrote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { installedKernelspec, jupyterMissing, PYTHON } from './jupyterHarness';

const missing = jupyterMissing();

test(
  'jupyter: kernel install --prefix writes kernel.json (message interrupts) and the logos',
  { skip: missing },
  () => {
    const { prefix } = installedKernelspec();
    const dir = path.join(prefix, 'share/jupyter/kernels/look-twice');
    const spec = JSON.parse(readFileSync(path.join(dir, 'kernel.json'), 'utf8')) as {
      argv: string[];
      display_name: string;
      language: string;
      interrupt_mode: string;
    };
    assert.equal(spec.display_name, 'Look Twice (TypeScript)');
    assert.equal(spec.language, 'typescript');
    assert.equal(spec.interrupt_mode, 'message');
    assert.deepEqual(spec.argv.slice(-3), ['jupyter', '--connection-file', '{connection_file}']);
    for (const logo of ['logo-32x32.png', 'logo-64x64.png', 'logo-svg.svg'])
      assert.ok(existsSync(path.join(dir, logo)), logo);
  },
);

test(
  'jupyter: jupyter_kernel_test conformance and lifecycle through jupyter_client',
  { skip: missing, timeout: 900_000 },
  async () => {
    const { env } = installedKernelspec();
    const child = spawn(PYTHON, ['-m', 'unittest', '-v', 'look_twice_kernel_test'], { cwd: __dirname, env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    const summary = output
      .split('\n')
      .filter((line) => / \.\.\. |^Ran |^OK|^FAILED|Error|assert/i.test(line))
      .join('\n');
    assert.equal(code, 0, output.slice(-8000));
    // Every test of the conformance class ran but the two for features the kernel does not have
    // (a pager payload, clear_output from cell code).
    const skipped = [...summary.matchAll(/^(test_\w+) .* \.\.\. skipped/gm)].map((m) => m[1]).sort();
    assert.deepEqual(skipped, ['test_clear_output', 'test_pager'], summary);
    assert.match(summary, /^Ran 22 tests/m, summary);
    assert.match(summary, /^OK \(skipped=2\)/m, summary);
  },
);
