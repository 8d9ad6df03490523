/**
 * The one error type of `npm run setup:native`: which step failed (a short category such as
 * "no pip", "wrong platform", "missing symbols", "compiler missing"), why, and what to do about it.
 */
export class SetupError extends Error {
  constructor(
    readonly category: string,
    readonly why: string,
    readonly fix: string,
  ) {
    super(`${category}: ${why}`);
    this.name = 'SetupError';
  }
}
