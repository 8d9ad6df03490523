/**
 * TypeScript's language service over a notebook's code cells (virtualDocument.ts), answering in cell
 * coordinates: completions, details, hover, signature help, definitions, rename and diagnostics.
 * No 'vscode' here: the VS Code providers (src/extension/languageFeatures) and a Jupyter front door
 * both call this. One instance per notebook; all instances share one DocumentRegistry, so the
 * library's, tfjs's and Node's declarations are parsed once per process.
 *
 * Module resolution follows the kernel's importer: 'look-twice' and tfjs are the kernel's own
 * (kernelModules.ts), everything else resolves from the notebook's folder as a bundler would
 * (node_modules, `.ts` files next to the notebook), and Node's built-ins come with @types/node.
 */
import ts from 'typescript';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import {
  KERNEL_GLOBALS,
  LIBRARY_MODULES,
  LOOK_TWICE_MODULE,
  TFJS_MODULES,
  kernelGlobalsPath,
  lookTwiceModulePath,
  type LibraryTypes,
} from './kernelModules';
import { VirtualDocument, type CellOffset, type CellSpan, type CellText } from './virtualDocument';

/** A span in a cell, or in a file outside the notebook (a declaration of the library, tfjs, a local module). */
export type Location = ({ kind: 'cell' } & CellSpan) | { kind: 'file'; file: string; start: number; length: number };

export interface CellDiagnostic extends CellSpan {
  message: string;
  category: 'error' | 'warning' | 'suggestion' | 'message';
  code: number;
  /** Unused or deprecated code, for editors that grey or strike it. */
  tags: Array<'unnecessary' | 'deprecated'>;
}

export interface Completions {
  /** TypeScript's entries as they are; their replacementSpan, if any, is given as `replace`. */
  entries: Array<ts.CompletionEntry & { replace?: CellSpan }>;
  isIncomplete: boolean;
  /** Where the completed word starts and ends in the cell (what a client replaces by default). */
  word: CellSpan;
}

export interface Hover {
  span: CellSpan;
  /** The signature or type, as TypeScript prints it. */
  display: string;
  /** The doc comment, markdown. */
  documentation: string;
}

export interface SignatureHelp {
  signatures: Array<{
    label: string;
    documentation: string;
    parameters: Array<{ label: [number, number]; documentation: string }>;
  }>;
  activeSignature: number;
  activeParameter: number;
}

export const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  moduleDetection: ts.ModuleDetectionKind.Force,
  lib: ['lib.es2023.d.ts'],
  types: ['node'],
  strict: true,
  esModuleInterop: true,
  allowImportingTsExtensions: true,
  resolveJsonModule: true,
  skipLibCheck: true,
  noEmit: true,
};

const registry = ts.createDocumentRegistry();
/** Snapshots of files on disk by name, with the version they were read at (shared by all services). */
const diskSnapshots = new Map<string, { version: string; snapshot: ts.IScriptSnapshot }>();
/** The registry caches files by name and version: each service's virtual file needs a name of its own. */
let services = 0;

export class NotebookLanguageService {
  private document = new VirtualDocument([]);
  private version = 0;
  private readonly service: ts.LanguageService;
  /** The virtual file: in the notebook's folder, so relative imports and node_modules resolve from there. */
  readonly fileName: string;
  private readonly fixedFiles: Map<string, string>;
  private readonly moduleCache: ts.ModuleResolutionCache;
  private readonly options: ts.CompilerOptions;

  constructor(
    notebookDir: string,
    private readonly types: LibraryTypes,
  ) {
    this.fileName = path.join(notebookDir, `__look_twice_notebook_${++services}__.ts`);
    this.fixedFiles = new Map([
      [lookTwiceModulePath(types), LOOK_TWICE_MODULE],
      [kernelGlobalsPath(types), KERNEL_GLOBALS],
    ]);
    this.options = { ...COMPILER_OPTIONS, typeRoots: [path.join(types.packagesDir, 'node_modules', '@types')] };
    this.moduleCache = ts.createModuleResolutionCache(notebookDir, (name) => name, this.options);
    this.service = ts.createLanguageService(this.host(), registry);
  }

