import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateWebviewMessage } from '../../../src/extension/panel/validateWebviewMessage';

const nn = { kind: 'nearestNeighbours', embeddingsId: 'emb-1', index: 5, k: 12 };
const project = { kind: 'project', embeddingsId: 'emb-1', method: 'tsne', dims: 2, seed: 1 };
const textQuery = { kind: 'textQuery', embeddingsId: 'emb-1', text: 'a dark coat', k: 12 };
const inspectPair = { kind: 'inspectPair', embeddingsId: 'embeddings-1', index: 3, seed: 123456, negatives: 8 };
const csv = { format: 'csv', name: 'emb-1-pca-selection.csv', text: 'index,label\n0,1\n' };
const png = { format: 'png', name: 'emb-1 pca (view).png', base64: 'iVBORw0KGgoAAAANSUhEUg==' };
const augment = {
  kind: 'augment',
  augmentationsId: 'aug-1',
  index: 0,
  views: 8,
  seed: 3,
  params: { cropMinScale: 0.2, jitterP: 0.4 },
};

test('accepts exactly the valid messages: table', () => {
  const cases: unknown[] = [
    { type: 'ready' },
    { type: 'request', id: 'r1-abc', request: nn },
    { type: 'request', id: 'r2', request: project },
    { type: 'request', id: 'r3', request: { ...project, seed: undefined } },
    { type: 'request', id: 'r4', request: augment },
    { type: 'request', id: 'r5', request: textQuery },
    { type: 'request', id: 'r6', request: { kind: 'tensorImage', name: 'images' } },
    { type: 'request', id: 'r7', request: { kind: 'tensorImage', name: '$_été2' } },
    { type: 'request', id: 'r8', request: inspectPair },
    { type: 'request', id: 'r9', request: { ...inspectPair, index: 0, seed: 0, negatives: 0 } },
    { type: 'request', id: 'r10', request: { kind: 'select', embeddingsId: 'embeddings-1', indices: [9, 0, 3] } },
    { type: 'request', id: 'r11', request: { kind: 'select', embeddingsId: 'embeddings-1', indices: [] } },
    { type: 'save', id: 's1', file: csv },
    { type: 'save', id: 's2', file: png },
    { type: 'save', id: 's3', file: { ...csv, name: 'Übersicht.CSV', text: '' } },
  ];
  for (const message of cases) {
    const result = validateWebviewMessage(message);
    assert.ok(result.ok, JSON.stringify(message));
    if (result.ok && (message as { type: string }).type !== 'ready') {
      const expected = JSON.parse(JSON.stringify(message));
      assert.deepEqual(JSON.parse(JSON.stringify(result.message)), expected);
    }
  }
});

