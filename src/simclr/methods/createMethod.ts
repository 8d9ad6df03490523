/**
 * The methods `pretrain` knows by name, and the resolution of `options.method` (a name, a name with
 * hyper-parameters, or a `Method` object) into a `Method`. The one list of method names.
 */
import { rotation } from './rotation';
import { instDisc, type InstDiscOptions } from './instDisc';
import { cpc } from './cpc';
import { simclr, type SimclrOptions } from './simclr';
import { mocoV2, type MocoV2Options } from './mocoV2';
import { simsiam, type SimsiamOptions } from './simsiam';
import { byol, type ByolOptions } from './byol';
import { barlowTwins, type BarlowTwinsMethodOptions } from './barlowTwins';
import type { Method } from './method';

/** Hyper-parameters by method name. */
export interface MethodOptionsByName {
  rotation: Record<string, never>;
  instdisc: InstDiscOptions;
  cpc: Record<string, never>;
  simclr: SimclrOptions;
  'moco-v2': MocoV2Options;
  simsiam: SimsiamOptions;
  byol: ByolOptions;
  'barlow-twins': BarlowTwinsMethodOptions;
}

export type MethodName = keyof MethodOptionsByName;

/** A method named, with its options: `{ name: 'moco-v2', queueSize: 1024 }`. */
export type MethodSpec = { [K in MethodName]: { name: K } & MethodOptionsByName[K] }[MethodName];

const factories: { [K in MethodName]: (options: MethodOptionsByName[K]) => Method } = {
  rotation,
  instdisc: instDisc,
  cpc,
  simclr,
  'moco-v2': mocoV2,
  simsiam,
  byol,
  'barlow-twins': barlowTwins,
};

/** Every method name, in the order of the contrastive-learning story. */
export const METHOD_NAMES = Object.keys(factories) as MethodName[];

function isMethod(value: unknown): value is Method {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Method).attach === 'function' &&
    typeof (value as Method).name === 'string'
  );
}

/**
 * @param method a name, `{ name, ...options }`, or a Method object (returned as is)
 * @param defaults options applied under the spec's own (pretrain's `temperature`, when the method has one)
 */
export function createMethod(
  method: MethodName | MethodSpec | Method = 'simclr',
  defaults: { temperature?: number } = {},
): Method {
  if (isMethod(method)) return method;
  const spec = typeof method === 'string' ? { name: method } : method;
  const name = (spec as { name?: unknown } | null)?.name;
  if (typeof name !== 'string' || !(name in factories)) {
    throw new RangeError(
      `pretrain: method must be one of ${METHOD_NAMES.map((n) => `'${n}'`).join(', ')} or a Method object, got ${JSON.stringify(typeof method === 'object' ? (name ?? method) : method)}`,
    );
  }
  const { name: _, ...options } = spec as { name: MethodName } & Record<string, unknown>;
  const merged = {
    ...('temperature' in factoryDefaults(name as MethodName) && defaults.temperature !== undefined
      ? { temperature: defaults.temperature }
      : {}),
    ...options,
  };
  return (factories[name as MethodName] as (o: unknown) => Method)(merged);
}

/** The resolved config of a method with its defaults (which options it has). */
function factoryDefaults(name: MethodName): Record<string, unknown> {
  return factories[name]({}).config;
}