  /** Replaces the notebook's code cells (in notebook order). Cheap when nothing changed. */
  update(cells: readonly CellText[]): void {
    const current = this.document.cells;
    if (cells.length === current.length && cells.every((cell, index) => cell.text === current[index].text)) return;
    this.document = new VirtualDocument(cells.map((cell) => ({ text: cell.text })));
    this.version++;
  }

  get virtualDocument(): VirtualDocument {
    return this.document;
  }

  completions(
    cell: number,
    offset: number,
    triggerCharacter?: ts.CompletionsTriggerCharacter,
  ): Completions | undefined {
    const position = this.document.toVirtual(cell, offset);
    if (position === undefined) return undefined;
    const info = this.service.getCompletionsAtPosition(this.fileName, position, {
      triggerCharacter,
      includeCompletionsForModuleExports: false,
      includeCompletionsWithInsertText: true,
      includeCompletionsForImportStatements: true,
      includeAutomaticOptionalChainCompletions: true,
      allowIncompleteCompletions: true,
    });
    if (!info) return undefined;
    const entries = info.entries.map((entry) => {
      const replace =
        entry.replacementSpan && this.document.toCellSpan(entry.replacementSpan.start, entry.replacementSpan.length);
      return replace ? { ...entry, replace } : entry;
    });
    const word = this.wordAt(cell, offset);
    return { entries, isIncomplete: info.isIncomplete ?? false, word };
  }

  completionDetails(
    cell: number,
    offset: number,
    entry: Pick<ts.CompletionEntry, 'name' | 'source' | 'data'>,
  ): { detail: string; documentation: string } | undefined {
    const position = this.document.toVirtual(cell, offset);
    if (position === undefined) return undefined;
    const details = this.service.getCompletionEntryDetails(
      this.fileName,
      position,
      entry.name,
      {},
      entry.source,
      {},
      entry.data,
    );
    if (!details) return undefined;
    return {
      detail: ts.displayPartsToString(details.displayParts),
      documentation: documentationOf(details.documentation, details.tags),
    };
  }

  hover(cell: number, offset: number): Hover | undefined {
    const position = this.document.toVirtual(cell, offset);
    if (position === undefined) return undefined;
    const info = this.service.getQuickInfoAtPosition(this.fileName, position);
    const span = info && this.document.toCellSpan(info.textSpan.start, info.textSpan.length);
    if (!info || !span) return undefined;
    return {
      span,
      display: ts.displayPartsToString(info.displayParts),
      documentation: documentationOf(info.documentation, info.tags),
    };
  }

  signatureHelp(cell: number, offset: number): SignatureHelp | undefined {
    const position = this.document.toVirtual(cell, offset);
    if (position === undefined) return undefined;
    const help = this.service.getSignatureHelpItems(this.fileName, position, {});
    if (!help) return undefined;
    return {
      activeSignature: help.selectedItemIndex,
      activeParameter: help.argumentIndex,
      signatures: help.items.map((item) => {
        let label = ts.displayPartsToString(item.prefixDisplayParts);
        const parameters = item.parameters.map((parameter, index) => {
          if (index > 0) label += ts.displayPartsToString(item.separatorDisplayParts);
          const start = label.length;
          label += ts.displayPartsToString(parameter.displayParts);
          return {
            label: [start, label.length] as [number, number],
            documentation: ts.displayPartsToString(parameter.documentation),
          };
        });
        label += ts.displayPartsToString(item.suffixDisplayParts);
        return { label, documentation: documentationOf(item.documentation, item.tags), parameters };
      }),
    };
  }

  definition(cell: number, offset: number): Location[] {
    const position = this.document.toVirtual(cell, offset);
    if (position === undefined) return [];
    const definitions = this.service.getDefinitionAtPosition(this.fileName, position) ?? [];
    return definitions.flatMap((definition) => this.location(definition.fileName, definition.textSpan));
  }

