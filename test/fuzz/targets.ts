// Every fuzz target, in the order they run.
import { initBackend } from '../../src/simclr/backend/initBackend';
import type { FuzzTarget } from './fuzzTarget';
import { checkpointTarget } from './targets/checkpoints';
import { cifarTarget, idxTarget, imageTarget } from './targets/loaders';
import { notebookTarget } from './targets/notebooks';
import { payloadTarget } from './targets/payloads';
import { webviewMessageTarget } from './targets/webviewMessages';

export const TARGET_NAMES = ['idx', 'cifar', 'images', 'notebooks', 'checkpoints', 'webview', 'payloads'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

export async function makeTarget(name: TargetName): Promise<FuzzTarget<unknown>> {
  switch (name) {
    case 'idx':
      return idxTarget() as FuzzTarget<unknown>;
    case 'cifar':
      return cifarTarget() as FuzzTarget<unknown>;
    case 'images':
      return imageTarget() as FuzzTarget<unknown>;
    case 'notebooks':
      return notebookTarget() as FuzzTarget<unknown>;
    case 'checkpoints':
      await initBackend({ backend: 'cpu' });
      return (await checkpointTarget()) as FuzzTarget<unknown>;
    case 'webview':
      return webviewMessageTarget() as FuzzTarget<unknown>;
    case 'payloads':
      return payloadTarget() as FuzzTarget<unknown>;
  }
}
