/**
 * The REPL rewrite of one cell (after esbuild has stripped the types): top-level declarations
 * become assignments to the notebook's scope object, so they persist across cells and may be
 * declared again; imports become awaited calls of the kernel's importer; the last expression is
 * returned for display. Same idea as tslab's and Node REPL's rewrites, on acorn's ES2022 AST.
 *
 * The rewritten body runs inside `with (scope) { async () => { BODY } }` (see compileCell.ts).
 * Edits never add or remove line breaks, so error lines stay the cell's own lines.
 */
import {
  parse,
  type Node,
  type Pattern,
  type Program,
  type Statement,
  type ModuleDeclaration,
  type ImportDeclaration,
  type VariableDeclaration,
} from 'acorn';
import { TextEdits, type EditedText } from './edits';

/** The identifier through which rewritten code calls the kernel's importer. */
export const IMPORTER = '__lt_import';
/** The identifier of the scope object inside the wrapper. */
export const SCOPE = '__lt_scope';

export interface RewrittenCell {
  body: EditedText;
  /** Every top-level name the cell declares (created on the scope before the cell runs). */
  declared: string[];
  /** Top-level function declarations: hoisted in the cell, copied to the scope first thing. */
  functions: string[];
}

export class CellRewriteError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'SyntaxError';
  }
}

/**
 * @param code JavaScript (ES2022, module syntax) as esbuild printed it
 * @param displayLast whether the value of a trailing expression statement is returned
 */
export function rewriteCell(code: string, displayLast: boolean): RewrittenCell {
  let program: Program;
  try {
    program = parse(code, {
      ecmaVersion: 'latest',
      sourceType: 'module',
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: true,
    });
  } catch (error) {
    const pos = (error as { pos?: number }).pos ?? 0;
    throw new CellRewriteError((error as Error).message.replace(/ \(\d+:\d+\)$/, ''), pos);
  }
  const edits = new TextEdits(code);
  const declared = new Set<string>();
  const functions: string[] = [];

  for (const statement of program.body) {
    rewriteStatement(statement, code, edits, declared, functions);
    if (statement.type !== 'VariableDeclaration') rewriteNestedVars(statement, edits, declared);
  }
  replaceDynamicImports(program, edits);

  const last = program.body.at(-1);
  if (displayLast && last?.type === 'ExpressionStatement') {
    // The statement's range, not the expression's: it includes any parentheses around it.
    const end = code[last.end - 1] === ';' ? last.end - 1 : last.end;
    edits.insert(last.start, 'return (');
    edits.insert(end, ')');
  }
  return { body: edits.apply(), declared: [...declared], functions };
}

function rewriteStatement(
  statement: Statement | ModuleDeclaration,
  code: string,
  edits: TextEdits,
  declared: Set<string>,
  functions: string[],
): void {
  switch (statement.type) {
    case 'VariableDeclaration':
      rewriteVariables(statement, edits, declared);
      return;
    case 'FunctionDeclaration':
      declared.add(statement.id.name);
      functions.push(statement.id.name);
      return;
    case 'ClassDeclaration':
      declared.add(statement.id.name);
      edits.insert(statement.start, `${statement.id.name} = `);
      edits.insert(statement.end, ';');
      return;
    case 'ImportDeclaration':
      rewriteImport(statement, code, edits, declared);
      return;
    case 'ExportNamedDeclaration':
      if (!statement.declaration)
        throw new CellRewriteError(
          'export { ... } has no meaning in a notebook cell: declare the name instead',
          statement.start,
        );
      edits.replace(statement.start, statement.declaration.start, '');
      rewriteStatement(statement.declaration, code, edits, declared, functions);
      return;
    case 'ExportDefaultDeclaration':
    case 'ExportAllDeclaration':
      throw new CellRewriteError('export has no meaning in a notebook cell: declare a name instead', statement.start);
    default:
      return;
  }
}

/** `const {a, b: [c]} = o, d = 1;` -> `({a, b: [c]} = o, d = 1);` (`let x;` -> `(x = void 0);`). */
function rewriteVariables(statement: VariableDeclaration, edits: TextEdits, declared: Set<string>): void {
  edits.replace(statement.start, statement.start + statement.kind.length, '(');
  for (const declarator of statement.declarations) {
    for (const name of patternNames(declarator.id)) declared.add(name);
    if (!declarator.init) {
      // `var x;` keeps an earlier value, as `var` does; `let x;` starts undefined again.
      edits.insert(declarator.id.end, statement.kind === 'var' ? '' : ' = void 0');
    }
  }
  const lastDeclarator = statement.declarations[statement.declarations.length - 1];
  edits.insert(lastDeclarator.end, ')');
}