  /** Where renaming the name at the position edits, or a reason it cannot be renamed. */
  rename(cell: number, offset: number): { locations: Location[] } | { error: string } {
    const position = this.document.toVirtual(cell, offset);
    if (position === undefined) return { error: 'not a position in a code cell' };
    const info = this.service.getRenameInfo(this.fileName, position, {});
    if (!info.canRename) return { error: info.localizedErrorMessage };
    const locations = this.service.findRenameLocations(this.fileName, position, false, false, {}) ?? [];
    const mapped = locations.flatMap((location) => this.location(location.fileName, location.textSpan));
    if (mapped.some((location) => location.kind === 'file'))
      return { error: 'the name is declared outside the notebook' };
    return { locations: mapped };
  }

  /** The span a rename at the position would change (what an editor selects to type the new name). */
  renameSpan(cell: number, offset: number): CellSpan | undefined {
    const position = this.document.toVirtual(cell, offset);
    if (position === undefined) return undefined;
    const info = this.service.getRenameInfo(this.fileName, position, {});
    return info.canRename ? this.document.toCellSpan(info.triggerSpan.start, info.triggerSpan.length) : undefined;
  }

  /** Syntax, semantic and suggestion diagnostics of every cell, in cell coordinates. */
  diagnostics(): CellDiagnostic[] {
    const all = [
      ...this.service.getSyntacticDiagnostics(this.fileName),
      ...this.service.getSemanticDiagnostics(this.fileName),
      ...this.service.getSuggestionDiagnostics(this.fileName),
    ];
    return all.flatMap((diagnostic) => {
      if (diagnostic.start === undefined) return [];
      const span = this.spanForDiagnostic(diagnostic.start, diagnostic.length ?? 0);
      if (!span) return [];
      const tags: CellDiagnostic['tags'] = [];
      if (diagnostic.reportsUnnecessary) tags.push('unnecessary');
      if (diagnostic.reportsDeprecated) tags.push('deprecated');
      return [
        {
          ...span,
          message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
          category: CATEGORY[diagnostic.category],
          code: diagnostic.code,
          tags,
        },
      ];
    });
  }

  dispose(): void {
    this.service.dispose();
  }

  /** A diagnostic on text the layout added (a closing brace) is reported at the nearest cell character before it. */
  private spanForDiagnostic(start: number, length: number): CellSpan | undefined {
    const span = this.document.toCellSpan(start, length);
    if (span) return span;
    const head = this.document.toCell(start);
    if (head)
      return {
        cell: head.cell,
        start: head.offset,
        length: Math.max(0, this.document.cells[head.cell].text.length - head.offset),
      };
    for (let offset = start - 1; offset >= 0; offset--) {
      const before = this.document.toCell(offset);
      if (before) return { cell: before.cell, start: before.offset, length: 0 };
    }
    return undefined;
  }

  private location(fileName: string, span: ts.TextSpan): Location[] {
    if (fileName === this.fileName) {
      const cellSpan = this.document.toCellSpan(span.start, span.length);
      return cellSpan ? [{ kind: 'cell', ...cellSpan }] : [];
    }
    return [{ kind: 'file', file: fileName, start: span.start, length: span.length }];
  }

  /** The identifier around (or just before) the offset: what a completion replaces. */
  private wordAt(cell: number, offset: number): CellSpan {
    const text = this.document.cells[cell].text;
    let start = offset;
    while (start > 0 && /[\w$]/.test(text[start - 1])) start--;
    let end = offset;
    while (end < text.length && /[\w$]/.test(text[end])) end++;
    return { cell, start, length: end - start };
  }

