// The REPL rewrite, as behaviour: each row runs a sequence of cells in one CellRunner (in this
// process: the same code the kernel runs) and compares the last cell's value or error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import { CellRunner } from '../../src/kernel/cellRunner';
import { createImporter } from '../../src/kernel/importer';
import { displaysLastValue } from '../../src/kernel/transform/compileCell';

interface Row {
  name: string;
  cells: string[];
  /** The last cell's value (deepEqual), or `error` for the message it must fail with. */
  value?: unknown;
  error?: RegExp;
  /** Expected `line:column` (1-based) of the first cell frame of the last cell's error. */
  at?: string;
  hidden?: boolean;
}

const rows: Row[] = [
  { name: 'const persists to the next cell', cells: ['const x = 41', 'x + 1'], value: 42 },
  { name: 'const may be declared again (new value wins)', cells: ['const x = 1', 'const x = 2', 'x'], value: 2 },
  { name: 're-running a let cell resets it', cells: ['let n = 0', 'n++', 'let n = 10', 'n'], value: 10 },
  { name: 'let without initialiser is undefined again', cells: ['let u = 5', 'let u', 'u === undefined'], value: true },
  { name: 'var without initialiser keeps its value', cells: ['var v = 5', 'var v', 'v'], value: 5 },
  { name: 'var inside a top-level block persists', cells: ['if (true) { var inBlock = 3 }', 'inBlock'], value: 3 },
  {
    name: 'for (var ...) persists its counter',
    cells: ['for (var counter = 0; counter < 4; counter++) {}', 'counter'],
    value: 4,
  },
  {
    name: 'for (var ... of) with a pattern persists',
    cells: ['for (var [k1, v1] of [["a", 1], ["b", 2]]) {}', 'k1 + v1'],
    value: 'b2',
  },
  {
    name: 'var inside a function stays local',
    cells: ['function localVar() { var hidden = 1; return hidden }\nlocalVar()', 'typeof hidden'],
    value: 'undefined',
  },
  {
    name: 'let inside a top-level block stays in the block',
    cells: ['{ let blockLet = 1 }', 'typeof blockLet'],
    value: 'undefined',
  },
  { name: 'several declarators, the later using the earlier', cells: ['const a = 2, b = a * 3', 'b'], value: 6 },
  {
    name: 'object destructuring with rename, default and rest',
    cells: ['const { p, q: r, s = 9, ...rest } = { p: 1, q: 2, t: 3 }', '[p, r, s, rest]'],
    value: [1, 2, 9, { t: 3 }],
  },
  {
    name: 'array destructuring with holes and rest',
    cells: ['const [f, , g, ...h] = [1, 2, 3, 4, 5]', '[f, g, h]'],
    value: [1, 3, [4, 5]],
  },
  {
    name: 'hoisted function used before its declaration',
    cells: ['const y = twice(4)\nfunction twice(n: number) { return 2 * n }\ny'],
    value: 8,
  },
  {
    name: 'function visible in a later cell',
    cells: ['function sq(n: number): number { return n * n }', 'sq(7)'],
    value: 49,
  },
  {
    name: 'function redefined in a later cell',
    cells: ['function k() { return 1 }', 'function k() { return 2 }', 'k()'],
    value: 2,
  },
  {
    name: 'async and generator functions',
    cells: ['async function af() { return 3 }\nfunction* gen() { yield 1; yield 2 }', '[...gen(), await af()]'],
    value: [1, 2, 3],
  },
  {
    name: 'class persists and can be redeclared',
    cells: ['class P { v = 1 }', 'class P { v = 2 }', 'new P().v'],
    value: 2,
  },
  {
    name: 'class referring to itself',
    cells: ['class Node2 { static make() { return new Node2() } }', 'Node2.make() instanceof Node2'],
    value: true,
  },
  {
    name: 'TypeScript: types, interfaces, generics, enums',
    cells: [
      'interface I { a: number }\ntype T = I[]\nenum Colour { Red, Green }\nfunction id<X>(x: X): X { return x }',
      'const list: T = [{ a: Colour.Green }]\nid(list)[0].a',
    ],
    value: 1,
  },
  {
    name: 'TypeScript parameter properties',
    cells: ['class Q { constructor(private w: number) {} get() { return this.w } }', 'new Q(5).get()'],
    value: 5,
  },
  {
    name: 'top-level await',
    cells: ['const later = await new Promise<number>((r) => setTimeout(() => r(5), 5))', 'later'],
    value: 5,
  },
  {
    name: 'top-level for await',
    cells: [
      'async function* count() { yield 1; yield 2; yield 3 }\nlet total = 0\nfor await (const c of count()) total += c\ntotal',
    ],
    value: 6,
  },
  {
    name: 'closure sees a later redefinition',
    cells: ['let base = 1', 'const addBase = (n: number) => n + base', 'base = 100', 'addBase(1)'],
    value: 101,
  },
  { name: 'last expression is the value', cells: ['1 + 1\n2 + 2'], value: 4 },
  { name: 'a parenthesised object literal is the value', cells: ['({ a: [1, 2] })'], value: { a: [1, 2] } },
  { name: 'a sequence expression is the value', cells: ['let s1 = 0\ns1 = 1, s1 + 1'], value: 2 },
  { name: 'trailing semicolon hides the value', cells: ['3 * 3;'], hidden: true },
  { name: 'trailing comment after semicolon still hides', cells: ['3 * 3; // quiet'], hidden: true },
  { name: 'a declaration as last statement shows nothing', cells: ['const hiddenValue = 5'], hidden: true },
  {
    name: 'import of a Node built-in (namespace)',
    cells: ['import * as path from "node:path"', 'path.join("a", "b")'],
    value: 'a/b',
  },
  {
    name: 'named and renamed imports of a built-in',
    cells: ['import { basename, extname as ext } from "path"', '[basename("/x/y.txt"), ext("y.txt")]'],
    value: ['y.txt', '.txt'],
  },
  {
    name: 'default import of a CommonJS built-in',
    cells: ['import os2 from "os"', 'typeof os2.cpus'],
    value: 'function',
  },
  { name: 'an import used only in a later cell is kept', cells: ['import { EOL } from "node:os"', 'EOL'], value: '\n' },
  { name: 'dynamic import()', cells: ['const m = await import("node:path")', 'm.sep'], value: '/' },
  {
    name: 'this cell shadows a global without touching it',
    cells: ['const setTimeout = 5', 'typeof globalThis.setTimeout'],
    value: 'function',
  },
  {
    name: 'names of Object.prototype can be declared',
    cells: ['const constructor = 3, toString = 4', 'constructor + toString'],
    value: 7,
  },
  {
    name: 'runtime error: message and cell position',
    cells: ['const ok = 1\n\n  throw new Error("boom")'],
    error: /^boom$/,
    at: '3:9',
  },
  {
    name: 'runtime error inside a function from another cell',
    cells: ['function bad() {\n  return missing.x\n}', 'bad()'],
    error: /missing is not defined/,
    at: '2:3',
  },
  {
    name: 'runtime error after a TypeScript-only line keeps its line',
    cells: ['type A = { a: number }\ninterface B { b: string }\nconst w: A = { a: 1 }\nnull!.foo'],
    error: /Cannot read properties of null/,
    at: '4:7',
  },
  { name: 'syntax error points at the cell line', cells: ['const fine = 1\nconst = 2'], error: /line 2/ },
  { name: 'export is refused with a clear message', cells: ['export default 1'], error: /export/ },
  { name: 'a rejected await is an error', cells: ['await Promise.reject(new TypeError("nope"))'], error: /nope/ },
];

