/**
 * SimCLR (Chen, Kornblith, Norouzi and Hinton 2020, "A Simple Framework for Contrastive Learning of
 * Visual Representations", arXiv:2002.05709, algorithm 1): two augmented views of each image, the
 * model's encoder and projection head on all 2N views, NT-Xent (eq. 1) with temperature T = 0.5
 * (the paper's choice for its CIFAR-10 runs, appendix B.9). The library's default method: the step
 * is `stepGradients` (or `cachedStepGradients` when `microBatch` < batch size), as before methods
 * existed, so its numbers are unchanged. No state beyond the model.
 */
import type { SimclrModel } from '../models/simclrModel';
import { cachedStepGradients } from '../train/gradientCache';
import { stepGradients } from '../train/trainStep';
import { positiveNumber } from './methodOptions';
import type { Method, MethodSetup, MethodTrainer } from './method';

export interface SimclrOptions {
  /** NT-Xent temperature; default 0.5. */
  temperature?: number;
}

export function simclr(options: SimclrOptions = {}): Method {
  const temperature = positiveNumber('simclr', 'temperature', options.temperature ?? 0.5);
  return {
    name: 'simclr',
    config: { temperature },
    attach(model: SimclrModel, setup: MethodSetup): MethodTrainer {
      return {
        gradients: (batch) =>
          setup.microBatch < setup.batchSize
            ? cachedStepGradients(model, batch.images, setup.augment, batch.rng, temperature, setup.microBatch)
            : stepGradients(model, batch.images, setup.augment, batch.rng, temperature),
        statisticsVariables: () => model.statisticsVariables(),
        state: () => [],
        setState: (values) => {
          if (values.length !== 0)
            throw new Error(`simclr: a checkpoint holds no method state for SimCLR, got ${values.length} tensors`);
        },
        dispose: () => {},
      };
    },
  };
}
