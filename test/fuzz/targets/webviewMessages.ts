// Fuzz target of validateWebviewMessage: anything at all, valid messages with fields replaced, and
// hostile objects (null prototypes, throwing getters, Proxies, class instances, prototype-named
// keys). Contract: never throws; ok:false with a reason, or ok:true with a fresh plain message that
// validates again after a JSON round trip.
import fc from 'fast-check';
import { types } from 'node:util';
import { validateWebviewMessage } from '../../../src/extension/panel/validateWebviewMessage';
import type { FuzzTarget, Outcome } from '../fuzzTarget';

const valid: Record<string, unknown>[] = [
  { type: 'ready' },
  { type: 'request', id: 'r1', request: { kind: 'nearestNeighbours', embeddingsId: 'e1', index: 3, k: 5 } },
  { type: 'request', id: 'r2', request: { kind: 'project', embeddingsId: 'e1', method: 'umap', dims: 2, seed: 1 } },
  {
    type: 'request',
    id: 'r3',
    request: {
      kind: 'augment',
      augmentationsId: 'a1',
      index: 0,
      views: 4,
      seed: 2,
      params: { cropMinScale: 0.3, flipP: 0.5 },
    },
  },
  {
    type: 'request',
    id: 'r4',
    request: { kind: 'inspectPair', embeddingsId: 'e1', index: 2, seed: 9, negatives: 8 },
  },
  { type: 'request', id: 'r5', request: { kind: 'select', embeddingsId: 'e1', indices: [4, 0, 2] } },
];
const KEYS = [
  'type',
  'id',
  'request',
  'kind',
  'embeddingsId',
  'index',
  'k',
  'method',
  'dims',
  'seed',
  'params',
  'views',
  'augmentationsId',
  'constructor',
  'toString',
  '__proto__',
  'hasOwnProperty',
  'valueOf',
  'cropMinScale',
  'negatives',
  'indices',
  '0',
  'length',
];

type Wrap = 'plain' | 'nullProto' | 'getter' | 'proxy' | 'revoked' | 'instance';
interface Case {
  base: number;
  edits: { path: number[]; key: string; value: unknown; wrap: Wrap }[];
  raw: unknown;
  useRaw: boolean;
}

const boom = (): never => {
  throw new Error('hostile');
};

function wrapped(value: unknown, key: string, wrap: Wrap): unknown {
  switch (wrap) {
    case 'plain':
      return value;
    case 'nullProto':
      return Object.assign(
        Object.create(null) as object,
        typeof value === 'object' && value !== null ? value : { [key]: value },
      );
    case 'getter':
      return Object.defineProperty({}, key, { get: boom, enumerable: true });
    case 'proxy':
      return new Proxy(
        { [key]: value },
        { get: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom, ownKeys: boom, has: boom },
      );
    case 'revoked': {
      const p = Proxy.revocable({}, {});
      p.revoke();
      return p.proxy;
    }
    case 'instance':
      return Object.assign(new (class Hostile {})(), { [key]: value });
  }
}

function build(input: Case): unknown {
  if (input.useRaw) return input.raw;
  const message = structuredClone(valid[input.base]);
  for (const edit of input.edits) {
    let target: Record<string, unknown> = message;
    for (const step of edit.path) {
      // Only into plain data the harness made: never through a Proxy or a getter it planted.
      const keys = Object.keys(target).filter((k) => {
        const value = Object.getOwnPropertyDescriptor(target, k)?.value as unknown;
        return (
          typeof value === 'object' &&
          value !== null &&
          !types.isProxy(value) &&
          Object.getPrototypeOf(value) === Object.prototype
        );
      });
      if (keys.length === 0) break;
      target = target[keys[step % keys.length]] as Record<string, unknown>;
    }
    // A non-configurable property that fast-check made (rare) stays as it is.
    if (Object.getOwnPropertyDescriptor(target, edit.key)?.configurable === false) continue;
    Object.defineProperty(target, edit.key, {
      value: wrapped(edit.value, edit.key, edit.wrap),
      enumerable: true,
      configurable: true,
      writable: true,
    });
  }
  return message;
}

export function webviewMessageTarget(): FuzzTarget<Case> {
  return {
    name: 'webview messages: validateWebviewMessage',
    cases: fc.record({
      base: fc.integer({ min: 0, max: valid.length - 1 }),
      edits: fc.array(
        fc.record({
          path: fc.array(fc.nat(3), { maxLength: 2 }),
          key: fc.constantFrom(...KEYS),
          value: fc.oneof(
            fc.anything(),
            fc.constantFrom<unknown>(1e9, -1, 2.5, NaN, Infinity, 'umap', 'augment', Symbol('x'), 10n, () => 1),
          ),
          wrap: fc.constantFrom<Wrap>('plain', 'plain', 'plain', 'nullProto', 'getter', 'proxy', 'revoked', 'instance'),
        }),
        { maxLength: 3 },
      ),
      raw: fc.anything({
        withNullPrototype: true,
        withBigInt: true,
        withMap: true,
        withSet: true,
        withTypedArray: true,
        withSparseArray: true,
        withDate: true,
      }),
      useRaw: fc.boolean(),
    }),
    run(input): Outcome {
      const message = build(input);
      let result;
      try {
        result = validateWebviewMessage(message);
      } catch (error) {
        return {
          kind: 'failure',
          why: `validateWebviewMessage threw: ${error instanceof Error ? error.message : typeof error}`,
        };
      }
      if (!result.ok)
        return typeof result.error === 'string'
          ? { kind: 'clean' }
          : { kind: 'failure', why: 'ok:false without a reason' };
      let again;
      try {
        again = validateWebviewMessage(JSON.parse(JSON.stringify(result.message)));
      } catch (error) {
        return { kind: 'failure', why: `an accepted message is not plain data: ${(error as Error).message}` };
      }
      return again.ok
        ? { kind: 'ok' }
        : { kind: 'failure', why: `accepted, but not after a JSON round trip: ${again.error}` };
    },
  };
}
