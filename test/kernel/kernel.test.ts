// Cell semantics through a real forked kernel: a table of cell sequences and what the host receives.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { KernelProcess } from '../../src/host';
import { mimes, run, sourceKernel, text } from './kernelHarness';

let kernel: KernelProcess;
let folder: string;

/** A notebook folder with one CommonJS and one ESM-only package in its node_modules. */
function makeNotebookFolder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lt-kernel-'));
  const cjs = path.join(dir, 'node_modules', 'cjs-pkg');
  mkdirSync(cjs, { recursive: true });
  writeFileSync(
    path.join(cjs, 'package.json'),
    JSON.stringify({ name: 'cjs-pkg', version: '1.0.0', main: 'index.js' }),
  );
  writeFileSync(path.join(cjs, 'index.js'), 'module.exports = { triple: (n) => 3 * n, kind: "cjs" };');
  const esm = path.join(dir, 'node_modules', 'esm-only-pkg');
  mkdirSync(esm, { recursive: true });
  writeFileSync(
    path.join(esm, 'package.json'),
    JSON.stringify({
      name: 'esm-only-pkg',
      version: '1.0.0',
      type: 'module',
      exports: { '.': { import: './main.js' } },
    }),
  );
  writeFileSync(
    path.join(esm, 'main.js'),
    'export const kind = "esm"; export default function greet(name) { return `hi ${name}`; }',
  );
  writeFileSync(
    path.join(dir, 'helpers.ts'),
    'import { tf } from "look-twice";\nimport { extra } from "./more";\nexport const double = (n: number): number => n * 2 * extra;\nexport const tensorClass = tf.Tensor;\n',
  );
  writeFileSync(path.join(dir, 'more.ts'), 'export const extra: number = 1;\n');
  return dir;
}

before(async () => {
  folder = makeNotebookFolder();
  // As the extension starts it: VS Code's binary needs ELECTRON_RUN_AS_NODE to act as Node.
  kernel = sourceKernel({ cwd: folder, electronRunAsNode: true });
  await kernel.start();
});

after(async () => {
  await kernel.shutdown();
  rmSync(folder, { recursive: true, force: true });
});

interface Row {
  name: string;
  cells: string[];
  /** text/plain of the last cell's last output. */
  plain?: string | RegExp;
  stdout?: string;
  mimes?: string[];
}

