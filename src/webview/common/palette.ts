/**
 * Colours of the webview: class colours come from the protocol's shared palette (the kernel's SVG
 * fallbacks use the same); chrome and chart strokes read VS Code's CSS variables.
 */

export { labelColour, PALETTE_SIZE, UNLABELLED_COLOUR } from '../../protocol/classColours';

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
