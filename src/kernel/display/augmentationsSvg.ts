/**
 * The standard fallback of an augmentation grid (what GitHub and Jupyter show): the grid PNG inside
 * an SVG with what the bare PNG cannot say: the column titles ("original", "view 1", ...), the class
 * of each row and the augmentation pipeline. No background and mid-grey text, so it reads on a white
 * page and a dark theme alike (the PNG's gaps are transparent too).
 */
import { escapeXml } from './lossCurveOutput';

export interface GridSvgInput {
  /** The grid PNG, base64. */
  png: string;
  rows: number;
  cols: number;
  /** Side of one (square) tile in the PNG, pixels. */
  tileSize: number;
  /** Pixels between tiles in the PNG. */
  gap: number;
  columnTitles: string[];
  rowLabels?: string[];
  /** Caption lines under the grid (the pipeline, a note that the grid was cut). */
  caption: string[];
}

const TEXT = '#808080';
const CHAR_WIDTH = 6.5;
const TITLE_HEIGHT = 18;
const LINE_HEIGHT = 15;

export function augmentationGridSvg(input: GridSvgInput): string {
  const { rows, cols, tileSize, gap } = input;
  const gridW = cols * tileSize + (cols - 1) * gap;
  const gridH = rows * tileSize + (rows - 1) * gap;
  const labelW = input.rowLabels ? Math.ceil(Math.max(...input.rowLabels.map((l) => l.length)) * CHAR_WIDTH) + 12 : 0;
  const captionW = Math.ceil(Math.max(0, ...input.caption.map((l) => l.length)) * CHAR_WIDTH);
  const width = Math.max(labelW + gridW, captionW) + 2;
  const height = TITLE_HEIGHT + gridH + 6 + input.caption.length * LINE_HEIGHT;
  const centre = (i: number): number => labelW + i * (tileSize + gap) + tileSize / 2;
  const titles = input.columnTitles
    .slice(0, cols)
    .map(
      (t, i) =>
        `<text x="${centre(i)}" y="${TITLE_HEIGHT - 5}" text-anchor="middle"${i === 0 ? ' font-weight="bold"' : ''}>${escapeXml(t)}</text>`,
    );
  const labels = (input.rowLabels ?? [])
    .slice(0, rows)
    .map(
      (l, r) =>
        `<text x="${labelW - 8}" y="${TITLE_HEIGHT + r * (tileSize + gap) + tileSize / 2}" dy="0.32em" text-anchor="end">${escapeXml(l)}</text>`,
    );
  const caption = input.caption.map(
    (l, i) => `<text x="0" y="${TITLE_HEIGHT + gridH + 6 + (i + 1) * LINE_HEIGHT - 4}">${escapeXml(l)}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11" fill="${TEXT}">`,
    ...titles,
    ...labels,
    `<image x="${labelW}" y="${TITLE_HEIGHT}" width="${gridW}" height="${gridH}" style="image-rendering:pixelated" xlink:href="data:image/png;base64,${input.png}"/>`,
    ...caption,
    `</svg>`,
  ].join('\n');
}
