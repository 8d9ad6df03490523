/**
 * The projector's methods. The library owns them (ProjectionMethod in src/simclr/projections/project.ts);
 * this is their runtime list for the hosts and the webview (validation, buttons), checked by the compiler
 * to be exactly the library's: a method added there fails to compile here until it is listed.
 */
import type { ProjectionMethod } from '../simclr/projections/project';

export type { ProjectionMethod };

export const PROJECTION_METHODS = ['pca', 'tsne', 'umap'] as const satisfies readonly ProjectionMethod[];

/** Compiles only while PROJECTION_METHODS lists every ProjectionMethod. */
const everyMethodListed: Exclude<ProjectionMethod, (typeof PROJECTION_METHODS)[number]> extends never ? true : never =
  true;
void everyMethodListed;

export function isProjectionMethod(value: unknown): value is ProjectionMethod {
  return typeof value === 'string' && (PROJECTION_METHODS as readonly string[]).includes(value);
}
