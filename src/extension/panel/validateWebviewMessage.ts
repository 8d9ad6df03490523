/**
 * Validation of every message the panel webview sends to the extension host, before it is acted on.
 * A webview is a web page: treat its messages as untrusted input. Pure; table-tested in
 * test/extension/panel/validateWebviewMessage.test.ts.
 */
import type { PanelRequest } from '../../protocol/panelMessages';
import type { WebviewToExtension } from '../../protocol/webviewMessages';

export type Validation = { ok: true; message: WebviewToExtension } | { ok: false; error: string };

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const METHODS = ['pca', 'tsne', 'umap'] as const;
export const MAX_NEIGHBOURS = 100;
/** Longest text query the panel may send (captions are a dozen words). */
export const MAX_QUERY_LENGTH = 500;
export const MAX_VIEWS = 32;

type Fields = Record<string, unknown>;

function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function int(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}
function onlyKeys(o: Fields, allowed: readonly string[]): string | undefined {
  const extra = Object.keys(o).filter((k) => !allowed.includes(k));
  return extra.length > 0 ? `unexpected field ${extra[0]}` : undefined;
}

function validateRequest(r: unknown): { ok: true; request: PanelRequest } | { ok: false; error: string } {
  if (!isRecord(r)) return { ok: false, error: 'request: expected an object' };
  const fail = (error: string): { ok: false; error: string } => ({ ok: false, error: `request.${String(r.kind)}: ${error}` });
  switch (r.kind) {
    case 'nearestNeighbours': {
      const extra = onlyKeys(r, ['kind', 'embeddingsId', 'index', 'k']);
      if (extra) return fail(extra);
      if (typeof r.embeddingsId !== 'string' || !ID.test(r.embeddingsId)) return fail('embeddingsId must be an id string');
      if (!int(r.index, 0, 2 ** 31 - 1)) return fail('index must be an integer >= 0');
      if (!int(r.k, 1, MAX_NEIGHBOURS)) return fail(`k must be an integer in 1..${MAX_NEIGHBOURS}`);
      return { ok: true, request: { kind: 'nearestNeighbours', embeddingsId: r.embeddingsId, index: r.index, k: r.k } };
    }
    case 'project': {
      const extra = onlyKeys(r, ['kind', 'embeddingsId', 'method', 'dims', 'seed']);
      if (extra) return fail(extra);
      if (typeof r.embeddingsId !== 'string' || !ID.test(r.embeddingsId)) return fail('embeddingsId must be an id string');
      const method = METHODS.find((m) => m === r.method);
      if (!method) return fail(`method must be one of ${METHODS.join(', ')}`);
      if (r.dims !== 2 && r.dims !== 3) return fail('dims must be 2 or 3');
      if (r.seed !== undefined && !int(r.seed, 0, 2 ** 31 - 1)) return fail('seed must be a non-negative integer');
      return { ok: true, request: { kind: 'project', embeddingsId: r.embeddingsId, method, dims: r.dims, ...(r.seed !== undefined ? { seed: r.seed } : {}) } };
    }
    case 'textQuery': {
      const extra = onlyKeys(r, ['kind', 'embeddingsId', 'text', 'k']);
      if (extra) return fail(extra);
      if (typeof r.embeddingsId !== 'string' || !ID.test(r.embeddingsId)) return fail('embeddingsId must be an id string');
      if (typeof r.text !== 'string' || r.text.trim() === '' || r.text.length > MAX_QUERY_LENGTH) return fail(`text must be a non-empty string of at most ${MAX_QUERY_LENGTH} characters`);
      if (!int(r.k, 1, MAX_NEIGHBOURS)) return fail(`k must be an integer in 1..${MAX_NEIGHBOURS}`);
      return { ok: true, request: { kind: 'textQuery', embeddingsId: r.embeddingsId, text: r.text, k: r.k } };
    }
    case 'augment': {
      const extra = onlyKeys(r, ['kind', 'augmentationsId', 'index', 'views', 'seed', 'params']);
      if (extra) return fail(extra);
      if (typeof r.augmentationsId !== 'string' || !ID.test(r.augmentationsId)) return fail('augmentationsId must be an id string');
      if (!int(r.index, 0, 2 ** 31 - 1)) return fail('index must be an integer >= 0');
      if (!int(r.views, 1, MAX_VIEWS)) return fail(`views must be an integer in 1..${MAX_VIEWS}`);
      if (!int(r.seed, 0, 2 ** 31 - 1)) return fail('seed must be a non-negative integer');
      if (!isRecord(r.params)) return fail('params must be an object');
      const entries = Object.entries(r.params);
      if (entries.length > 32) return fail('params: at most 32 entries');
      const params: Record<string, number> = {};
      for (const [name, value] of entries) {
        if (!PARAM_NAME.test(name)) return fail(`params: bad parameter name ${JSON.stringify(name.slice(0, 40))}`);
        if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`params.${name} must be a finite number`);
        params[name] = value;
      }
      return { ok: true, request: { kind: 'augment', augmentationsId: r.augmentationsId, index: r.index, views: r.views, seed: r.seed, params } };
    }
    default:
      return { ok: false, error: `request: unknown kind ${JSON.stringify(String(r.kind).slice(0, 40))}` };
  }
}

/** Accepts exactly the WebviewToExtension union; the result is a fresh object (no extra fields pass through). */
export function validateWebviewMessage(value: unknown): Validation {
  if (!isRecord(value)) return { ok: false, error: 'message: expected an object' };
  switch (value.type) {
    case 'ready': {
      const extra = onlyKeys(value, ['type']);
      return extra ? { ok: false, error: `ready: ${extra}` } : { ok: true, message: { type: 'ready' } };
    }
    case 'request': {
      const extra = onlyKeys(value, ['type', 'id', 'request']);
      if (extra) return { ok: false, error: `request: ${extra}` };
      if (typeof value.id !== 'string' || !ID.test(value.id)) return { ok: false, error: 'request.id must be 1-64 characters of [A-Za-z0-9_.:-]' };
      const request = validateRequest(value.request);
      return request.ok ? { ok: true, message: { type: 'request', id: value.id, request: request.request } } : request;
    }
    default:
      return { ok: false, error: `message: unknown type ${JSON.stringify(String(value.type).slice(0, 40))}` };
  }
}