test('rejects malformed and hostile messages, naming the field: table', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['null', null, /expected an object/],
    ['array', [], /expected an object/],
    ['unknown type', { type: 'runCell', code: 'process.exit()' }, /unknown type "runCell"/],
    ['request without id', { type: 'request', request: nn }, /request\.id/],
    ['id too long', { type: 'request', id: 'x'.repeat(65), request: nn }, /request\.id/],
    ['id with markup', { type: 'request', id: '<img>', request: nn }, /request\.id/],
    ['request not an object', { type: 'request', id: 'r', request: 'nn' }, /request: expected an object/],
    ['unknown request kind', { type: 'request', id: 'r', request: { kind: 'execute' } }, /unknown kind "execute"/],
    ['nn negative index', { type: 'request', id: 'r', request: { ...nn, index: -1 } }, /index must be/],
    ['nn fractional index', { type: 'request', id: 'r', request: { ...nn, index: 1.5 } }, /index must be/],
    ['nn huge k', { type: 'request', id: 'r', request: { ...nn, k: 1e6 } }, /k must be/],
    [
      'project bad method',
      { type: 'request', id: 'r', request: { ...project, method: 'mds' } },
      /method must be one of/,
    ],
    ['project dims 4', { type: 'request', id: 'r', request: { ...project, dims: 4 } }, /dims must be 2 or 3/],
    ['project NaN seed', { type: 'request', id: 'r', request: { ...project, seed: NaN } }, /seed/],
    [
      'project embeddingsId object',
      { type: 'request', id: 'r', request: { ...project, embeddingsId: { toString: 1 } } },
      /embeddingsId/,
    ],
    [
      'text query empty',
      { type: 'request', id: 'r', request: { ...textQuery, text: '  ' } },
      /text must be a non-empty string/,
    ],
    [
      'text query too long',
      { type: 'request', id: 'r', request: { ...textQuery, text: 'a'.repeat(501) } },
      /at most 500 characters/,
    ],
    ['text query not a string', { type: 'request', id: 'r', request: { ...textQuery, text: ['a'] } }, /text must be/],
    ['text query huge k', { type: 'request', id: 'r', request: { ...textQuery, k: 101 } }, /k must be/],
    ['augment too many views', { type: 'request', id: 'r', request: { ...augment, views: 33 } }, /views must be/],
    [
      'augment param not a number',
      { type: 'request', id: 'r', request: { ...augment, params: { flipP: '1' } } },
      /params\.flipP must be a finite number/,
    ],
    [
      'augment param Infinity',
      { type: 'request', id: 'r', request: { ...augment, params: { hue: Infinity } } },
      /finite number/,
    ],
    [
      'tensorImage name with a dot',
      { type: 'request', id: 'r', request: { kind: 'tensorImage', name: 'a.b' } },
      /name must be a JavaScript identifier/,
    ],
    [
      'tensorImage name not a string',
      { type: 'request', id: 'r', request: { kind: 'tensorImage', name: 1 } },
      /name must be/,
    ],
    [
      'tensorImage empty name',
      { type: 'request', id: 'r', request: { kind: 'tensorImage', name: '' } },
      /name must be/,
    ],
    ['inspectPair without seed', { type: 'request', id: 'r', request: { ...inspectPair, seed: undefined } }, /seed/],
    ['inspectPair negative index', { type: 'request', id: 'r', request: { ...inspectPair, index: -1 } }, /index/],
    ['inspectPair fractional index', { type: 'request', id: 'r', request: { ...inspectPair, index: 1.5 } }, /index/],
    ['inspectPair string seed', { type: 'request', id: 'r', request: { ...inspectPair, seed: '7' } }, /seed/],
    [
      'inspectPair too many negatives',
      { type: 'request', id: 'r', request: { ...inspectPair, negatives: 33 } },
      /negatives must be an integer in 0\.\.32/,
    ],
    [
      'inspectPair id with a slash',
      { type: 'request', id: 'r', request: { ...inspectPair, embeddingsId: '../x' } },
      /embeddingsId/,
    ],
    [
      'select indices not an array',
      { type: 'request', id: 'r', request: { kind: 'select', embeddingsId: 'e', indices: { 0: 1, length: 1 } } },
      /indices must be an array/,
    ],
    [
      'select negative index',
      { type: 'request', id: 'r', request: { kind: 'select', embeddingsId: 'e', indices: [1, -1] } },
      /indices\[1\] must be an integer >= 0/,
    ],
    [
      'select string index',
      { type: 'request', id: 'r', request: { kind: 'select', embeddingsId: 'e', indices: ['1'] } },
      /indices\[0\]/,
    ],
    [
      'select too many',
      { type: 'request', id: 'r', request: { kind: 'select', embeddingsId: 'e', indices: new Array(100_001).fill(0) } },
      /at most 100000 indices/,
    ],
    [
      'select a hole in the array',
      // eslint-disable-next-line no-sparse-arrays
      { type: 'request', id: 'r', request: { kind: 'select', embeddingsId: 'e', indices: [1, , 2] } },
      /indices\[1\]/,
    ],
    ['save without id', { type: 'save', file: csv }, /save\.id/],
    [
      'save unknown format',
      { type: 'save', id: 's', file: { ...csv, format: 'exe' } },
      /format must be one of csv, png/,
    ],
    [
      'save name with a path',
      { type: 'save', id: 's', file: { ...csv, name: '../../.bashrc.csv' } },
      /plain file name/,
    ],
    ['save name with a slash', { type: 'save', id: 's', file: { ...csv, name: 'a/b.csv' } }, /plain file name/],
    ['save hidden file name', { type: 'save', id: 's', file: { ...csv, name: '.csv' } }, /plain file name/],
    [
      'save name with the wrong extension',
      { type: 'save', id: 's', file: { ...csv, name: 'points.png' } },
      /ending in \.csv/,
    ],
    ['save name too long', { type: 'save', id: 's', file: { ...csv, name: `${'a'.repeat(100)}.csv` } }, /at most 100/],
    [
      'save csv without text',
      { type: 'save', id: 's', file: { format: 'csv', name: 'a.csv' } },
      /text must be a string/,
    ],
    ['save csv text not a string', { type: 'save', id: 's', file: { ...csv, text: ['a'] } }, /text must be a string/],
    [
      'save csv text too long',
      { type: 'save', id: 's', file: { ...csv, text: 'a'.repeat(32 * 1024 * 1024 + 1) } },
      /at most 33554432 characters/,
    ],
    [
      'save png not base64',
      { type: 'save', id: 's', file: { ...png, base64: 'iVBORw0KGgo<script>=' } },
      /base64-encoded PNG/,
    ],
    [
      'save png with a data: prefix',
      { type: 'save', id: 's', file: { ...png, base64: 'data:image/png;base64,iVBORw0KGgo=' } },
      /base64-encoded PNG/,
    ],
    [
      'save png that is not a PNG',
      { type: 'save', id: 's', file: { ...png, base64: 'R0lGODlhAQABAAAAACw=' } },
      /base64-encoded PNG/,
    ],
    [
      'save png given as text',
      { type: 'save', id: 's', file: { format: 'png', name: 'a.png', text: 'iVBORw0KGgo=' } },
      /base64 must be a string/,
    ],
    ['save file not an object', { type: 'save', id: 's', file: 'a.csv' }, /save\.file: expected an object/],
    [
      'augment params array',
      { type: 'request', id: 'r', request: { ...augment, params: [1] } },
      /params must be an object/,
    ],
  ];
  for (const [name, message, error] of cases) {
    const result = validateWebviewMessage(message);
    assert.equal(result.ok, false, name);
    if (!result.ok) assert.match(result.error, error, name);
  }
});

