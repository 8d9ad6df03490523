/**
 * The Variables tab: the kernel's top-level names after the last cell (kind, type, and what matters
 * for each: a tensor's shape, dtype, bytes and backend, a dataset's size and source, a model's
 * parameter count, a plain value's preview), the cell's tensor memory (tf.memory() before and after,
 * the tensors it created and left alive), and a tensor's image on demand (asked of the kernel).
 */
import type { CellMemory, LiveTensor, VariableSummary } from '../../protocol/variables';
import { el, thumbCanvas, type PanelControls } from './controls';
import type { DataStore } from './dataStore';
import type { PanelState } from './panelState';

const IMAGE_SIZE = 96;

/** 1536 -> '1.5 KB' (binary units, as tf.memory() counts). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** The detail column of a variable: what a user checks first for its kind. */
export function variableDetail(v: VariableSummary): string {
  if (v.tensor)
    return v.tensor.disposed
      ? `[${v.tensor.shape.join(', ')}] disposed`
      : `[${v.tensor.shape.join(', ')}] ${v.tensor.dtype} · ${formatBytes(v.tensor.bytes)} · ${v.tensor.backend}`;
  if (v.dataset)
    return `${v.dataset.size.toLocaleString('en-US')} images [${v.dataset.shape.slice(1).join(', ')}] · ${v.dataset.source}`;
  if (v.model) return `${v.model.parameters.toLocaleString('en-US')} parameters`;
  return v.preview ?? '';
}

/** "tensors 12 -> 15 (+3), 1.2 MB -> 1.4 MB" */
export function memoryLine(memory: CellMemory): string {
  const delta = memory.after.numTensors - memory.before.numTensors;
  const sign = delta > 0 ? '+' : '';
  return `tensors ${memory.before.numTensors} → ${memory.after.numTensors} (${sign}${delta}), ${formatBytes(memory.before.numBytes)} → ${formatBytes(memory.after.numBytes)}`;
}

/** A live tensor by the name it is bound to; weights (tf.Variable) are owned by their model; anything else is flagged. */
export function liveTensorLine(tensor: LiveTensor): string {
  const who =
    tensor.name ??
    (tensor.variable
      ? `#${tensor.id} (tf.Variable: weights or optimizer state)`
      : `#${tensor.id} (no variable: a leak?)`);
  return `${who} [${tensor.shape.join(', ')}] ${tensor.dtype} · ${formatBytes(tensor.bytes)}`;
}

export class VariablesTab {
  private readonly empty = el(
    'div',
    'lt-empty',
    'No variables yet. Run a cell of a Look Twice notebook: its top-level names are listed here, with tensor shapes and memory.',
  );
  private readonly table = el('div', 'lt-vars');
  private readonly memory = el('section', 'lt-memory');
  private last: { variables: PanelState['variables']; images: string[] } | undefined;

  constructor(
    readonly root: HTMLElement,
    private readonly controls: PanelControls,
    private readonly data: DataStore,
  ) {
    root.append(this.empty, this.table, this.memory);
  }

  render(state: PanelState): void {
    if (this.last && this.last.variables === state.variables && this.last.images === state.tensorImages) return;
    this.last = { variables: state.variables, images: state.tensorImages };
    const variables = state.variables;
    this.empty.hidden = variables !== undefined;
    this.table.hidden = this.memory.hidden = variables === undefined;
    if (!variables) return;
    this.renderTable(variables.list, state.tensorImages);
    this.renderMemory(variables.memory);
  }

  /** One block per variable (a side bar is narrow): name and type on a line, the details under it. */
  private renderTable(list: VariableSummary[], images: string[]): void {
    const items = list.map((v) => {
      const item = el('div', 'lt-var');
      item.dataset.name = v.name;
      item.dataset.kind = v.kind;
      const head = el('div', 'lt-var-head');
      head.append(
        el('span', 'lt-var-name', v.name),
        el('span', 'lt-var-type', v.type),
        el('span', 'lt-var-kind', v.kind),
      );
      const detail = el('div', 'lt-var-detail', variableDetail(v));
      item.append(head, detail);
      if (v.tensor?.image && !v.tensor.disposed) {
        const shown = this.data.tensorImages.get(v.name);
        if (shown && images.includes(v.name)) {
          item.append(thumbCanvas(IMAGE_SIZE, (ctx) => shown.image.draw(ctx, 0, 0, 0, IMAGE_SIZE)));
        } else {
          const button = el('button', 'lt-button lt-secondary lt-var-image', 'image');
          button.title = 'Show this tensor as an image (the first of a batch)';
          button.addEventListener('click', () => this.controls.request({ kind: 'tensorImage', name: v.name }));
          detail.append(' ', button);
        }
      }
      return item;
    });
    this.table.replaceChildren(...items);
  }

  private renderMemory(memory: CellMemory): void {
    const title = el(
      'div',
      'lt-chart-title',
      `Tensor memory of the last cell${memory.cellName ? ` (${memory.cellName})` : ''}`,
    );
    const line = el('div', 'lt-memory-line', memoryLine(memory));
    const liveTitle = el(
      'div',
      'lt-caption',
      memory.liveCount === 0
        ? 'The cell left no tensors alive.'
        : `Tensors the cell created and left alive: ${memory.liveCount}${memory.liveCount > memory.live.length ? ` (largest ${memory.live.length} listed)` : ''}`,
    );
    const list = el('ul', 'lt-live');
    for (const tensor of memory.live)
      list.append(
        el('li', tensor.name || tensor.variable ? 'lt-live-named' : 'lt-live-unnamed', liveTensorLine(tensor)),
      );
    this.memory.replaceChildren(title, line, liveTitle, list);
  }
}
