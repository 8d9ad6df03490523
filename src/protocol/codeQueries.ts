/**
 * Questions a front end asks about code the user is typing (Jupyter's complete, inspect and
 * is_complete requests): answered by the kernel process, which owns the cell transform and the
 * notebook's scope, between a running cell's awaits.
 */

export type CodeQuery =
  /** Names that may complete the word before `cursor` (a UTF-16 offset into `code`). */
  | { kind: 'complete'; code: string; cursor: number }
  /** What the name at (or just before) `cursor` is, as text. */
  | { kind: 'inspect'; code: string; cursor: number; detail: 0 | 1 }
  /** Whether `code` is a whole cell, a cell still being typed, or never valid. */
  | { kind: 'isComplete'; code: string };

export type CodeAnswer =
  /** `matches` replace code[start, end). */
  | { kind: 'complete'; matches: string[]; start: number; end: number }
  | { kind: 'inspect'; found: boolean; text: string }
  | { kind: 'isComplete'; status: 'complete' | 'incomplete' | 'invalid'; indent: string }
  | { kind: 'error'; message: string };
