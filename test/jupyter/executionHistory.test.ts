// history_request's three access types on a small history.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExecutionHistory, SESSION } from '../../src/jupyter/executionHistory';

const history = new ExecutionHistory();
['const a = 1', '6 * 7', 'a + 1', '6 * 7'].forEach((code, i) => history.add(i + 1, code));

const table: [string, Parameters<ExecutionHistory['query']>[0], unknown][] = [
  [
    'tail 2',
    { hist_access_type: 'tail', n: 2 },
    [
      [SESSION, 3, 'a + 1'],
      [SESSION, 4, '6 * 7'],
    ],
  ],
  ['tail with output', { hist_access_type: 'tail', n: 1, output: true }, [[SESSION, 4, ['6 * 7', null]]]],
  ['range [2, 3)', { hist_access_type: 'range', start: 2, stop: 3 }, [[SESSION, 2, '6 * 7']]],
  [
    'search glob',
    { hist_access_type: 'search', pattern: '6*7' },
    [
      [SESSION, 2, '6 * 7'],
      [SESSION, 4, '6 * 7'],
    ],
  ],
  [
    'search unique keeps the latest',
    { hist_access_type: 'search', pattern: '6*7', unique: true },
    [[SESSION, 4, '6 * 7']],
  ],
  ['search ? and literal dots', { hist_access_type: 'search', pattern: 'a ? 1' }, [[SESSION, 3, 'a + 1']]],
  ['unknown access type', { hist_access_type: 'sql' }, []],
];
for (const [name, query, expected] of table)
  test(`history: ${name}`, () => assert.deepEqual(history.query(query), expected));
