/**
 * Categorical colours for class labels (embedding scatter, legends) and the theme colours of charts.
 *
 * Class colours are a fixed categorical palette (Tableau 10, then 10 lighter variants) because a label
 * must keep its colour across themes and views; chrome and chart strokes read VS Code's CSS variables.
 */

const CATEGORICAL = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f',
  '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
  '#a0cbe8', '#ffbe7d', '#ff9d9a', '#86bcb6', '#8cd17d',
  '#f1ce63', '#d4a6c8', '#fabfd2', '#d7b5a6', '#79706e',
] as const;

/** Colour of points without a label (or with label < 0). */
export const UNLABELLED_COLOUR = '#8c8c8c';

/** Colour of class `label` (0-based); labels beyond the palette cycle through it. */
export function labelColour(label: number): string {
  if (!Number.isInteger(label) || label < 0) return UNLABELLED_COLOUR;
  return CATEGORICAL[label % CATEGORICAL.length];
}

/** Number of distinct colours before they repeat. */
export const PALETTE_SIZE = CATEGORICAL.length;

/** Chart series colours, from VS Code's chart theme variables, with fallbacks outside VS Code. */
const CHART_VARIABLES: ReadonlyArray<[variable: string, fallback: string]> = [
  ['--vscode-charts-blue', '#3794ff'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-purple', '#b180d7'],
  ['--vscode-charts-red', '#f14c4c'],
  ['--vscode-charts-yellow', '#cca700'],
];

/** A CSS variable's value on `element`, or `fallback` when the variable is not set. */
export function cssVariable(element: Element, variable: string, fallback: string): string {
  const value = getComputedStyle(element).getPropertyValue(variable).trim();
  return value === '' ? fallback : value;
}

/** The i-th chart series colour of the current theme. */
export function chartColour(element: Element, index: number): string {
  const [variable, fallback] = CHART_VARIABLES[index % CHART_VARIABLES.length];
  return cssVariable(element, variable, fallback);
}
