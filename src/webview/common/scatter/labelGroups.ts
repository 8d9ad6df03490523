/**
 * The draw order of a scatter plot: point indices grouped by label, groups in ascending label order
 * (so a class keeps its place in the stack whichever renderer draws it), points in index order
 * within a group. Both renderers draw in this order; WebGL uploads it as its vertex order.
 */

export interface LabelGroup {
  /** The class label, or -1 for unlabelled points. */
  label: number;
  /** Point indices with this label, ascending. */
  indices: Int32Array;
}

/** Groups the n points by label (all in one group of label -1 without labels). */
export function groupByLabel(n: number, labels: ArrayLike<number> | undefined): LabelGroup[] {
  if (!labels) return [{ label: -1, indices: Int32Array.from({ length: n }, (_, i) => i) }];
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) counts.set(labelAt(labels, i), (counts.get(labelAt(labels, i)) ?? 0) + 1);
  const groups = [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([label, count]) => ({ label, indices: new Int32Array(count) }));
  const slot = new Map(groups.map((g) => [g.label, { group: g, next: 0 }]));
  for (let i = 0; i < n; i++) {
    const s = slot.get(labelAt(labels, i)) as { group: LabelGroup; next: number };
    s.group.indices[s.next++] = i;
  }
  return groups;
}

/** A point's label; missing or non-integer labels count as unlabelled (-1). */
function labelAt(labels: ArrayLike<number>, i: number): number {
  const label = labels[i];
  return Number.isInteger(label) && label >= 0 ? label : -1;
}
