/**
 * complete and inspect from the notebook's TypeScript engine (src/notebookLanguage, the one VS Code's
 * completions use): the cells this session executed, in order, then the code being typed as the last
 * cell. The engine loads lazily (the `typescript` package, ~3-5 s cold) and warms up in the background;
 * until it is ready, or if it cannot load, `undefined` tells the caller to ask the kernel's live scope.
 */
import type { LibraryTypes } from '../notebookLanguage/kernelModules';
import type { NotebookLanguageService } from '../notebookLanguage/notebookLanguageService';

export interface TypedCompletion {
  matches: string[];
  /** UTF-16 offsets in the code being typed. */
  start: number;
  end: number;
}

export class TypedCodeQueries {
  private service: NotebookLanguageService | undefined;

  constructor(notebookDir: string, types: LibraryTypes, log: (text: string) => void) {
    void import('../notebookLanguage/notebookLanguageService')
      .then(({ NotebookLanguageService }) => {
        const service = new NotebookLanguageService(notebookDir, types);
        service.update([{ text: 'Math.' }]);
        service.completions(0, 5);
        this.service = service;
      })
      .catch((error: unknown) =>
        log(
          `completion falls back to the kernel's scope: the TypeScript engine did not load (${(error as Error).message})\n`,
        ),
      );
  }

  get ready(): boolean {
    return this.service !== undefined;
  }

  complete(executed: readonly string[], code: string, cursor: number): TypedCompletion | undefined {
    const service = this.service;
    if (!service) return undefined;
    service.update([...executed, code].map((text) => ({ text })));
    const found = service.completions(executed.length, cursor);
    if (!found) return undefined;
    const start = found.word.start;
    const end = start + found.word.length;
    const typed = code.slice(start, cursor);
    const matches = [
      ...new Set(found.entries.map((entry) => entry.name).filter((name) => name.startsWith(typed))),
    ].sort();
    return matches.length > 0 ? { matches, start, end } : undefined;
  }

  inspect(executed: readonly string[], code: string, cursor: number): string | undefined {
    const service = this.service;
    if (!service) return undefined;
    service.update([...executed, code].map((text) => ({ text })));
    const hover =
      service.hover(executed.length, cursor) ?? (cursor > 0 ? service.hover(executed.length, cursor - 1) : undefined);
    if (!hover) return undefined;
    return hover.documentation ? `${hover.display}\n\n${hover.documentation}` : hover.display;
  }
}
