/**
 * The standard fallback of an embedding projection: an SVG scatter (d3-scale), one colour per class
 * with a legend, for GitHub and Jupyter. The points are the already capped sample of the output.
 */
import { scaleLinear } from 'd3-scale';
import { labelColour } from '../../protocol/classColours';
import { escapeXml } from './lossCurveOutput';

const SIZE = 480;
const LEGEND = 150;
const PAD = 12;

/** @param points row-major [n, dims]; only the first two coordinates are drawn */
export function scatterSvg(
  points: ArrayLike<number>,
  dims: number,
  labels: ArrayLike<number> | undefined,
  classNames: string[] | undefined,
  title: string,
): string {
  const n = Math.floor(points.length / dims);
  let minX = Infinity,
    maxX = -Infinity,
    minY = Infinity,
    maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = points[i * dims],
      y = points[i * dims + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  if (!Number.isFinite(minX)) {
    minX = 0;
    maxX = 1;
    minY = 0;
    maxY = 1;
  }
  const sx = scaleLinear()
    .domain([minX, maxX === minX ? minX + 1 : maxX])
    .range([PAD, SIZE - PAD]);
  const sy = scaleLinear()
    .domain([minY, maxY === minY ? minY + 1 : maxY])
    .range([SIZE - PAD, PAD + 16]);
  const dots: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = points[i * dims],
      y = points[i * dims + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const label = labels ? labels[i] : 0;
    dots.push(`<circle cx="${sx(x).toFixed(1)}" cy="${sy(y).toFixed(1)}" r="2.2" fill="${labelColour(label)}"/>`);
  }
  const classes = labels ? [...new Set(Array.from(labels))].sort((a, b) => a - b) : [];
  const legend = classes.slice(0, 20).map((label, row) => {
    const y = PAD + 24 + row * 16;
    const name = classNames?.[label] ?? `class ${label}`;
    return `<circle cx="${SIZE + 10}" cy="${y - 4}" r="4" fill="${labelColour(label)}"/><text x="${SIZE + 20}" y="${y}">${escapeXml(name)}</text>`;
  });
  const width = SIZE + (classes.length ? LEGEND : 0);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${SIZE}" viewBox="0 0 ${width} ${SIZE}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${PAD}" y="${PAD + 4}">${escapeXml(title)}</text>`,
    `<g fill-opacity="0.75">${dots.join('')}</g>`,
    ...legend,
    `</svg>`,
  ].join('\n');
}
