import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateWebviewMessage } from '../../src/extension/panel/validateWebviewMessage';
import { csvField, exportFileName, pointsCsv } from '../../src/protocol/pointsCsv';

const data = {
  points: new Float32Array([0.5, -1, 2, 3.25, -0.125, 0]),
  dims: 2,
  labels: new Int32Array([1, -1, 0]),
  classNames: ['T-shirt/top', 'Trouser, long'],
};

test('pointsCsv: header, one row per point, unlabelled rows keep empty label and class', () => {
  assert.equal(
    pointsCsv(data),
    ['index,label,class,x,y', '0,1,"Trouser, long",0.5,-1', '1,,,2,3.25', '2,0,T-shirt/top,-0.125,0', ''].join('\n'),
  );
});

test('pointsCsv: a selection in its order; 3-D projections get z; bad indices are an error', () => {
  assert.equal(
    pointsCsv(data, [2, 0]),
    ['index,label,class,x,y', '2,0,T-shirt/top,-0.125,0', '0,1,"Trouser, long",0.5,-1', ''].join('\n'),
  );
  assert.equal(pointsCsv({ points: [1, 2, 3], dims: 3 }), 'index,label,class,x,y,z\n0,,,1,2,3\n');
  assert.equal(pointsCsv(data, []), 'index,label,class,x,y\n');
  assert.throws(() => pointsCsv(data, [3]), /index 3 is outside 0\.\.2/);
  assert.throws(() => pointsCsv(data, [-1]), /outside/);
});

test('csvField: quoting and formula defusing: table', () => {
  const cases: Array<[string, string]> = [
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ['+1', "'+1"],
    ['-cmd', "'-cmd"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['', ''],
  ];
  for (const [input, expected] of cases) assert.equal(csvField(input), expected, input);
});

test('exportFileName: names the host validator accepts', () => {
  const cases: Array<[string[], 'csv' | 'png', string]> = [
    [['emb-fashion-test', 'pca', 'selection'], 'csv', 'emb-fashion-test-pca-selection.csv'],
    [['cell:3/emb', 'umap'], 'png', 'cell-3-emb-umap.png'],
    [['..', 'x'], 'csv', 'x.csv'],
    [[''], 'png', 'look-twice.png'],
  ];
  for (const [parts, ext, expected] of cases) {
    const name = exportFileName(parts, ext);
    assert.equal(name, expected);
    const file = ext === 'csv' ? { format: ext, name, text: 'a' } : { format: ext, name, base64: 'iVBORw0KGgo=' };
    assert.ok(validateWebviewMessage({ type: 'save', id: 's1', file }).ok, name);
  }
});
