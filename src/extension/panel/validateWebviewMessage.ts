/**
 * Validation of every message the panel webview sends to the extension host, before it is acted on.
 * A webview is a web page: treat its messages as untrusted input. Pure; table-tested in
 * test/extension/panel/validateWebviewMessage.test.ts and fuzzed in test/fuzz/.
 *
 * Never throws, whatever it is given (null-prototype objects, getters that throw, Proxies, class
 * instances): only own data properties of plain objects are read, one known field at a time. Unknown
 * fields are never enumerated, only dropped (the result is a fresh object of the known fields):
 * enumerating costs as much as the keys there are, 2 s for a million, while reading the handful of
 * known fields costs the same for any object.
 */
import {
  AUGMENT_PARAM_NAMES,
  MAX_PAIR_NEGATIVES,
  MAX_RESAMPLED_VIEWS,
  MAX_SELECTION_POINTS,
  type PanelRequest,
} from '../../protocol/panelMessages';
import { PROJECTION_METHODS } from '../../protocol/projectionMethods';
import { MAX_SAVE_CHARS, SAVE_FORMATS, type SaveFile, type WebviewToExtension } from '../../protocol/webviewMessages';

export type Validation = { ok: true; message: WebviewToExtension } | { ok: false; error: string };

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;
export const MAX_NEIGHBOURS = 100;
/** Longest text query the panel may send (captions are a dozen words). */
export const MAX_QUERY_LENGTH = 500;

/** A reason to reject, thrown inside the validator and returned as its result. */
class Rejection extends Error {}

function reject(error: string): never {
  throw new Rejection(error);
}

/** `value` when it is a plain data object (prototype Object.prototype or null), else a rejection. */
function plain(value: unknown, what: string): object {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) reject(`${what}: expected an object`);
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) reject(`${what}: expected a plain object`);
  return value;
}

/** An own data property (undefined when absent); an accessor is a rejection, never called. */
function field(o: object, key: string, what: string): unknown {
  const descriptor = Object.getOwnPropertyDescriptor(o, key);
  if (descriptor === undefined) return undefined;
  if (!('value' in descriptor)) reject(`${what}.${key}: an accessor, not a value`);
  return descriptor.value;
}

function int(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** A short, safe description of a value for an error message. */
function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
}

/** A top-level name of a cell (what the Variables view asks about). */
const IDENTIFIER = /^[\p{L}_$][\p{L}\p{N}_$]{0,255}$/u;

function id(o: object, key: string, what: string): string {
  const value = field(o, key, what);
  if (typeof value !== 'string' || !ID.test(value)) reject(`${what}.${key} must be 1-64 characters of [A-Za-z0-9_.:-]`);
  return value;
}

function validateRequest(value: unknown): PanelRequest {
  const r = plain(value, 'request');
  const kind = field(r, 'kind', 'request');
  const what = `request.${typeof kind === 'string' ? kind.slice(0, 40) : typeof kind}`;
  switch (kind) {
    case 'nearestNeighbours': {
      const index = field(r, 'index', what);
      const k = field(r, 'k', what);
      const embeddingsId = id(r, 'embeddingsId', what);
      if (!int(index, 0, 2 ** 31 - 1)) reject(`${what}: index must be an integer >= 0`);
      if (!int(k, 1, MAX_NEIGHBOURS)) reject(`${what}: k must be an integer in 1..${MAX_NEIGHBOURS}`);
      return { kind, embeddingsId, index, k };
    }
    case 'project': {
      const embeddingsId = id(r, 'embeddingsId', what);
      const methodValue = field(r, 'method', what);
      const method = PROJECTION_METHODS.find((m) => m === methodValue);
      if (!method) reject(`${what}: method must be one of ${PROJECTION_METHODS.join(', ')}`);
      const dims = field(r, 'dims', what);
      if (dims !== 2 && dims !== 3) reject(`${what}: dims must be 2 or 3`);
      const seed = field(r, 'seed', what);
      if (seed !== undefined && !int(seed, 0, 2 ** 31 - 1)) reject(`${what}: seed must be a non-negative integer`);
      return { kind, embeddingsId, method, dims, ...(seed !== undefined ? { seed } : {}) };
    }
    case 'textQuery': {
      const embeddingsId = id(r, 'embeddingsId', what);
      const text = field(r, 'text', what);
      const k = field(r, 'k', what);
      if (typeof text !== 'string' || text.trim() === '' || text.length > MAX_QUERY_LENGTH)
        reject(`${what}: text must be a non-empty string of at most ${MAX_QUERY_LENGTH} characters`);
      if (!int(k, 1, MAX_NEIGHBOURS)) reject(`${what}: k must be an integer in 1..${MAX_NEIGHBOURS}`);
      return { kind, embeddingsId, text, k };
    }
    case 'augment': {
      const augmentationsId = id(r, 'augmentationsId', what);
      const index = field(r, 'index', what);
      const views = field(r, 'views', what);
      const seed = field(r, 'seed', what);
      if (!int(index, 0, 2 ** 31 - 1)) reject(`${what}: index must be an integer >= 0`);
      if (!int(views, 1, MAX_RESAMPLED_VIEWS)) reject(`${what}: views must be an integer in 1..${MAX_RESAMPLED_VIEWS}`);
      if (!int(seed, 0, 2 ** 31 - 1)) reject(`${what}: seed must be a non-negative integer`);
      const given = field(r, 'params', what);
      if (typeof given !== 'object' || given === null || Array.isArray(given))
        reject(`${what}: params must be an object`);
      const source = plain(given, `${what}.params`);
      // Only the tunable parameters are read: a name such as 'constructor' is never looked up.
      const params: Record<string, number> = {};
      for (const name of AUGMENT_PARAM_NAMES) {
        const param = field(source, name, `${what}.params`);
        if (param === undefined) continue;
        if (typeof param !== 'number' || !Number.isFinite(param))
          reject(`${what}: params.${name} must be a finite number`);
        params[name] = param;
      }
      return { kind, augmentationsId, index, views, seed, params };
    }
    case 'tensorImage': {
      const name = field(r, 'name', what);
      if (typeof name !== 'string' || !IDENTIFIER.test(name)) reject(`${what}: name must be a JavaScript identifier`);
      return { kind, name };
    }
    case 'inspectPair': {
      const embeddingsId = id(r, 'embeddingsId', what);
      const index = field(r, 'index', what);
      const seed = field(r, 'seed', what);
      const negatives = field(r, 'negatives', what);
      if (!int(index, 0, 2 ** 31 - 1)) reject(`${what}: index must be an integer >= 0`);
      if (!int(seed, 0, 2 ** 31 - 1)) reject(`${what}: seed must be a non-negative integer`);
      if (!int(negatives, 0, MAX_PAIR_NEGATIVES))
        reject(`${what}: negatives must be an integer in 0..${MAX_PAIR_NEGATIVES}`);
      return { kind, embeddingsId, index, seed, negatives };
    }
    case 'select': {
      const embeddingsId = id(r, 'embeddingsId', what);
      const given = field(r, 'indices', what);
      if (!Array.isArray(given) || Object.getPrototypeOf(given) !== Array.prototype)
        reject(`${what}: indices must be an array`);
      const list = given as unknown[];
      if (list.length > MAX_SELECTION_POINTS) reject(`${what}: at most ${MAX_SELECTION_POINTS} indices`);
      const indices = new Array<number>(list.length);
      for (let i = 0; i < list.length; i++) {
        const value = field(list, String(i), `${what}.indices`);
        if (!int(value, 0, 2 ** 31 - 1)) reject(`${what}: indices[${i}] must be an integer >= 0`);
        indices[i] = value;
      }
      return { kind, embeddingsId, indices };
    }
    default:
      return reject(`request: unknown kind ${shown(kind)}`);
  }
}

