/**
 * A folder of PNG/JPEG images as a dataset, the layout of torchvision's ImageFolder: one subfolder
 * per class (sorted names are the classes; images anywhere below a class folder, nested subfolders
 * included, belong to it), or images directly in the folder (no labels). Each image is
 * centre-cropped to a square and resized to size x size (resize.ts), as 1 or 3 channels.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { describeFsError, readRegularFile } from './dataFile';
import type { ImageDataset } from './dataset';
import { decodeImage } from './imageCodec';
import { centerCropSquare, resizePixels } from './resize';

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg'];
/** Largest image file read: 256 MiB. */
export const MAX_IMAGE_FILE_BYTES = 256 * 1024 * 1024;
/** Largest output side: 4096 pixels. */
export const MAX_IMAGE_SIDE = 4096;
/** Largest pixel array a dataset may have (a typed array's limit in practice). */
const MAX_DATASET_BYTES = 2 ** 32 - 1;

export interface ImageFolderOptions {
  /** Output side in pixels. */
  size: number;
  /** 3 (RGB, default) or 1 (luma). */
  channels?: 1 | 3;
  /** Dataset name; default: the folder's name. */
  name?: string;
  /** Largest width x height of a source image, checked before decoding (default 64 megapixels). */
  maxPixels?: number;
}

/** True for a folder (or a link to one); a broken link counts as a file and fails when read. */
function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const isImage = (name: string) => IMAGE_EXTENSIONS.includes(extname(name).toLowerCase());

/** Folder entries, sorted, hidden ones skipped; throws naming the folder when it cannot be listed. */
function listFolder(dir: string): { files: string[]; folders: string[] } {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR_SELF' });
    names = readdirSync(dir)
      .filter((n) => !n.startsWith('.'))
      .sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR_SELF') throw new Error(`${dir}: is a file, not an image folder`);
    throw new Error(
      `${dir}: cannot read image folder (${code === 'ENOENT' ? 'folder not found' : describeFsError(error)})`,
    );
  }
  const files: string[] = [],
    folders: string[] = [];
  for (const name of names) (isFolder(join(dir, name)) ? folders : files).push(name);
  return { files, folders };
}

/** Every image file below `dir`, sorted, nested folders included; a folder reached twice (a symlink loop) is read once. */
function imagesBelow(dir: string, seen: Set<string>): string[] {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch {
    real = dir;
  }
  if (seen.has(real)) return [];
  seen.add(real);
  const { files, folders } = listFolder(dir);
  const below = folders.flatMap((folder) => imagesBelow(join(dir, folder), seen));
  return [...files.filter(isImage).map((name) => join(dir, name)), ...below];
}

/**
 * Loads every PNG/JPEG under `dir` into [n, size, size, channels] uint8 pixels. With class
 * subfolders, labels index `classNames` (the sorted subfolder names). Throws, naming the file or
 * folder, on a missing or empty folder, an empty class folder, or an image that does not decode.
 */
export function loadImageFolder(dir: string, options: ImageFolderOptions): ImageDataset {
  const { size } = options;
  const channels = options.channels ?? 3;
  if (!Number.isInteger(size) || size <= 0)
    throw new RangeError(`loadImageFolder(${dir}): size must be a positive integer, got ${size}`);
  if (size > MAX_IMAGE_SIDE)
    throw new RangeError(
      `loadImageFolder(${dir}): size ${size} is more than the ${MAX_IMAGE_SIDE} pixels a side may have`,
    );
  if (channels !== 1 && channels !== 3)
    throw new RangeError(`loadImageFolder(${dir}): channels must be 1 or 3, got ${channels}`);
  const maxPixels = options.maxPixels;
  if (maxPixels !== undefined && (!Number.isInteger(maxPixels) || maxPixels <= 0))
    throw new RangeError(`loadImageFolder(${dir}): maxPixels must be a positive integer, got ${maxPixels}`);

  const top = listFolder(dir);
  const topImages = top.files.filter(isImage);
  const items: { file: string; label: number }[] = [];
  let classNames: string[] | undefined;
  if (top.folders.length > 0) {
    if (topImages.length > 0) {
      throw new Error(
        `${dir}: has both images (${topImages[0]}, ...) and class subfolders (${top.folders[0]}, ...); use one layout`,
      );
    }
    classNames = top.folders;
    classNames.forEach((className, label) => {
      const classDir = join(dir, className);
      const images = imagesBelow(classDir, new Set());
      if (images.length === 0) throw new Error(`${classDir}: class folder has no PNG/JPEG images`);
      for (const file of images) items.push({ file, label });
    });
  } else {
    for (const image of topImages) items.push({ file: join(dir, image), label: -1 });
  }
  if (items.length === 0)
    throw new Error(`${dir}: no PNG/JPEG images (${IMAGE_EXTENSIONS.join(', ')}) and no class subfolders`);

  const imageSize = size * size * channels;
  if (items.length * imageSize > MAX_DATASET_BYTES) {
    throw new RangeError(
      `${dir}: ${items.length} images of ${size}x${size}x${channels} need ${items.length * imageSize} bytes, more than the ${MAX_DATASET_BYTES} a dataset may hold; use a smaller size`,
    );
  }
  const pixels = new Uint8Array(items.length * imageSize);
  items.forEach(({ file }, i) => {
    const bytes = readRegularFile(file, MAX_IMAGE_FILE_BYTES, 'image file');
    const image = decodeImage(bytes, file, channels, maxPixels === undefined ? {} : { maxPixels });
    const square = centerCropSquare(image.pixels, image.width, image.height, channels);
    pixels.set(resizePixels(square.pixels, square.side, square.side, channels, size, size), i * imageSize);
  });
  return {
    name: options.name ?? basename(dir),
    source: dir,
    pixels,
    shape: [items.length, size, size, channels],
    labels: classNames ? Int32Array.from(items, (item) => item.label) : undefined,
    classNames,
  };
}
