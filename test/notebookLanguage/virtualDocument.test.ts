// The virtual document's mapping without a language service: cell offsets to the virtual text and
// back, after edits, with hoisted imports and blanked `export`, and the layout that gives redeclared
// names their REPL meaning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualDocument } from '../../src/notebookLanguage/virtualDocument';

const doc = (...cells: string[]): VirtualDocument => new VirtualDocument(cells.map((text) => ({ text })));

/** Every offset of every cell (its end included) maps to a virtual offset holding the same character, and back. */
function assertRoundTrip(document: VirtualDocument): void {
  document.cells.forEach((cell, index) => {
    for (let offset = 0; offset <= cell.text.length; offset++) {
      const virtual = document.toVirtual(index, offset);
      assert.notEqual(virtual, undefined, `cell ${index} offset ${offset} maps`);
      // The end of a hoisted import maps to the end of its copy (a cursor after it), where the layout's line break follows.
      const inside = document.toCell(virtual! + 1)?.offset === offset + 1;
      if (offset < cell.text.length && inside) assert.equal(document.text[virtual!], cell.text[offset]);
      assert.deepEqual(document.toCell(virtual!), { cell: index, offset }, `cell ${index} offset ${offset} maps back`);
    }
  });
}

test('offsets map both ways in plain cells', () => {
  assertRoundTrip(doc('const a = 1', 'a + 1\n', '', 'function f() {\n  return 2\n}'));
});

test('text the layout adds maps to no cell', () => {
  const document = doc('x', 'y');
  const added = [...document.text].flatMap((_, offset) => (document.toCell(offset) ? [] : [document.text[offset]]));
  assert.ok(added.join('').includes('{'), 'block braces are layout text');
  assert.equal(document.toCell(document.text.length - 1), undefined);
});

test('an import is hoisted, same length, and blanked in its cell', () => {
  const cells = ['// data\nimport { a } from "m"\nconst b = a', 'b\nimport * as n from "n"\nn'];
  const document = doc(...cells);
  // Both imports come before the first block; each cell keeps its line breaks so lines match.
  const firstBlock = document.text.indexOf('{\n');
  assert.ok(document.text.indexOf('import { a } from "m"') < firstBlock);
  assert.ok(document.text.indexOf('import * as n from "n"') < firstBlock);
  const importOffset = cells[0].indexOf('import') + 'import { '.length;
  const virtual = document.toVirtual(0, importOffset)!;
  assert.equal(document.text.slice(virtual, virtual + 1), 'a');
  assert.ok(virtual < firstBlock);
  assert.deepEqual(document.toCell(virtual), { cell: 0, offset: importOffset });
  // The rest of the cell is at its own place; the blanked import keeps the line count.
  const b = document.toVirtual(0, cells[0].indexOf('const b'))!;
  assert.equal(document.text.slice(b, b + 7), 'const b');
  assert.equal(document.text.slice(document.toVirtual(0, 0)!, b).split('\n').length, 3);
  assertRoundTrip(document);
});

test('export on a declaration is blanked, export default is kept for TypeScript to report', () => {
  const document = doc('export const k = 1\nexport default k');
  const start = document.toVirtual(0, 0)!;
  assert.equal(document.text.slice(start, start + 18), '       const k = 1');
  assert.ok(document.text.includes('export default k'));
});

test('each cell opens a block that holds the later cells (newest declaration wins after it)', () => {
  const document = doc('const x = 1', 'x', 'const x = "s"', 'x');
  const starts = [0, 1, 2, 3].map((cell) => document.toVirtual(cell, 0)!);
  const depth = (offset: number): number =>
    [...document.text.slice(0, offset)].reduce((d, c) => d + (c === '{' ? 1 : c === '}' ? -1 : 0), 0);
  assert.deepEqual(starts.map(depth), [1, 2, 3, 4]);
  assert.equal(depth(document.text.length), 0);
});

test('edits: a rebuilt document maps the changed cell and leaves the others consistent', () => {
  const before = doc('const a = 1', 'a.toFixed()', 'const c = 3');
  const after = doc('const a = 1', '// comment\na.toFixed(2)\n', 'const c = 3');
  assertRoundTrip(before);
  assertRoundTrip(after);
  const cOffset = 'const '.length;
  assert.equal(after.text.slice(after.toVirtual(2, cOffset)!, after.toVirtual(2, cOffset)! + 1), 'c');
  assert.equal(
    after.toVirtual(2, cOffset)! - before.toVirtual(2, cOffset)!,
    '// comment\na.toFixed(2)\n'.length - 'a.toFixed()'.length,
  );
});

test('spans map only inside one segment', () => {
  const document = doc('abc', 'def');
  const start = document.toVirtual(0, 1)!;
  assert.deepEqual(document.toCellSpan(start, 2), { cell: 0, start: 1, length: 2 });
  assert.equal(document.toCellSpan(start, 20), undefined, 'a span that runs into layout text is not a cell span');
  assert.deepEqual(document.toCellSpan(document.toVirtual(1, 3)!, 0), { cell: 1, start: 3, length: 0 });
});

test('positions outside a cell are refused', () => {
  const document = doc('abc');
  assert.equal(document.toVirtual(0, -1), undefined);
  assert.equal(document.toVirtual(0, 4), undefined);
  assert.equal(document.toVirtual(1, 0), undefined);
});

test('CRLF cells keep their characters', () => {
  assertRoundTrip(doc('const a = 1\r\nconst b = 2\r\n', 'import { z } from "m"\r\nz'));
});