for (const row of rows) {
  test(`rewrite: ${row.name}`, async () => {
    const runner = new CellRunner(createImporter(os.tmpdir(), new Map()));
    const controller = new AbortController();
    let last;
    for (const [index, cell] of row.cells.entries()) {
      last = await runner.run(cell, controller.signal);
      if (index < row.cells.length - 1)
        assert.equal(last.status, 'ok', `cell ${index + 1} of ${row.name}: ${last.error?.message}`);
    }
    assert.ok(last);
    if (row.error) {
      assert.equal(last.status, 'error');
      assert.match(last.error?.message ?? '', row.error);
      if (row.at) {
        const frame = /\[\d+\]:(\d+:\d+)/.exec(last.error?.stack ?? '');
        assert.equal(frame?.[1], row.at, last.error?.stack);
      }
      return;
    }
    assert.equal(last.status, 'ok', last.error?.stack);
    if (row.hidden) assert.equal(last.hasValue, false);
    else assert.deepEqual(last.value, row.value);
  });
}

test('displaysLastValue: Jupyter rule', () => {
  const table: [string, boolean][] = [
    ['x', true],
    ['x;', false],
    ['x; // c', false],
    ['x /* c */', true],
    ['', false],
    ['f()\n', true],
    ['a;\n/* c */\n', false],
  ];
  for (const [source, expected] of table) assert.equal(displaysLastValue(source), expected, JSON.stringify(source));
});

test('interrupt: an awaited promise that never settles ends interrupted and keeps state', async () => {
  const runner = new CellRunner(createImporter(os.tmpdir(), new Map()));
  assert.equal((await runner.run('const kept = 7', new AbortController().signal)).status, 'ok');
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 20);
  const result = await runner.run('await new Promise(() => {})', controller.signal);
  assert.equal(result.status, 'interrupted');
  assert.deepEqual((await runner.run('kept', new AbortController().signal)).value, 7);
});