  private host(): ts.LanguageServiceHost & CachingHost {
    const fileVersion = (fileName: string): string => {
      // Installed packages and the library's declarations do not change while a notebook is edited: no
      // stat per keystroke for each of the ~800 declaration files (tfjs, @types/node, the library).
      if (
        fileName.includes(`${path.sep}node_modules${path.sep}`) ||
        fileName.startsWith(this.types.typesDir + path.sep)
      )
        return '0';
      try {
        return String(statSync(fileName).mtimeMs);
      } catch {
        return '0';
      }
    };
    return {
      getCompilationSettings: () => this.options,
      getScriptFileNames: () => [kernelGlobalsPath(this.types), this.fileName],
      getScriptVersion: (fileName) =>
        fileName === this.fileName ? String(this.version) : this.fixedFiles.has(fileName) ? '0' : fileVersion(fileName),
      getScriptSnapshot: (fileName) => {
        const fixed = fileName === this.fileName ? this.document.text : this.fixedFiles.get(fileName);
        if (fixed !== undefined) return ts.ScriptSnapshot.fromString(fixed);
        // The service asks for every file's snapshot on every keystroke before it compares versions.
        const version = fileVersion(fileName);
        const cached = diskSnapshots.get(fileName);
        if (cached?.version === version) return cached.snapshot;
        const text = ts.sys.readFile(fileName);
        if (text === undefined) return undefined;
        const snapshot = ts.ScriptSnapshot.fromString(text);
        diskSnapshots.set(fileName, { version, snapshot });
        return snapshot;
      },
      getCurrentDirectory: () => path.dirname(this.fileName),
      getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
      fileExists: (fileName) =>
        fileName === this.fileName || this.fixedFiles.has(fileName) || ts.sys.fileExists(fileName),
      readFile: (fileName) =>
        fileName === this.fileName ? this.document.text : (this.fixedFiles.get(fileName) ?? ts.sys.readFile(fileName)),
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
      realpath: ts.sys.realpath,
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
      // Without it, every keystroke's program reads the package.json of each declaration file's package again.
      getModuleResolutionCache: () => this.moduleCache,
      resolveModuleNameLiterals: (literals, containingFile, _redirected, options) =>
        literals.map((literal) => this.resolve(literal.text, containingFile, options)),
    };
  }

  private resolve(
    specifier: string,
    containingFile: string,
    options: ts.CompilerOptions,
  ): ts.ResolvedModuleWithFailedLookupLocations {
    if (LIBRARY_MODULES.includes(specifier)) {
      return {
        resolvedModule: {
          resolvedFileName: lookTwiceModulePath(this.types),
          extension: ts.Extension.Dts,
          isExternalLibraryImport: false,
        },
      };
    }
    // The kernel's tf is the extension's own; the notebook folder's copy (if any) is never loaded.
    const from = TFJS_MODULES.includes(specifier)
      ? path.join(this.types.packagesDir, '__look_twice__.ts')
      : containingFile;
    return ts.resolveModuleName(specifier, from, options, ts.sys, this.moduleCache);
  }
}

/**
 * A hook TypeScript's language service calls when the host has it (typescript 5.x, not in the public
 * typings): the program then takes package.json scopes from this cache instead of reading them again.
 */
interface CachingHost {
  getModuleResolutionCache(): ts.ModuleResolutionCache;
}

const CATEGORY: Record<ts.DiagnosticCategory, CellDiagnostic['category']> = {
  [ts.DiagnosticCategory.Error]: 'error',
  [ts.DiagnosticCategory.Warning]: 'warning',
  [ts.DiagnosticCategory.Suggestion]: 'suggestion',
  [ts.DiagnosticCategory.Message]: 'message',
};

/** A doc comment and its tags (@param, @example ...) as markdown. */
function documentationOf(
  documentation: ts.SymbolDisplayPart[] | undefined,
  tags: ts.JSDocTagInfo[] | undefined,
): string {
  const text = ts.displayPartsToString(documentation);
  const tagLines = (tags ?? []).map((tag) => {
    const body = ts.displayPartsToString(tag.text);
    return tag.name === 'example'
      ? `*@example*\n\`\`\`ts\n${body}\n\`\`\``
      : `*@${tag.name}*${body ? ` — ${body}` : ''}`;
  });
  return [text, ...tagLines].filter((part) => part.length > 0).join('\n\n');
}

export type { CellOffset, CellSpan, CellText };
