// The shape of a fuzz target and how its cases are counted. A case ends 'ok' (the input was
// accepted and the result is consistent), 'clean' (rejected with the error the contract promises:
// naming the file, naming the field, ok:false) or 'failure' (anything else: a raw error, a throw
// where none may be, a silently accepted corruption, a leaked tensor). Cases are fast-check samples
// of mutation descriptions, applied to seeds from the corpus; a seed and an index reproduce any case.
import fc from 'fast-check';

export type Outcome = { kind: 'ok' } | { kind: 'clean' } | { kind: 'failure'; why: string };

export interface FuzzTarget<Case> {
  name: string;
  /** Mutations of the corpus (and generated inputs), as fast-check values. */
  cases: fc.Arbitrary<Case>;
  /** Runs one case; must not throw (a throw counts as a failure of the harness). */
  run(input: Case, index: number): Promise<Outcome> | Outcome;
  /** Frees temporary files. */
  cleanup?(): void;
}

export interface TargetReport {
  target: string;
  cases: number;
  ok: number;
  clean: number;
  failures: number;
  /** The first few failures: case index and why. */
  examples: string[];
}

export async function runTarget<Case>(target: FuzzTarget<Case>, count: number, seed: number): Promise<TargetReport> {
  const report: TargetReport = { target: target.name, cases: 0, ok: 0, clean: 0, failures: 0, examples: [] };
  // Sampled in batches so that a big run never holds all its cases at once.
  const batch = 500;
  for (let done = 0; done < count; done += batch) {
    const inputs = fc.sample(target.cases, { numRuns: Math.min(batch, count - done), seed: seed + done });
    for (const [i, input] of inputs.entries()) {
      let outcome: Outcome;
      try {
        outcome = await target.run(input, done + i);
      } catch (error) {
        outcome = { kind: 'failure', why: `the harness threw: ${(error as Error)?.message ?? String(error)}` };
      }
      report.cases++;
      if (outcome.kind === 'ok') report.ok++;
      else if (outcome.kind === 'clean') report.clean++;
      else {
        report.failures++;
        if (report.examples.length < 5) report.examples.push(`case ${done + i}: ${outcome.why.slice(0, 300)}`);
      }
    }
  }
  target.cleanup?.();
  return report;
}

/** 'clean' when `error` is an Error whose message contains `needle` (a file path, a field), else a failure saying what it was. */
export function cleanIf(error: unknown, needle: string): Outcome {
  const message = error instanceof Error ? error.message : undefined;
  if (message !== undefined && message.includes(needle)) return { kind: 'clean' };
  return {
    kind: 'failure',
    why: `error without ${JSON.stringify(needle)}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
  };
}

/** Byte mutations: flips, sets, zeroed runs, cuts and insertions at fractional positions. */
export type ByteMutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'set'; at: number; value: number }
  | { op: 'zero'; at: number; length: number }
  | { op: 'cut'; at: number }
  | { op: 'insert'; at: number; bytes: number[] }
  | { op: 'u32'; at: number; value: number };

export const byteMutation: fc.Arbitrary<ByteMutation> = fc.oneof(
  fc.record({
    op: fc.constant('flip' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bit: fc.integer({ min: 0, max: 7 }),
  }),
  fc.record({
    op: fc.constant('set' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    value: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    op: fc.constant('zero' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    length: fc.integer({ min: 1, max: 4096 }),
  }),
  fc.record({ op: fc.constant('cut' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }),
  }),
  // Header fields are mostly 32-bit: a whole field set to an extreme is the classic corruption.
  fc.record({
    op: fc.constant('u32' as const),
    at: fc.double({ min: 0, max: 0.05, noNaN: true }),
    value: fc.constantFrom(0, 1, 0x7fffffff, 0xffffffff, 20000, 1e6, 65535),
  }),
);

/** The mutations applied to a copy of `seed`; positions are fractions of the current length. */
export function mutate(seed: Uint8Array, mutations: readonly ByteMutation[]): Buffer {
  let bytes = Buffer.from(seed);
  for (const m of mutations) {
    const at = Math.min(bytes.length, Math.floor(m.at * bytes.length));
    switch (m.op) {
      case 'flip':
        if (at < bytes.length) bytes[at] ^= 1 << m.bit;
        break;
      case 'set':
        if (at < bytes.length) bytes[at] = m.value;
        break;
      case 'zero':
        bytes.fill(0, at, Math.min(bytes.length, at + m.length));
        break;
      case 'cut':
        bytes = bytes.subarray(0, at);
        break;
      case 'insert':
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.bytes), bytes.subarray(at)]);
        break;
      case 'u32':
        if (at + 4 <= bytes.length) bytes.writeUInt32BE(m.value >>> 0, at - (at % 4));
        break;
    }
  }
  return bytes;
}
