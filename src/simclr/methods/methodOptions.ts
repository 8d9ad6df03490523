/** Checks of method hyper-parameters; errors name the method and the option. */

export function positiveNumber(method: string, name: string, value: number): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value))
    throw new RangeError(`${method}: ${name} must be a positive number, got ${value}`);
  return value;
}

export function positiveInteger(method: string, name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${method}: ${name} must be a positive integer, got ${value}`);
  return value;
}

/** A number in [low, high]. */
export function inRange(method: string, name: string, value: number, low: number, high: number): number {
  if (typeof value !== 'number' || !(value >= low && value <= high))
    throw new RangeError(`${method}: ${name} must be in [${low}, ${high}], got ${value}`);
  return value;
}
