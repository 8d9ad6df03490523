/**
 * What was executed in this kernel session, for Jupyter's history_request (a console's up-arrow):
 * tail, range and search (glob patterns, as IPython's), held in memory only.
 */

/** [session, line number, input] or, with output, [session, line number, [input, output]]. */
export type HistoryEntry = [number, number, string | [string, string | null]];

export interface HistoryQuery {
  hist_access_type?: unknown;
  output?: unknown;
  n?: unknown;
  start?: unknown;
  stop?: unknown;
  pattern?: unknown;
  unique?: unknown;
}

/** This process's session number: Jupyter numbers sessions; a kernel without a database has one. */
export const SESSION = 1;

export class ExecutionHistory {
  private readonly entries: { line: number; code: string }[] = [];

  add(line: number, code: string): void {
    this.entries.push({ line, code });
  }

  query(request: HistoryQuery): HistoryEntry[] {
    const n = typeof request.n === 'number' && request.n >= 0 ? request.n : undefined;
    let chosen = this.entries;
    switch (request.hist_access_type) {
      case 'tail':
        chosen = n === undefined ? chosen : chosen.slice(Math.max(0, chosen.length - n));
        break;
      case 'range': {
        const start = typeof request.start === 'number' ? request.start : 1;
        const stop = typeof request.stop === 'number' ? request.stop : Infinity;
        chosen = chosen.filter((entry) => entry.line >= start && entry.line < stop);
        break;
      }
      case 'search': {
        const pattern = typeof request.pattern === 'string' ? request.pattern : '*';
        const regex = new RegExp(
          `^${pattern
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '[\\s\\S]*')
            .replace(/\?/g, '[\\s\\S]')}$`,
        );
        chosen = chosen.filter((entry) => regex.test(entry.code));
        if (request.unique === true) {
          const seen = new Set<string>();
          chosen = chosen
            .slice()
            .reverse()
            .filter((entry) => !seen.has(entry.code) && seen.add(entry.code) !== undefined)
            .reverse();
        }
        if (n !== undefined) chosen = chosen.slice(Math.max(0, chosen.length - n));
        break;
      }
      default:
        return [];
    }
    return chosen.map((entry) => [SESSION, entry.line, request.output === true ? [entry.code, null] : entry.code]);
  }
}