/** `import d, { a, b as c } from 'm'` -> `({ default: d, a, b: c } = await __lt_import("m"));` */
function rewriteImport(statement: ImportDeclaration, code: string, edits: TextEdits, declared: Set<string>): void {
  const source = JSON.stringify(String(statement.source.value));
  const load = `await ${IMPORTER}(${source})`;
  let namespace: string | undefined;
  const fields: string[] = [];
  for (const specifier of statement.specifiers) {
    declared.add(specifier.local.name);
    switch (specifier.type) {
      case 'ImportNamespaceSpecifier':
        namespace = specifier.local.name;
        break;
      case 'ImportDefaultSpecifier':
        fields.push(`default: ${specifier.local.name}`);
        break;
      case 'ImportSpecifier': {
        const imported =
          specifier.imported.type === 'Identifier' ? specifier.imported.name : JSON.stringify(specifier.imported.value);
        fields.push(imported === specifier.local.name ? imported : `${imported}: ${specifier.local.name}`);
        break;
      }
    }
  }
  let text: string;
  if (namespace && fields.length > 0) text = `(${namespace} = ${load}, { ${fields.join(', ')} } = ${namespace});`;
  else if (namespace) text = `(${namespace} = ${load});`;
  else if (fields.length > 0) text = `({ ${fields.join(', ')} } = ${load});`;
  else text = `${load};`;
  const original = code.slice(statement.start, statement.end);
  edits.replace(statement.start, statement.end, text + '\n'.repeat(original.split('\n').length - 1));
}

/** Names bound by a declaration pattern. */
export function patternNames(pattern: Pattern): string[] {
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name];
    case 'ObjectPattern':
      return pattern.properties.flatMap((property) =>
        property.type === 'RestElement' ? patternNames(property.argument) : patternNames(property.value),
      );
    case 'ArrayPattern':
      return pattern.elements.flatMap((element) => (element ? patternNames(element) : []));
    case 'RestElement':
      return patternNames(pattern.argument);
    case 'AssignmentPattern':
      return patternNames(pattern.left);
    case 'MemberExpression':
      return [];
  }
}

const SCOPE_BOUNDARIES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ClassDeclaration',
  'ClassExpression',
]);

/**
 * `var` inside top-level blocks and loops (`if (c) { var v = 1 }`, `for (var i = 0; ...)`) belongs to
 * the notebook's scope as it would to a script's global scope; functions and classes keep theirs.
 */
function rewriteNestedVars(root: Node, edits: TextEdits, declared: Set<string>): void {
  const walk = (node: Node, parent: Node | undefined): void => {
    if (SCOPE_BOUNDARIES.has(node.type)) return;
    if (node.type === 'VariableDeclaration' && node !== root) {
      const declaration = node as VariableDeclaration;
      if (declaration.kind === 'var') {
        const isLoopLeft =
          (parent?.type === 'ForInStatement' || parent?.type === 'ForOfStatement') &&
          (parent as unknown as { left: Node }).left === node;
        if (isLoopLeft) {
          for (const declarator of declaration.declarations)
            for (const name of patternNames(declarator.id)) declared.add(name);
          edits.replace(declaration.start, declaration.start + 'var'.length, '');
        } else {
          rewriteVariables(declaration, edits, declared);
        }
      }
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) walk(item, node);
      } else if (isNode(value)) {
        walk(value, node);
      }
    }
  };
  walk(root, undefined);
}

/** `import(x)` anywhere in the cell -> `__lt_import(x)`: resolved from the notebook's folder. */
function replaceDynamicImports(program: Program, edits: TextEdits): void {
  visit(program, (node) => {
    if (node.type === 'ImportExpression') edits.replace(node.start, node.start + 'import'.length, IMPORTER);
  });
}

function visit(node: Node, onNode: (node: Node) => void): void {
  onNode(node);
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) visit(item, onNode);
    } else if (isNode(value)) {
      visit(value, onNode);
    }
  }
}

function isNode(value: unknown): value is Node {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string' &&
    typeof (value as { start?: unknown }).start === 'number'
  );
}
