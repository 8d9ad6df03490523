/**
 * A line chart of training curves on uPlot (canvas, fast with tens of thousands of steps).
 * The first series is on the left axis (log scale optional); the others share a right axis.
 * `update` keeps the chart and only swaps data while the series names stay the same (live curves).
 */
import uPlot from 'uplot';
import { alignSeries, allPositive, formatTick } from './alignSeries';
import { INTEGER_INCREMENTS, integerSplits } from './integerTicks';
import { chartColour, cssVariable } from './palette';
import { onThemeChange } from './theme';

export interface NamedCurve {
  name: string;
  steps: number[];
  values: number[];
  /** Dashed: an earlier run drawn for comparison. */
  dashed?: boolean;
  /** Default: left for curves named like the first one (before any " (run)" suffix), right otherwise. */
  axis?: 'left' | 'right';
  /** Index into the theme's chart colours; default: one colour per quantity (base name). */
  colour?: number;
}

const baseName = (name: string): string => name.replace(/ \(.*\)$/, '');

export class CurveChart {
  private plot: uPlot | undefined;
  private names = '';
  private logScale = false;
  private curves: NamedCurve[] = [];
  private readonly resizeObserver: ResizeObserver;
  private readonly stopThemeWatch: () => void;

  constructor(
    private readonly host: HTMLElement,
    private readonly height = 220,
  ) {
    host.classList.add('lt-curve-chart');
    this.resizeObserver = new ResizeObserver(() => {
      if (this.plot && this.host.clientWidth > 0 && this.plot.width !== this.host.clientWidth)
        this.plot.setSize({ width: this.host.clientWidth, height: this.height });
    });
    this.resizeObserver.observe(host);
    this.stopThemeWatch = onThemeChange(() => this.rebuild());
  }

  /** Whether log scale is possible for the current data (all values of the first curve > 0). */
  canUseLog(): boolean {
    if (this.curves.length === 0) return false;
    const first = baseName(this.curves[0].name);
    return allPositive(
      this.curves
        .filter((c) => (c.axis ?? (baseName(c.name) === first ? 'left' : 'right')) === 'left')
        .map((c) => c.values),
    );
  }

  setLogScale(on: boolean): void {
    if (on === this.logScale) return;
    this.logScale = on;
    this.rebuild();
  }

  update(curves: NamedCurve[]): void {
    this.curves = curves;
    const names = curves.map((c) => `${c.name}${c.dashed ? '~' : ''}`).join('\u0000');
    if (!this.plot || names !== this.names || (this.logScale && !this.canUseLog())) {
      this.names = names;
      this.rebuild();
      return;
    }
    this.plot.setData(alignSeries(curves) as uPlot.AlignedData);
  }

  dispose(): void {
    this.resizeObserver.disconnect();
    this.stopThemeWatch();
    this.plot?.destroy();
    this.plot = undefined;
  }

  private rebuild(): void {
    this.plot?.destroy();
    this.host.replaceChildren();
    if (this.curves.length === 0) return;
    const log = this.logScale && this.canUseLog();
    const fg = cssVariable(this.host, '--vscode-foreground', '#888');
    const grid = cssVariable(this.host, '--vscode-editorWidget-border', 'rgba(128,128,128,0.25)');
    const axis = (scale: string, side: 0 | 1 | 2 | 3): uPlot.Axis => ({
      scale,
      side,
      stroke: fg,
      grid: { show: side === 3 || side === 2, stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1 },
      size: 52,
      font: '11px var(--vscode-font-family, sans-serif)',
      // Steps are integers: whole-number spacings only on the x axis (uPlot's defaults give 1.25, 1.5, ...).
      ...(scale === 'x'
        ? {
            incrs: [...INTEGER_INCREMENTS],
            splits: (_u: uPlot, _axis: number, min: number, max: number, increment: number) =>
              integerSplits(min, max, increment),
          }
        : { values: (_u: uPlot, splits: number[]) => splits.map(formatTick) }),
    });
    const firstBase = baseName(this.curves[0].name);
    const axisOf = (c: NamedCurve): 'left' | 'right' => c.axis ?? (baseName(c.name) === firstBase ? 'left' : 'right');
    // Each right-hand quantity (learning rate, accuracy, ...) gets its own scale; the first one shows an axis.
    const scaleOf = (c: NamedCurve): string => (axisOf(c) === 'left' ? 'y' : `aux:${baseName(c.name)}`);
    const auxScales = [...new Set(this.curves.map(scaleOf).filter((k) => k !== 'y'))];
    const scales: uPlot.Scales = { x: { time: false }, y: log ? { distr: 3 } : {} };
    for (const key of auxScales) scales[key] = {};
    const colourIndex = new Map<string, number>();
    const series: uPlot.Series[] = [
      { label: 'step' },
      ...this.curves.map((c, i): uPlot.Series => {
        const base = baseName(c.name);
        if (!colourIndex.has(base)) colourIndex.set(base, colourIndex.size);
        return {
          label: c.name,
          scale: scaleOf(c),
          stroke: chartColour(this.host, c.colour ?? colourIndex.get(base) ?? i),
          width: c.dashed ? 1 : 1.5,
          dash: c.dashed ? [4, 4] : undefined,
          spanGaps: true,
          points: { show: false },
        };
      }),
    ];
    this.plot = new uPlot(
      {
        width: Math.max(this.host.clientWidth, 200),
        height: this.height,
        scales,
        axes: [axis('x', 2), axis('y', 3), ...(auxScales.length > 0 ? [axis(auxScales[0], 1)] : [])],
        series,
        legend: { live: true },
        cursor: { drag: { x: true, y: false } },
      },
      alignSeries(this.curves) as uPlot.AlignedData,
      this.host,
    );
  }
}
