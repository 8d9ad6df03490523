// Lossless re-serialisation (issue 12, item 4): what the program did not change comes back byte for
// byte; what it changed is written in nbformat's style. A table of (original bytes, edit, expected).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sameJson, serializeLossless } from '../../src/host/losslessJson';
import { arrayElements, objectMembers, valueAt } from '../../src/host/jsonSpans';

function roundTrip(original: Buffer, edit: (value: Record<string, unknown>) => void): Buffer {
  const text = original.toString('utf8');
  const current = JSON.parse(text) as Record<string, unknown>;
  edit(current);
  return serializeLossless(current, { bytes: original, pristine: JSON.parse(text) });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the edits reach into parsed JSON of known shape
type Json = Record<string, any>;

const bytes = (...parts: (string | number[])[]): Buffer =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

const table: { name: string; original: Buffer; edit: (v: Json) => void; expected: Buffer }[] = [
  {
    name: 'nothing changed: identical, spacing and all',
    original: bytes('{"a" :1.0,  "b":[1e-400 , 12345678901234567890]}\n'),
    edit: () => undefined,
    expected: bytes('{"a" :1.0,  "b":[1e-400 , 12345678901234567890]}\n'),
  },
  {
    name: 'nothing changed, no final newline: none added (found by the fuzz suite)',
    original: bytes('{"a": 1.0}'),
    edit: () => undefined,
    expected: bytes('{"a": 1.0}'),
  },
  {
    name: 'invalid UTF-8 kept beside a changed member',
    original: bytes('{"md": "caf', [0xe9, 0xff], '", "n": 1}'),
    edit: (v) => (v.n = 2),
    expected: bytes('{\n "md": "caf', [0xe9, 0xff], '",\n "n": 2\n}\n'),
  },
  {
    name: 'numbers JSON cannot hold kept in untouched siblings',
    original: bytes('{"meta": {"big": 12345678901234567890, "tiny": 1e-400, "one": 1.0}, "outputs": []}'),
    edit: (v) => (v.outputs = [{ text: 'hi' }]),
    expected: bytes(
      '{\n "meta": {"big": 12345678901234567890, "tiny": 1e-400, "one": 1.0},\n "outputs": [\n  {\n   "text": "hi"\n  }\n ]\n}\n',
    ),
  },
  {
    name: 'a changed array element; the others copied',
    original: bytes('{"cells": [{"x": 1.0}, {"y": 2}]}'),
    edit: (v) => (v.cells[1].y = 3),
    expected: bytes('{\n "cells": [\n  {"x": 1.0},\n  {\n   "y": 3\n  }\n ]\n}\n'),
  },
  {
    name: 'a key added; escaped keys written as they were',
    original: bytes('{"\\u0061": 1.50}'),
    edit: (v) => (v.b = true),
    expected: bytes('{\n "\\u0061": 1.50,\n "b": true\n}\n'),
  },
  {
    name: 'a key removed',
    original: bytes('{"a": 1.0, "b": 2}'),
    edit: (v) => delete v.b,
    expected: bytes('{\n "a": 1.0\n}\n'),
  },
  {
    name: 'key order alone is no change',
    original: bytes('{"a":1,"b":2}'),
    edit: (v) => Object.assign(v, { a: 1 }),
    expected: bytes('{"a":1,"b":2}'),
  },
];

for (const row of table) {
  test(`lossless JSON: ${row.name}`, () => {
    const out = roundTrip(row.original, row.edit);
    assert.equal(out.toString('latin1'), row.expected.toString('latin1'));
    assert.deepEqual(
      JSON.parse(out.toString('utf8')),
      (() => {
        const v = JSON.parse(row.original.toString('utf8'));
        row.edit(v);
        return v;
      })(),
    );
  });
}

test('lossless JSON: metadata nested 20,000 deep is copied, not re-serialised (no stack overflow)', () => {
  const deep = '{"d":'.repeat(20_000) + '1.0' + '}'.repeat(20_000);
  const original = bytes(`{"metadata": ${deep}, "outputs": []}`);
  const out = roundTrip(original, (v) => (v.outputs = [1]));
  assert.ok(out.includes(Buffer.from(deep)));
  assert.equal(out.toString().endsWith('"outputs": [\n  1\n ]\n}\n'), true);
});

test('json spans: members and elements as written', () => {
  const text = Buffer.from(' {"a": [1, "x\\"]", {"b": null}], "c" : -2.5e3 } ');
  const root = valueAt(text, 0);
  assert.equal(text.toString('utf8', root.start, root.end), '{"a": [1, "x\\"]", {"b": null}], "c" : -2.5e3 }');
  const members = objectMembers(text, root);
  assert.deepEqual(
    members.map((m) => [m.key, text.toString('utf8', m.value.start, m.value.end)]),
    [
      ['a', '[1, "x\\"]", {"b": null}]'],
      ['c', '-2.5e3'],
    ],
  );
  assert.deepEqual(
    arrayElements(text, members[0].value).map((s) => text.toString('utf8', s.start, s.end)),
    ['1', '"x\\"]"', '{"b": null}'],
  );
});

test('sameJson: iterative deep equality', () => {
  assert.equal(sameJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }), true);
  assert.equal(sameJson({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] }), false);
  assert.equal(sameJson([1], { 0: 1 }), false);
  assert.equal(sameJson({ a: undefined, b: 1 }, { b: 1 }), true);
  let deepA: unknown = 1;
  let deepB: unknown = 1;
  for (let i = 0; i < 50_000; i++) [deepA, deepB] = [[deepA], [deepB]];
  assert.equal(sameJson(deepA, deepB), true);
});
