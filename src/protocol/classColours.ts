/**
 * Class colours shared by every view of a labelled set: the kernel's SVG fallbacks and the webview's
 * renderers and panel, so a class keeps its colour whether the notebook is read in VS Code or on GitHub.
 * A fixed categorical palette (Tableau 10, then 10 lighter variants), not theme colours: a label must
 * keep its colour across themes.
 */

const CATEGORICAL = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
  '#a0cbe8',
  '#ffbe7d',
  '#ff9d9a',
  '#86bcb6',
  '#8cd17d',
  '#f1ce63',
  '#d4a6c8',
  '#fabfd2',
  '#d7b5a6',
  '#79706e',
] as const;

/** Colour of points without a label (or with label < 0). */
export const UNLABELLED_COLOUR = '#8c8c8c';

/** Number of distinct colours before they repeat. */
export const PALETTE_SIZE = CATEGORICAL.length;

/** Colour of class `label` (0-based); labels beyond the palette cycle through it. */
export function labelColour(label: number): string {
  if (!Number.isInteger(label) || label < 0) return UNLABELLED_COLOUR;
  return CATEGORICAL[label % CATEGORICAL.length];
}
