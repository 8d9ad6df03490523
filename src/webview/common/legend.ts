/**
 * A class legend for the scatter plots: one swatch + name per label with its count; clicking an
 * entry hides/shows that class (reported through `onToggle`). Labels are drawn by textContent only.
 */
import { labelColour } from './palette';

export interface LegendEntry {
  label: number;
  name: string;
  count: number;
}

/** Entries for every label that occurs, in label order, named from classNames when available. */
export function legendEntries(labels: ArrayLike<number>, classNames?: readonly string[]): LegendEntry[] {
  const counts = new Map<number, number>();
  for (let i = 0; i < labels.length; i++) counts.set(labels[i], (counts.get(labels[i]) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([label, count]) => ({
      label,
      count,
      name: classNames?.[label] ?? (label < 0 ? 'unlabelled' : `class ${label}`),
    }));
}

/** Renders the legend into `host` (replacing its content); `hidden` labels are shown struck out. */
export function renderLegend(
  host: HTMLElement,
  entries: readonly LegendEntry[],
  hidden: ReadonlySet<number>,
  onToggle: (label: number) => void,
): void {
  host.classList.add('lt-legend');
  host.replaceChildren(
    ...entries.map((entry) => {
      const item = document.createElement('button');
      item.type = 'button';
      item.className = 'lt-legend-item';
      item.dataset.label = String(entry.label);
      item.setAttribute('aria-pressed', String(!hidden.has(entry.label)));
      item.title = `${entry.name}: ${entry.count} points (click to ${hidden.has(entry.label) ? 'show' : 'hide'})`;
      const swatch = document.createElement('span');
      swatch.className = 'lt-swatch';
      swatch.style.background = labelColour(entry.label);
      const name = document.createElement('span');
      name.textContent = entry.name;
      item.append(swatch, name);
      item.addEventListener('click', () => onToggle(entry.label));
      return item;
    }),
  );
}
