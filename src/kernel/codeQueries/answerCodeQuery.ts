/** Answers a front end's question about code being typed, from the notebook's scope. Never throws. */
import type { CodeAnswer, CodeQuery } from '../../protocol/codeQueries';
import { complete } from './complete';
import { inspect } from './inspect';
import { isComplete } from './isComplete';
import { assertNever } from '../../protocol/assertNever';

export function answerCodeQuery(query: CodeQuery, scope: Record<string, unknown>): CodeAnswer {
  try {
    switch (query.kind) {
      case 'complete':
        return complete(query.code, query.cursor, scope);
      case 'inspect':
        return inspect(query.code, query.cursor, query.detail, scope);
      case 'isComplete':
        return isComplete(query.code);
      default:
        return assertNever(query, 'code query');
    }
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}
