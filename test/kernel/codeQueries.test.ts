// Completion, inspection and is_complete from a scope, as tables (the kernel answers these for Jupyter).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { complete } from '../../src/kernel/codeQueries/complete';
import { inspect } from '../../src/kernel/codeQueries/inspect';
import { isComplete } from '../../src/kernel/codeQueries/isComplete';
import { dottedNameAt } from '../../src/kernel/codeQueries/codeAtCursor';

let getterRan = false;
const scope: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, {
  model: {
    encoder: { layers: [1, 2] },
    fit(epochs: number, batch = 32) {
      return epochs + batch;
    },
  },
  modelName: 'cnn',
  lazy: Object.defineProperty({}, 'expensive', { get: () => ((getterRan = true), { inner: 1 }), enumerable: true }),
  __lt_hidden: 1,
});

test('codeAtCursor: the dotted name before the cursor', () => {
  assert.deepEqual(dottedNameAt('x = model.enc', 13), { base: ['model'], word: 'enc', start: 10, end: 13 });
  assert.deepEqual(dottedNameAt('model . encoder.', 16), { base: ['model', 'encoder'], word: '', start: 16, end: 16 });
  assert.deepEqual(dottedNameAt('mod', 3), { base: [], word: 'mod', start: 0, end: 3 });
  assert.deepEqual(dottedNameAt('modelName', 2, true), { base: [], word: 'modelName', start: 0, end: 9 });
  assert.deepEqual(dottedNameAt('1.', 2), { base: [], word: '', start: 2, end: 2 });
});

const completions: [string, number | undefined, string[] | ((m: string[]) => boolean)][] = [
  ['mode', undefined, ['model', 'modelName']],
  ['model.enc', undefined, ['encoder']],
  ['model.encoder.layers.pu', undefined, ['push']],
  ['Math.PI', undefined, ['PI']],
  ['cons', undefined, (m) => m.includes('const') && m.includes('console')],
  ['__lt_', undefined, []],
  ['lazy.expensive.', undefined, []],
  ['nothing.here', undefined, []],
  ['mode + 1', 4, ['model', 'modelName']],
];
for (const [code, cursor, expected] of completions) {
  test(`complete: ${JSON.stringify(code)}${cursor === undefined ? '' : ` at ${cursor}`}`, () => {
    const answer = complete(code, cursor ?? code.length, scope);
    if (typeof expected === 'function') assert.ok(expected(answer.matches), answer.matches.join(' '));
    else assert.deepEqual(answer.matches, expected);
  });
}

test('complete: replaces exactly the word being typed', () => {
  const answer = complete('x = model.enc', 13, scope);
  assert.deepEqual([answer.start, answer.end], [10, 13]);
});

test('complete and inspect never run a getter', () => {
  complete('lazy.expensive.in', 17, scope);
  inspect('lazy.expensive', 14, 1, scope);
  assert.equal(getterRan, false);
});

test('inspect: a function shows its signature, a value its printout, an unknown name is not found', () => {
  const fit = inspect('model.fit', 9, 0, scope);
  assert.equal(fit.found, true);
  assert.match(fit.text, /model\.fit: function\nfit\(epochs,\s*batch\s*=\s*32\)/);
  assert.match(inspect('modelName', 3, 0, scope).text, /modelName: string\n'cnn'/);
  assert.match(inspect('Math.max', 8, 0, scope).text, /\[native\]/);
  assert.equal(inspect('missing', 7, 0, scope).found, false);
});

const wholeness: [string, 'complete' | 'incomplete' | 'invalid', string?][] = [
  ['const a: number = 1', 'complete'],
  ['', 'complete'],
  ['await Promise.resolve(1)', 'complete'],
  ['function f() {', 'incomplete', '  '],
  ['if (a) {\n  foo(', 'incomplete', '    '],
  ['const s = `abc', 'incomplete'],
  ['1 +', 'incomplete'],
  ["const s = 'abc", 'invalid'],
  ['const = 1', 'invalid'],
  [')', 'invalid'],
];
for (const [code, status, indent] of wholeness) {
  test(`isComplete: ${JSON.stringify(code)} is ${status}`, () => {
    const answer = isComplete(code);
    assert.equal(answer.status, status);
    if (indent !== undefined) assert.equal(answer.indent, indent);
  });
}
