// DisplayOutput <-> nbformat outputs, and notebook parsing, as tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromMimeBundle, splitLines, toNbError, toNbOutput, emptyNotebook } from '../../src/host/nbformat';
import { parseNotebook, serializeNotebook } from '../../src/host/notebookFile';
import type { DisplayOutput } from '../../src/protocol/outputs';

const enc = (text: string): Uint8Array => new TextEncoder().encode(text);

const rows: { name: string; output: DisplayOutput; data: Record<string, unknown> }[] = [
  {
    name: 'text as lines',
    output: { items: [{ mime: 'text/plain', data: enc('a\nb') }] },
    data: { 'text/plain': ['a\n', 'b'] },
  },
  {
    name: 'JSON as an object',
    output: { items: [{ mime: 'application/json', data: enc('{"a":[1,2]}') }] },
    data: { 'application/json': { a: [1, 2] } },
  },
  {
    name: 'custom +json MIME as an object',
    output: { items: [{ mime: 'application/vnd.look-twice.loss-curve+json', data: enc('{"done":true}') }] },
    data: { 'application/vnd.look-twice.loss-curve+json': { done: true } },
  },
  {
    name: 'PNG as base64',
    output: { items: [{ mime: 'image/png', data: new Uint8Array([137, 80, 78, 71]) }] },
    data: { 'image/png': 'iVBORw==' },
  },
  {
    name: 'SVG as lines',
    output: { items: [{ mime: 'image/svg+xml', data: enc('<svg>\n</svg>') }] },
    data: { 'image/svg+xml': ['<svg>\n', '</svg>'] },
  },
];

for (const row of rows) {
  test(`nbformat: ${row.name} (both ways)`, () => {
    const nb = toNbOutput(row.output);
    assert.equal(nb.output_type, 'display_data');
    if (nb.output_type !== 'display_data') return;
    assert.deepEqual(nb.data, row.data);
    const back = fromMimeBundle(nb.data);
    assert.deepEqual(
      back.items.map((i) => [i.mime, Array.from(i.data)]),
      row.output.items.map((i) => [i.mime, Array.from(i.data)]),
    );
  });
}

test('nbformat: execute_result carries the execution count', () => {
  const nb = toNbOutput({ items: [{ mime: 'text/plain', data: enc('1') }] }, 3);
  assert.equal(nb.output_type, 'execute_result');
  if (nb.output_type === 'execute_result') assert.equal(nb.execution_count, 3);
});

test('nbformat: errors keep name, message and stack lines', () => {
  assert.deepEqual(toNbError({ name: 'TypeError', message: 'x', stack: 'TypeError: x\n    at cell[1]:2:3' }), {
    output_type: 'error',
    ename: 'TypeError',
    evalue: 'x',
    traceback: ['TypeError: x', '    at cell[1]:2:3'],
  });
});

test('nbformat: splitLines keeps newlines except on the last line', () => {
  const table: [string, string[]][] = [
    ['', []],
    ['a', ['a']],
    ['a\n', ['a\n']],
    ['a\nb', ['a\n', 'b']],
    ['a\n\nb\n', ['a\n', '\n', 'b\n']],
  ];
  for (const [text, lines] of table) assert.deepEqual(splitLines(text), lines, JSON.stringify(text));
});

test('notebook: a new notebook has the Look Twice kernelspec and survives a round trip', () => {
  const nb = emptyNotebook(['const a = 1\na']);
  assert.deepEqual(nb.metadata.kernelspec, {
    name: 'look-twice',
    display_name: 'Look Twice (TypeScript)',
    language: 'typescript',
  });
  assert.equal(nb.metadata.language_info?.name, 'typescript');
  assert.deepEqual(parseNotebook(serializeNotebook(nb), 'x.ipynb'), nb);
});

test('notebook: missing optional fields are filled in', () => {
  const nb = parseNotebook(JSON.stringify({ nbformat: 4, cells: [{ cell_type: 'code', source: 'x' }] }), 'min.ipynb');
  assert.deepEqual(nb.cells[0], { cell_type: 'code', source: 'x', metadata: {}, outputs: [], execution_count: null });
});
