/**
 * The types of what the kernel gives a cell without an npm install (src/kernel/kernel.ts, importer.ts):
 *   'look-twice' (and 'look-twice/simclr')   the library plus the display API (`display`, `show`), `input`, `panel`
 *   '@tensorflow/tfjs' (and -core)           the tf the library uses, from the extension's own packages
 *   the globals `display`, `show`, `input`, `panel`   defined on every notebook's scope
 * Both virtual declaration files sit in the library's declaration folder (dist/types, `npm run build`)
 * so that their relative imports, and go to definition, land in the library's own declarations.
 */
import * as path from 'node:path';

/** The declaration files of the library and of the kernel's display API, as `npm run build` emits them. */
export interface LibraryTypes {
  /** dist/types: holds simclr/index.d.ts, kernel/display/{displayApi,show}.d.ts and kernel/panel/panelApi.d.ts. */
  typesDir: string;
  /** A folder whose node_modules has @tensorflow/tfjs and @types/node (the extension's root). */
  packagesDir: string;
}

/** Module names the kernel answers itself, whatever the notebook folder holds. */
export const LIBRARY_MODULES = ['look-twice', 'look-twice/simclr'];
export const TFJS_MODULES = ['@tensorflow/tfjs', '@tensorflow/tfjs-core'];

export function lookTwiceModulePath(types: LibraryTypes): string {
  return path.join(types.typesDir, 'look-twice-notebook.d.ts');
}

export function kernelGlobalsPath(types: LibraryTypes): string {
  return path.join(types.typesDir, 'look-twice-globals.d.ts');
}

/** The module a cell's `import ... from 'look-twice'` gets: the kernel merges the library with `display` and `show`. */
export const LOOK_TWICE_MODULE = `import type { DisplayFunction } from './kernel/display/displayApi';
import type { Show } from './kernel/display/show';
import type { PanelApi } from './kernel/panel/panelApi';
export * from './simclr/index';
export type { DisplayFunction, DisplayOptions } from './kernel/display/displayApi';
export type { Show } from './kernel/display/show';
export type { PanelApi, PanelSelection, PanelProjection, PanelProjectionOptions, PanelExportOptions } from './kernel/panel/panelApi';
/** Shows a value as the cell's output: strings, objects, tensors, images, datasets, models. \`display.update(id, value)\` replaces an output shown with \`{ displayId }\`; \`display.image(tensor)\` shows a PNG. */
export declare const display: DisplayFunction;
/** The library's rich outputs: \`show.augmentations\`, \`show.lossCurve\`, \`show.embeddings\`, \`show.image\`. */
export declare const show: Show;
/** Asks the person running the notebook for a line of text (Jupyter's stdin, VS Code's input box, the CLI's terminal); \`password\` hides it. Rejects with InputUnavailable when no one can answer. */
export declare function input(prompt?: string, options?: { password?: boolean }): Promise<string>;
/** The side panel's selection (\`panel.selection()\`), projections (\`await panel.projection({ method })\`) and CSV export (\`await panel.exportCsv(file, { selection: true })\`) of sets shown with \`show.embeddings\`. */
export declare const panel: PanelApi;
declare const lookTwice: typeof import('./simclr/index') & { display: DisplayFunction; show: Show; input: typeof input; panel: PanelApi };
export default lookTwice;
`;

/** The names the kernel defines on every notebook's scope (src/kernel/kernel.ts: runner.define). */
export const KERNEL_GLOBALS = `/** Shows a value as the cell's output: strings, objects, tensors, images, datasets, models. \`display.update(id, value)\` replaces an output shown with \`{ displayId }\`; \`display.image(tensor)\` shows a PNG. */
declare const display: import('./kernel/display/displayApi').DisplayFunction;
/** The library's rich outputs: \`show.augmentations\`, \`show.lossCurve\`, \`await show.embeddings\`, \`show.image\`. */
declare const show: import('./kernel/display/show').Show;
/** Asks the person running the notebook for a line of text (Jupyter's stdin, VS Code's input box, the CLI's terminal); \`password\` hides it. Rejects with InputUnavailable when no one can answer. */
declare function input(prompt?: string, options?: { password?: boolean }): Promise<string>;
/** The side panel's selection (\`panel.selection()\`), projections (\`await panel.projection({ method })\`) and CSV export (\`await panel.exportCsv(file, { selection: true })\`) of sets shown with \`show.embeddings\`. */
declare const panel: import('./kernel/panel/panelApi').PanelApi;
`;
