/**
 * The largest dimensions of Look Twice's output payloads (outputs.ts). One definition for both
 * sides: the kernel never produces more (it samples, thins or cuts, and says so in a note), and the
 * renderers refuse more before allocating anything, because a saved output is just JSON in a file
 * and may have been edited (a 165-byte grid payload with rows 1e6 once cost the webview 1.9 GB).
 */
import { CURVE_POINTS } from './trainingEvents';

/** Augmentation grid: source images (rows) and augmented views per image (the grid has views + 1 columns). */
export const MAX_GRID_ROWS = 16;
export const MAX_GRID_VIEWS = 12;
export const MAX_GRID_COLS = MAX_GRID_VIEWS + 1;
/** Side in pixels of one image tile (grid tiles and thumbnails), and of any image the kernel shows. */
export const MAX_TILE_SIZE = 4096;
/** Points per loss-curve series: the training events' own cap (longer series are thinned to evenly spaced steps). */
export const MAX_CURVE_POINTS = CURVE_POINTS;
/** Series in one loss-curve payload (loss, learning rate and a method's metrics). */
export const MAX_CURVE_SERIES = 32;
/** Points in one embedding projection (larger sets are sampled; the side panel holds them all). */
export const MAX_EMBEDDING_POINTS = 10_000;
/** Thumbnail tiles of an embedding atlas larger than this are left out (the atlas would be huge). */
export const MAX_THUMBNAIL_TILE = 256;
/** Class names, row labels and column titles in one payload. */
export const MAX_CLASS_NAMES = 1000;
/** Pairs in a similarity matrix (n x n cells). */
export const MAX_SIMILARITY_PAIRS = 16;
/** Results of one retrieval query. */
export const MAX_RETRIEVAL_RESULTS = 24;
/** Audio clips in one output. */
export const MAX_AUDIO_CLIPS = 16;
