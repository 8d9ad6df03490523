/**
 * CSV of projected points (the Embeddings tab's "Export CSV" and a cell's panel.exportCsv): one row per point with its index in
 * the published embeddings, label, class name and projected coordinates. RFC 4180 quoting; a class
 * name that a spreadsheet would run as a formula (= + - @, tab, CR) gets a leading apostrophe
 * (OWASP's CSV-injection advice), since class names come from the user's data. Pure.
 */

export interface ProjectedPoints {
  /** Row-major [n, dims] projected coordinates. */
  points: ArrayLike<number>;
  dims: number;
  labels?: ArrayLike<number>;
  classNames?: readonly string[];
}

const AXES = ['x', 'y', 'z'];

/** The CSV of `indices` (all points when undefined), a header line first, lines ending in \n. */
export function pointsCsv(data: ProjectedPoints, indices?: ArrayLike<number>): string {
  const n = Math.floor(data.points.length / data.dims);
  const axes = AXES.slice(0, Math.min(data.dims, AXES.length));
  const lines = [['index', 'label', 'class', ...axes].join(',')];
  const count = indices ? indices.length : n;
  for (let k = 0; k < count; k++) {
    const i = indices ? indices[k] : k;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`pointsCsv: index ${i} is outside 0..${n - 1}`);
    const label = data.labels ? data.labels[i] : -1;
    const name = label >= 0 ? (data.classNames?.[label] ?? '') : '';
    const coordinates = axes.map((_, a) => String(data.points[i * data.dims + a]));
    lines.push([String(i), label >= 0 ? String(label) : '', csvField(name), ...coordinates].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** One CSV field: formula-looking text defused, then quoted when it holds a comma, quote or line break. */
export function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A file name the host's validator accepts, from parts such as an embeddings id (':' and '/' become '-'). */
export function exportFileName(parts: readonly string[], extension: 'csv' | 'png'): string {
  const stem =
    parts
      .join('-')
      .replace(/[^\p{L}\p{N} _.()-]+/gu, '-')
      .replace(/^[^\p{L}\p{N}_]+/u, '')
      .slice(0, 90) || 'look-twice';
  return `${stem}.${extension}`;
}