const rows: Row[] = [
  { name: 'redeclaration across cells', cells: ['const a = 1', 'const a = 2', 'a'], plain: '2' },
  { name: 'destructuring persists', cells: ['const { b, c: [d] } = { b: 1, c: [2] }', 'b + d'], plain: '3' },
  {
    name: 'class and hoisted function persist',
    cells: ['class K { n = 4 }\nfunction make() { return new K() }', 'make().n'],
    plain: '4',
  },
  { name: 'strings are quoted as a value, plain via display', cells: ['"hi"'], plain: "'hi'" },
  { name: 'display(string) is plain', cells: ['display("plain text");'], plain: 'plain text' },
  {
    name: 'objects go out as JSON and text',
    cells: ['({ a: [1, 2], b: "x" })'],
    mimes: ['application/json', 'text/plain'],
  },
  { name: 'top-level await', cells: ['await new Promise((r) => setTimeout(r, 5)); 7'], plain: '7' },
  {
    name: 'console.log streams to stdout in order',
    cells: ['console.log("one"); console.info("two"); 3;'],
    stdout: 'one\ntwo\n',
  },
  {
    name: "tfjs import is the library's tf",
    cells: [
      'import * as tf from "@tensorflow/tfjs"\nimport { tf as libTf } from "look-twice"',
      'tf.Tensor === libTf.Tensor && tf.getBackend() === libTf.getBackend()',
    ],
    plain: 'true',
  },
  {
    name: 'tensor display: shape, dtype, values',
    cells: ['import * as tf from "@tensorflow/tfjs"', 'tf.tensor2d([[1, 2], [3, 4]])'],
    plain: /Tensor float32 \[2, 2\][\s\S]*\[3, 4\]/,
  },
  {
    name: 'an image tensor displays as PNG',
    cells: ['import * as tf from "@tensorflow/tfjs"', 'tf.zeros([16, 16, 1])'],
    mimes: ['image/png', 'text/plain'],
  },
  {
    name: 'display.image of a pixel array',
    cells: ['display.image(new Uint8Array(8 * 8 * 3).fill(200), [8, 8, 3]);'],
    mimes: ['image/png', 'text/plain'],
  },
  {
    name: 'the kernel runs in the notebook folder with ELECTRON_RUN_AS_NODE set',
    cells: [
      'import { basename } from "node:path"',
      'basename(process.cwd()).startsWith("lt-kernel-") && process.env.ELECTRON_RUN_AS_NODE === "1"',
    ],
    plain: 'true',
  },
  {
    name: 'look-twice/simclr is the library too',
    cells: [
      'import { pretrain } from "look-twice/simclr"\nimport * as lt from "look-twice"',
      'pretrain === lt.pretrain && typeof pretrain',
    ],
    plain: "'function'",
  },
  {
    name: 'a dataset shows as a preview strip and a summary, not its pixels',
    cells: [
      'import { loadFashionMnist } from "look-twice"',
      'loadFashionMnist({ split: "test", limit: 20, prefer: "embedded" })',
    ],
    mimes: ['image/png', 'text/plain'],
    plain: /^fashion-mnist\/test: 20 images of 28x28x1[\s\S]*first 10: /,
  },
  {
    name: 'an object holding a big typed array is text only',
    cells: ['({ data: new Float32Array(1e6) })'],
    mimes: ['text/plain'],
  },
  {
    name: 'a cyclic object is text only',
    cells: ['const cyc: { self?: unknown } = {}\ncyc.self = cyc\ncyc'],
    mimes: ['text/plain'],
  },
  {
    name: 'a model shows its layer table',
    cells: ['import { createSimclrModel } from "look-twice"', 'createSimclrModel({ encoder: "cnn" })'],
    plain: /^SimclrModel: cnn encoder[\s\S]*Total params/,
  },
  {
    name: 'a TypeScript file in the notebook folder (with its own imports)',
    cells: [
      'import { double, tensorClass } from "./helpers"\nimport { tf } from "look-twice"',
      'double(21) === 42 && tensorClass === tf.Tensor',
    ],
    plain: 'true',
  },
  {
    name: 'an edited helper is picked up on the next import',
    cells: [
      'import { writeFileSync } from "node:fs"\nwriteFileSync("more.ts", "export const extra = 10;\\n")',
      'import { double } from "./helpers.ts"',
      'double(1)',
    ],
    plain: '20',
  },
  {
    name: 'library import',
    cells: ['import { Random, datasetSize } from "look-twice"', 'typeof Random + " " + typeof datasetSize'],
    plain: "'function function'",
  },
  {
    name: 'CommonJS package from the notebook folder',
    cells: ['import pkg, { triple } from "cjs-pkg"', '`${pkg.kind} ${triple(2)}`'],
    plain: "'cjs 6'",
  },
  {
    name: 'ESM-only package from the notebook folder',
    cells: ['import greet, { kind } from "esm-only-pkg"', 'greet(kind)'],
    plain: "'hi esm'",
  },
  {
    name: 'dynamic import of an ESM-only package',
    cells: ['const m = await import("esm-only-pkg")', 'm.kind'],
    plain: "'esm'",
  },
];

for (const row of rows) {
  test(`kernel: ${row.name}`, async () => {
    let last;
    for (const cell of row.cells) {
      last = await run(kernel, cell);
      assert.equal(last.status, 'ok', `${cell}: ${last.error?.stack ?? last.error?.message}`);
    }
    assert.ok(last);
    const output = last.outputs.at(-1);
    if (row.plain !== undefined) {
      const plain = text(output) ?? '';
      if (typeof row.plain === 'string') assert.equal(plain, row.plain);
      else assert.match(plain, row.plain);
    }
    if (row.stdout !== undefined) assert.equal(last.stdout, row.stdout);
    if (row.mimes) assert.deepEqual(mimes(output), row.mimes);
  });
}

