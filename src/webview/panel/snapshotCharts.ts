/**
 * The Inspect tab's three small canvas pictures of one monitor snapshot: the slice's aligned
 * projection coloured by class in the run's fixed frame (the listed kNN errors ringed), the positive/negative cosine histograms
 * (fractions, so n positives and n (n - 1) negatives share an axis) and the singular-value spectrum
 * on a log scale. Plain canvas 2-D: a snapshot has at most a few thousand points.
 */
import type { MonitorSnapshot } from '../../protocol/trainingEvents';
import { chartColour, cssVariable, labelColour, UNLABELLED_COLOUR } from '../common/palette';
import { fractions, normalisedSpectrum, type Extent } from './snapshotSelection';

/**
 * A canvas of `width` x `height` CSS pixels at the screen's resolution, cleared, and its context. Only the
 * CSS width is set: in a narrower panel the canvas shrinks (max-width) and keeps its aspect ratio.
 */
export function sizedCanvas(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
): CanvasRenderingContext2D | undefined {
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.width = `${width}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) return undefined;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return ctx;
}

function axisColour(canvas: HTMLCanvasElement): string {
  return cssVariable(canvas, '--vscode-descriptionForeground', '#888');
}

export function drawProjection(
  canvas: HTMLCanvasElement,
  snapshot: MonitorSnapshot,
  extent: Extent,
  size: number,
): void {
  const ctx = sizedCanvas(canvas, size, size);
  if (!ctx) return;
  const scale = size / (extent.maxX - extent.minX);
  const p = snapshot.points;
  for (let i = 0; i + 1 < p.length; i += 2) {
    const label = snapshot.labels?.[i / 2];
    ctx.fillStyle = label === undefined ? UNLABELLED_COLOUR : labelColour(label);
    ctx.fillRect((p[i] - extent.minX) * scale - 1.5, size - (p[i + 1] - extent.minY) * scale - 1.5, 3, 3);
  }
  // Rings around the kNN errors the tab lists, so a wrong query can be found among its class.
  ctx.strokeStyle = cssVariable(canvas, '--vscode-foreground', '#ccc');
  ctx.lineWidth = 1.25;
  for (const error of snapshot.knnErrors) {
    ctx.beginPath();
    ctx.arc(
      (p[2 * error.index] - extent.minX) * scale,
      size - (p[2 * error.index + 1] - extent.minY) * scale,
      5,
      0,
      2 * Math.PI,
    );
    ctx.stroke();
  }
}

export function drawCosineHistograms(
  canvas: HTMLCanvasElement,
  snapshot: MonitorSnapshot,
  width: number,
  height: number,
): void {
  const ctx = sizedCanvas(canvas, width, height);
  if (!ctx) return;
  const positive = fractions(snapshot.cosines.positive),
    negative = fractions(snapshot.cosines.negative);
  const bins = positive.length;
  const top = Math.max(...positive, ...negative, 1e-9);
  const plotHeight = height - 14;
  const binWidth = width / bins;
  ctx.globalAlpha = 0.7;
  for (const [series, colour] of [
    [negative, chartColour(canvas, 1)],
    [positive, chartColour(canvas, 0)],
  ] as const) {
    ctx.fillStyle = colour;
    series.forEach((f, k) => {
      const h = (f / top) * plotHeight;
      ctx.fillRect(k * binWidth + 0.5, plotHeight - h, Math.max(1, binWidth - 1), h);
    });
  }
  ctx.globalAlpha = 1;
  ctx.fillStyle = ctx.strokeStyle = axisColour(canvas);
  ctx.font = '10px sans-serif';
  ctx.fillRect(0, plotHeight, width, 1);
  for (const [value, align] of [
    [-1, 'left'],
    [0, 'center'],
    [1, 'right'],
  ] as const) {
    ctx.textAlign = align;
    ctx.fillText(String(value), ((value + 1) / 2) * width, height - 2);
  }
}

/** log10 of the normalised singular values, from 1 down to 1e-4 (smaller values sit on the floor). */
export function drawSpectrum(
  canvas: HTMLCanvasElement,
  snapshot: MonitorSnapshot,
  width: number,
  height: number,
): void {
  const ctx = sizedCanvas(canvas, width, height);
  if (!ctx) return;
  const values = normalisedSpectrum(snapshot);
  const floor = -4;
  const plotHeight = height - 14,
    left = 30;
  ctx.fillStyle = ctx.strokeStyle = axisColour(canvas);
  ctx.font = '10px sans-serif';
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (let e = 0; e >= floor; e -= 2) {
    const y = (e / floor) * (plotHeight - 12) + 6;
    ctx.fillText(`1e${e}`, left - 3, y);
    ctx.fillRect(left, y, width - left, 0.5);
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(`${values.length} singular values, largest = 1`, (left + width) / 2, height - 2);
  if (values.length === 0) return;
  ctx.strokeStyle = chartColour(canvas, 2);
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  values.forEach((v, k) => {
    const x = left + (values.length === 1 ? 0 : (k / (values.length - 1)) * (width - left - 2));
    const y = (Math.max(floor, Math.log10(Math.max(v, 1e-12))) / floor) * (plotHeight - 12) + 6;
    if (k === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  });
  ctx.stroke();
}
