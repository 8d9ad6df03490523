/**
 * A folder of PNG/JPEG images as a dataset, the layout of torchvision's ImageFolder: one subfolder
 * per class (sorted names are the classes), or images directly in the folder (no labels). Each
 * image is centre-cropped to a square and resized to size x size (resize.ts), as 1 or 3 channels.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { describeFsError } from './dataFile';
import type { ImageDataset } from './dataset';
import { decodeImage } from './imageCodec';
import { centerCropSquare, resizePixels } from './resize';

export const IMAGE_EXTENSIONS = ['.png', '.jpg', '.jpeg'];

export interface ImageFolderOptions {
  /** Output side in pixels. */
  size: number;
  /** 3 (RGB, default) or 1 (luma). */
  channels?: 1 | 3;
  /** Dataset name; default: the folder's name. */
  name?: string;
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
    names = readdirSync(dir).filter((n) => !n.startsWith('.')).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR_SELF') throw new Error(`${dir}: is a file, not an image folder`);
    throw new Error(`${dir}: cannot read image folder (${code === 'ENOENT' ? 'folder not found' : describeFsError(error)})`);
  }
  const files: string[] = [], folders: string[] = [];
  for (const name of names) (isFolder(join(dir, name)) ? folders : files).push(name);
  return { files, folders };
}

/**
 * Loads every PNG/JPEG under `dir` into [n, size, size, channels] uint8 pixels. With class
 * subfolders, labels index `classNames` (the sorted subfolder names). Throws, naming the file or
 * folder, on a missing or empty folder, an empty class folder, or an image that does not decode.
 */
export function loadImageFolder(dir: string, options: ImageFolderOptions): ImageDataset {
  const { size } = options;
  const channels = options.channels ?? 3;
  if (!Number.isInteger(size) || size <= 0) throw new RangeError(`loadImageFolder(${dir}): size must be a positive integer, got ${size}`);
  if (channels !== 1 && channels !== 3) throw new RangeError(`loadImageFolder(${dir}): channels must be 1 or 3, got ${channels}`);

  const top = listFolder(dir);
  const topImages = top.files.filter(isImage);
  const items: { file: string; label: number }[] = [];
  let classNames: string[] | undefined;
  if (top.folders.length > 0) {
    if (topImages.length > 0) {
      throw new Error(`${dir}: has both images (${topImages[0]}, ...) and class subfolders (${top.folders[0]}, ...); use one layout`);
    }
    classNames = top.folders;
    classNames.forEach((className, label) => {
      const classDir = join(dir, className);
      const images = listFolder(classDir).files.filter(isImage);
      if (images.length === 0) throw new Error(`${classDir}: class folder has no PNG/JPEG images`);
      for (const image of images) items.push({ file: join(classDir, image), label });
    });
  } else {
    for (const image of topImages) items.push({ file: join(dir, image), label: -1 });
  }
  if (items.length === 0) throw new Error(`${dir}: no PNG/JPEG images (${IMAGE_EXTENSIONS.join(', ')}) and no class subfolders`);

  const imageSize = size * size * channels;
  const pixels = new Uint8Array(items.length * imageSize);
  items.forEach(({ file }, i) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new Error(`${file}: cannot read image (${describeFsError(error)})`);
    }
    const image = decodeImage(bytes, file, channels);
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
