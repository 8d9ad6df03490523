/**
 * The exhaustive-switch check of every discriminated union in the project: `default: assertNever(x, 'what')`
 * fails to compile when a variant is unhandled, and throws (naming the value) if one arrives at run time
 * anyway (a message from a newer or older process).
 */
export function assertNever(value: never, what: string): never {
  throw new Error(`unknown ${what}: ${JSON.stringify(value)}`);
}