test('kernel: an error reports the cell line and column and keeps state', async () => {
  await run(kernel, 'const before = 11');
  const failed = await run(kernel, 'const y = 1\nnull!.x');
  assert.equal(failed.status, 'error');
  assert.equal(failed.error?.name, 'TypeError');
  assert.match(failed.error?.stack ?? '', /\[\d+\]:2:7/);
  assert.doesNotMatch(failed.error?.stack ?? '', /cellRunner|kernel\.ts/);
  assert.equal(text((await run(kernel, 'before')).outputs[0]), '11');
});

test('kernel: a syntax error names the cell line', async () => {
  const failed = await run(kernel, 'const ok = 1\nlet = = 2');
  assert.equal(failed.status, 'error');
  assert.equal(failed.error?.name, 'SyntaxError');
  assert.match(failed.error?.message ?? '', /line 2/);
});

test('kernel: a flood of console output is batched and capped', async () => {
  let messages = 0;
  const result = await kernel.execute('for (let i = 0; i < 200000; i++) console.log("line " + i);', {
    onStream: () => messages++,
  });
  assert.equal(result.status, 'ok');
  assert.ok(messages < 2000, `${messages} stream messages for 200000 lines`);
});

test('kernel: outputs are bounded (long text is cut with a note)', async () => {
  const result = await run(kernel, 'display("x".repeat(300000));');
  const plain = text(result.outputs[0]) ?? '';
  assert.ok(plain.length < 110_000, `${plain.length} characters`);
  assert.match(plain, /truncated/);
});

test('kernel: an unawaited rejection is reported on stderr, not fatal', async () => {
  const result = await run(
    kernel,
    'Promise.reject(new Error("stray")); await new Promise((r) => setTimeout(r, 20)); 1',
  );
  assert.equal(result.status, 'ok');
  assert.match(result.stderr, /stray/);
  assert.equal(kernel.state, 'idle');
});

test('kernel: importing a package that is not installed names it and the notebook folder', async () => {
  const failed = await run(kernel, 'import thing from "not-installed-anywhere"');
  assert.equal(failed.status, 'error');
  assert.match(
    failed.error?.message ?? '',
    /Cannot find module 'not-installed-anywhere' from .*lt-kernel-.*npm install not-installed-anywhere/,
  );
});

test('kernel: show.embeddings that fails without being awaited fails its cell; awaited and caught, it does not', async () => {
  const unawaited = await run(kernel, 'show.embeddings([[1, 2], [3]])\nconsole.log("after")');
  assert.equal(unawaited.status, 'error');
  assert.match(unawaited.error?.message ?? '', /every row must have the same length/);
  const caught = await run(kernel, 'try { await show.embeddings([[1, 2], [3]]) } catch (e) { console.log("caught") }');
  assert.equal(caught.status, 'ok', caught.error?.message);
  assert.match(caught.stdout, /caught/);
});

test('kernel: no tfjs "Hi, looks like you are running TensorFlow.js in Node.js" banner in a cell, even one that switches to cpu', async () => {
  const wasm = sourceKernel({ backend: 'wasm' });
  try {
    const cell = await run(
      wasm,
      'import * as tf from "@tensorflow/tfjs"\nawait tf.setBackend("cpu")\ntf.scalar(1).dataSync()\nawait tf.setBackend("wasm")\ntf.getBackend()',
    );
    assert.equal(cell.status, 'ok', cell.error?.message);
    assert.equal(text(cell.outputs.at(-1)), "'wasm'");
    assert.doesNotMatch(cell.stdout + cell.stderr, /looks like you are running TensorFlow\.js in Node\.js/);
  } finally {
    await wasm.shutdown();
  }
});
