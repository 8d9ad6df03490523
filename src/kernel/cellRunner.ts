/**
 * Runs cells one after another in this process's realm, sharing one scope object between them
 * (the REPL's "global" scope: what top-level declarations write). An interrupt aborts the cell's
 * AbortSignal, which library loops watch through the ambient RunContext (they return at their next
 * step boundary and the cell finishes 'interrupted' with its value); the cell promise is also raced
 * against the abort, so plain asynchronous code ends 'interrupted' after SETTLE_MS, state kept.
 */
import * as vm from 'node:vm';
import type { CellError } from '../protocol/outputs';
import type { ExecutionStatus } from '../protocol/kernelMessages';
import { compileCell } from './transform/compileCell';
import { CellRegistry } from './transform/stackMapping';
import type { Importer } from './importer';

export interface CellResult {
  status: ExecutionStatus;
  /** The value of the cell's last expression (undefined when hidden by `;` or absent). */
  value?: unknown;
  hasValue: boolean;
  error?: CellError;
}

type CellFunction = (scope: Record<string, unknown>, importer: Importer) => Promise<unknown>;

export class CellRunner {
  /** The notebook's top-level names. Null prototype: `toString` in a cell is the global one, not Object's. */
  readonly scope: Record<string, unknown> = Object.create(null);
  private readonly registry = new CellRegistry();
  private count = 0;

  constructor(private readonly importer: Importer) {}

  /** Makes names visible to every cell (the display API), as if declared by an earlier cell. */
  define(names: Record<string, unknown>): void {
    Object.assign(this.scope, names);
  }

  async run(source: string, signal: AbortSignal, cellName?: string): Promise<CellResult> {
    this.count++;
    const filename = `${(cellName ?? 'cell').replace(/[^\w .\-#]/g, '_')}[${this.count}]`;
    let cell: CellFunction;
    try {
      const compiled = compileCell(source, filename);
      this.registry.add(filename, compiled);
      const script = new vm.Script(compiled.script, { filename });
      cell = script.runInThisContext() as CellFunction;
      for (const name of compiled.declared) if (!(name in this.scope)) this.scope[name] = undefined;
    } catch (error) {
      return { status: 'error', hasValue: false, error: this.registry.toCellError(error) };
    }
    if (signal.aborted) return { status: 'interrupted', hasValue: false };
    let onAbort = (): void => undefined;
    let settleTimer: NodeJS.Timeout | undefined;
    const aborted = new Promise<typeof ABORTED>((resolve) => {
      // A library loop stops at its next step boundary and the cell then finishes normally (so
      // `const r = await pretrain(...)` still assigns r); other code is abandoned after SETTLE_MS.
      onAbort = () => (settleTimer = setTimeout(() => resolve(ABORTED), SETTLE_MS));
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const value = await Promise.race([cell(this.scope, this.importer), aborted]);
      if (value === ABORTED) return { status: 'interrupted', hasValue: false };
      return { status: signal.aborted ? 'interrupted' : 'ok', value, hasValue: value !== undefined };
    } catch (error) {
      if (signal.aborted) return { status: 'interrupted', hasValue: false, error: this.registry.toCellError(error) };
      return { status: 'error', hasValue: false, error: this.registry.toCellError(error) };
    } finally {
      clearTimeout(settleTimer);
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Whether a stack frame line is in a cell compiled by this runner. */
  isCellFrame(frame: string): boolean {
    return this.registry.isCellFrame(frame);
  }

  /** An error raised outside a cell's await chain (a timer callback), mapped to cell positions. */
  describe(error: unknown): CellError {
    return this.registry.toCellError(error);
  }
}

const ABORTED: unique symbol = Symbol('aborted');
/** How long an interrupted cell may take to finish on its own (below the host's restart grace). */
export const SETTLE_MS = 1000;
