// The loss curve's SVG fallback (what GitHub and plain Jupyter show): whole-number step ticks, a
// title, a named y axis and a legend entry per series.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lossCurveSvg } from '../../../src/kernel/display/lossCurveOutput';
import type { LossCurvePayload } from '../../../src/protocol/outputs';

/** Text of the tick labels under the plot (the x axis), in order. */
function xTickLabels(svg: string): string[] {
  return [...svg.matchAll(/<text x="[\d.]+" y="(\d+)" text-anchor="middle">([^<]*)<\/text>/g)]
    .filter(([, , label]) => label !== 'step')
    .map(([, , label]) => label);
}

const run = (steps: number[], title?: string, names = ['loss']): LossCurvePayload => ({
  runId: 'pretrain-abc',
  done: true,
  ...(title ? { title } : {}),
  series: names.map((name, k) => ({ name, steps, values: steps.map((s) => 4 / s + k) })),
});

const cases: { name: string; payload: LossCurvePayload; ticks: string[]; title: string; yLabel: string }[] = [
  {
    name: 'three steps: 1 2 3, not 1.2 1.4',
    payload: run([1, 2, 3], 'NT-Xent loss'),
    ticks: ['1', '2', '3'],
    title: 'NT-Xent loss',
    yLabel: 'loss',
  },
  { name: 'two steps', payload: run([5, 6]), ticks: ['5', '6'], title: 'run pretrain-abc', yLabel: 'loss' },
  { name: 'one step', payload: run([4]), ticks: ['4', '5'], title: 'run pretrain-abc', yLabel: 'loss' },
  {
    name: 'long run keeps round ticks',
    payload: run(Array.from({ length: 400 }, (_, i) => i + 1)),
    ticks: ['50', '100', '150', '200', '250', '300', '350', '400'],
    title: 'run pretrain-abc',
    yLabel: 'loss',
  },
  {
    name: 'two quantities: generic axis, both in the legend',
    payload: run([1, 2, 3, 4], 'run 2', ['loss', 'knn']),
    ticks: ['1', '2', '3', '4'],
    title: 'run 2',
    yLabel: 'value',
  },
];

for (const c of cases) {
  test(`loss SVG: ${c.name}`, () => {
    const svg = lossCurveSvg(c.payload);
    assert.deepEqual(xTickLabels(svg), c.ticks);
    assert.match(svg, new RegExp(`font-weight="bold">${c.title}</text>`));
    assert.match(svg, new RegExp(`rotate\\(-90\\)" text-anchor="middle">${c.yLabel}</text>`));
    for (const s of c.payload.series)
      assert.match(svg, new RegExp(`stroke-width="2"/><text [^>]*>${s.name}</text>`), `legend ${s.name}`);
  });
}
