import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateWebviewMessage } from '../../../src/extension/panel/validateWebviewMessage';

const nn = { kind: 'nearestNeighbours', embeddingsId: 'emb-1', index: 5, k: 12 };
const project = { kind: 'project', embeddingsId: 'emb-1', method: 'tsne', dims: 2, seed: 1 };
const textQuery = { kind: 'textQuery', embeddingsId: 'emb-1', text: 'a dark coat', k: 12 };
const augment = { kind: 'augment', augmentationsId: 'aug-1', index: 0, views: 8, seed: 3, params: { cropMinScale: 0.2, jitter: 0.4 } };

test('accepts exactly the valid messages: table', () => {
  const cases: unknown[] = [
    { type: 'ready' },
    { type: 'request', id: 'r1-abc', request: nn },
    { type: 'request', id: 'r2', request: project },
    { type: 'request', id: 'r3', request: { ...project, seed: undefined } },
    { type: 'request', id: 'r4', request: augment },
    { type: 'request', id: 'r5', request: textQuery },
  ];
  for (const message of cases) {
    const result = validateWebviewMessage(message);
    assert.ok(result.ok, JSON.stringify(message));
    if (result.ok && (message as { type: string }).type === 'request') {
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
    ['ready with extra field', { type: 'ready', x: 1 }, /unexpected field x/],
    ['request without id', { type: 'request', request: nn }, /request\.id/],
    ['id too long', { type: 'request', id: 'x'.repeat(65), request: nn }, /request\.id/],
    ['id with markup', { type: 'request', id: '<img>', request: nn }, /request\.id/],
    ['request not an object', { type: 'request', id: 'r', request: 'nn' }, /request: expected an object/],
    ['unknown request kind', { type: 'request', id: 'r', request: { kind: 'execute' } }, /unknown kind "execute"/],
    ['nn negative index', { type: 'request', id: 'r', request: { ...nn, index: -1 } }, /index must be/],
    ['nn fractional index', { type: 'request', id: 'r', request: { ...nn, index: 1.5 } }, /index must be/],
    ['nn huge k', { type: 'request', id: 'r', request: { ...nn, k: 1e6 } }, /k must be/],
    ['nn extra field', { type: 'request', id: 'r', request: { ...nn, path: '/etc/passwd' } }, /unexpected field path/],
    ['project bad method', { type: 'request', id: 'r', request: { ...project, method: 'mds' } }, /method must be one of/],
    ['project dims 4', { type: 'request', id: 'r', request: { ...project, dims: 4 } }, /dims must be 2 or 3/],
    ['project NaN seed', { type: 'request', id: 'r', request: { ...project, seed: NaN } }, /seed/],
    ['project embeddingsId object', { type: 'request', id: 'r', request: { ...project, embeddingsId: { toString: 1 } } }, /embeddingsId/],
    ['text query empty', { type: 'request', id: 'r', request: { ...textQuery, text: '  ' } }, /text must be a non-empty string/],
    ['text query too long', { type: 'request', id: 'r', request: { ...textQuery, text: 'a'.repeat(501) } }, /at most 500 characters/],
    ['text query not a string', { type: 'request', id: 'r', request: { ...textQuery, text: ['a'] } }, /text must be/],
    ['text query huge k', { type: 'request', id: 'r', request: { ...textQuery, k: 101 } }, /k must be/],
    ['text query extra field', { type: 'request', id: 'r', request: { ...textQuery, code: 'x' } }, /unexpected field code/],
    ['augment too many views', { type: 'request', id: 'r', request: { ...augment, views: 33 } }, /views must be/],
    ['augment param not a number', { type: 'request', id: 'r', request: { ...augment, params: { crop: '1' } } }, /params\.crop must be a finite number/],
    ['augment param Infinity', { type: 'request', id: 'r', request: { ...augment, params: { crop: Infinity } } }, /finite number/],
    ['augment bad param name', { type: 'request', id: 'r', request: { ...augment, params: { __proto__x: 1 } } }, /bad parameter name/],
    ['augment params array', { type: 'request', id: 'r', request: { ...augment, params: [1] } }, /params must be an object/],
  ];
  for (const [name, message, error] of cases) {
    const result = validateWebviewMessage(message);
    assert.equal(result.ok, false, name);
    if (!result.ok) assert.match(result.error, error, name);
  }
});