// Issue 12, item 16: never throws, rejects early, reads only known own data fields.
const boom = (): never => {
  throw new Error('trap');
};
const getter = (o: object, key: string): object => Object.defineProperty(o, key, { get: boom, enumerable: true });

test('hostile values are rejected (or their unknown parts dropped), never thrown: table', () => {
  const nullProto = Object.assign(Object.create(null) as object, {
    type: 'request',
    id: 'r',
    request: Object.assign(Object.create(null) as object, nn),
  });
  const cases: Array<[string, unknown, RegExp | 'ok']> = [
    ['null-prototype objects are plain data', nullProto, 'ok'],
    [
      'a null-prototype object of unknown type',
      Object.assign(Object.create(null) as object, { type: Object.create(null) }),
      /unknown type object/,
    ],
    ['a throwing getter on type', getter({}, 'type'), /message\.type: an accessor/],
    [
      'a throwing getter on a request field',
      { type: 'request', id: 'r', request: getter({ ...nn }, 'k') },
      /k: an accessor/,
    ],
    [
      'a throwing getter on a param',
      { type: 'request', id: 'r', request: { ...augment, params: getter({}, 'flipP') } },
      /params\.flipP: an accessor/,
    ],
    [
      'a Proxy whose every trap throws',
      new Proxy({}, { get: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom, ownKeys: boom, has: boom }),
      /unreadable/,
    ],
    [
      'a Proxy as the request',
      { type: 'request', id: 'r', request: new Proxy({ ...nn }, { getOwnPropertyDescriptor: boom }) },
      /unreadable/,
    ],
    [
      'a revoked Proxy',
      (() => {
        const p = Proxy.revocable({}, {});
        p.revoke();
        return p.proxy;
      })(),
      /unreadable/,
    ],
    [
      'a class instance',
      { type: 'request', id: 'r', request: Object.assign(new (class Request {})(), nn) },
      /expected a plain object/,
    ],
    ['a Date', new Date(), /expected a plain object/],
    ['a Symbol type', { type: Symbol('ready') }, /unknown type symbol/],
    [
      'a null-prototype kind',
      { type: 'request', id: 'r', request: { kind: Object.create(null) } },
      /unknown kind object/,
    ],
  ];
  for (const [name, message, expected] of cases) {
    let result;
    assert.doesNotThrow(() => (result = validateWebviewMessage(message)), name);
    const r = result as unknown as ReturnType<typeof validateWebviewMessage>;
    if (expected === 'ok') assert.equal(r.ok, true, name);
    else {
      assert.equal(r.ok, false, name);
      if (!r.ok) assert.match(r.error, expected, name);
    }
  }
});

test('parameter names such as constructor and toString are never read or passed on', () => {
  const params = {
    constructor: 1,
    toString: 2,
    hasOwnProperty: 3,
    __proto__: { flipP: 0.9 },
    valueOf: 4,
    cropMinScale: 0.5,
  };
  const result = validateWebviewMessage({ type: 'request', id: 'r', request: { ...augment, params } });
  assert.equal(result.ok, false, 'an inherited field (a non-plain prototype) is not data');
  const flat = validateWebviewMessage({
    type: 'request',
    id: 'r',
    request: { ...augment, params: { constructor: 1, toString: 2, hasOwnProperty: 3, cropMinScale: 0.5 } },
  });
  assert.ok(flat.ok);
  if (flat.ok && flat.message.type === 'request' && flat.message.request.kind === 'augment')
    assert.deepEqual(Object.keys(flat.message.request.params), ['cropMinScale']);
});

test('a message of a million keys is answered from its known fields; unknown ones are dropped', () => {
  const huge: Record<string, unknown> = { type: 'request', id: 'big', request: { ...nn } };
  for (let i = 0; i < 1_000_000; i++) huge[`k${i}`] = i;
  const result = validateWebviewMessage(huge);
  assert.ok(result.ok);
  if (result.ok) assert.deepEqual(Object.keys(result.message), ['type', 'id', 'request']);
  const extra = validateWebviewMessage({ type: 'request', id: 'r', request: { ...nn, path: '/etc/passwd' } });
  assert.ok(extra.ok && extra.message.type === 'request' && !('path' in extra.message.request));
});