/** A file name to suggest in the save dialog: no path separators, no leading dot, the format's extension. */
const FILE_NAME = /^[\p{L}\p{N}_-][\p{L}\p{N} _.()-]{0,99}$/u;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function validateSaveFile(value: unknown): SaveFile {
  const f = plain(value, 'save.file');
  const formatValue = field(f, 'format', 'save.file');
  const format = SAVE_FORMATS.find((s) => s === formatValue);
  if (!format) reject(`save.file: format must be one of ${SAVE_FORMATS.join(', ')}`);
  const name = field(f, 'name', 'save.file');
  if (typeof name !== 'string' || !FILE_NAME.test(name) || !name.toLowerCase().endsWith(`.${format}`)) {
    reject(
      `save.file: name must be a plain file name ending in .${format} (letters, digits, space, _ . ( ) -; at most 100 characters)`,
    );
  }
  const content = field(f, format === 'csv' ? 'text' : 'base64', 'save.file');
  if (typeof content !== 'string' || content.length > MAX_SAVE_CHARS)
    reject(
      `save.file: ${format === 'csv' ? 'text' : 'base64'} must be a string of at most ${MAX_SAVE_CHARS} characters`,
    );
  if (format === 'csv') return { format, name, text: content };
  if (content.length % 4 !== 0 || !BASE64.test(content) || !content.startsWith('iVBORw0KGgo'))
    reject('save.file: base64 must be a base64-encoded PNG');
  return { format, name, base64: content };
}

/** Accepts exactly the WebviewToExtension union; the result is a fresh object (no extra fields pass through). Never throws. */
export function validateWebviewMessage(value: unknown): Validation {
  try {
    const message = plain(value, 'message');
    const type = field(message, 'type', 'message');
    switch (type) {
      case 'ready':
        return { ok: true, message: { type: 'ready' } };
      case 'request': {
        const requestId = id(message, 'id', 'request');
        return {
          ok: true,
          message: { type: 'request', id: requestId, request: validateRequest(field(message, 'request', 'request')) },
        };
      }
      case 'save': {
        const saveId = id(message, 'id', 'save');
        return {
          ok: true,
          message: { type: 'save', id: saveId, file: validateSaveFile(field(message, 'file', 'save')) },
        };
      }
      default:
        return { ok: false, error: `message: unknown type ${shown(type)}` };
    }
  } catch (error) {
    return { ok: false, error: rejection(error) ?? 'message: unreadable (a Proxy or an object that throws when read)' };
  }
}

/** The message of a Rejection; undefined for anything else (a thrown Proxy cannot break this either). */
function rejection(error: unknown): string | undefined {
  try {
    return error instanceof Rejection ? error.message : undefined;
  } catch {
    return undefined;
  }
}
