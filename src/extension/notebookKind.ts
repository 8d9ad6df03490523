/**
 * What makes a notebook a Look Twice notebook: a Jupyter .ipynb (VS Code's built-in `jupyter-notebook` type)
 * whose `metadata.kernelspec.name` is `look-twice`, and the template of a new one.
 * The ipynb serializer stores the file's top level (without cells) as the notebook's metadata; VS Code releases
 * before late 2023 nested it under `custom`, so both shapes are read.
 */
import * as vscode from 'vscode';
import { LOOK_TWICE_KERNELSPEC, LOOK_TWICE_LANGUAGE_INFO } from '../host';

export const NOTEBOOK_TYPE = 'jupyter-notebook';

interface IpynbTopLevel {
  metadata?: { kernelspec?: { name?: unknown } };
}

/** The ipynb top level (`{ metadata, nbformat, ... }`) that VS Code keeps in NotebookDocument.metadata. */
function ipynbTopLevel(notebook: vscode.NotebookDocument): IpynbTopLevel {
  const metadata = notebook.metadata as { custom?: IpynbTopLevel } & IpynbTopLevel;
  return metadata.metadata ? metadata : (metadata.custom ?? {});
}

export function isLookTwiceNotebook(notebook: vscode.NotebookDocument): boolean {
  return (
    notebook.notebookType === NOTEBOOK_TYPE &&
    ipynbTopLevel(notebook).metadata?.kernelspec?.name === LOOK_TWICE_KERNELSPEC.name
  );
}

const TEMPLATE_CELLS: Array<[kind: 'markdown' | 'code', source: string]> = [
  [
    'markdown',
    '# Look Twice notebook\nSimCLR contrastive learning in TypeScript on TensorFlow.js. Top-level `await` works, the last expression is displayed, `show.*` draws rich outputs.',
  ],
  [
    'code',
    "// Fashion-MNIST: Debian's copy when installed, else the subset shipped with Look Twice.\nimport { loadFashionMnist } from 'look-twice'\nconst train = loadFashionMnist({ split: 'train', limit: 512 })\nshow.augmentations(train, { rows: 4, views: 5, seed: 1 })",
  ],
  [
    'code',
    "// Progress and the loss curve update in place; the stop button interrupts and keeps the weights.\nimport { createSimclrModel, pretrain } from 'look-twice'\nconst model = createSimclrModel({ encoder: 'cnn', seed: 0 })\nconst result = await pretrain(model, train, { steps: 20, batchSize: 32, seed: 0 })",
  ],
  ['code', "await show.embeddings({ model, dataset: train }, { method: 'pca' })"],
];

/** The cells and metadata of a new Look Twice notebook, with the kernelspec that makes the controller preferred. */
export function notebookTemplate(): vscode.NotebookData {
  const cells = TEMPLATE_CELLS.map(([kind, source]) =>
    kind === 'markdown'
      ? new vscode.NotebookCellData(vscode.NotebookCellKind.Markup, source, 'markdown')
      : new vscode.NotebookCellData(vscode.NotebookCellKind.Code, source, 'typescript'),
  );
  const data = new vscode.NotebookData(cells);
  data.metadata = {
    metadata: { kernelspec: { ...LOOK_TWICE_KERNELSPEC }, language_info: { ...LOOK_TWICE_LANGUAGE_INFO } },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return data;
}
