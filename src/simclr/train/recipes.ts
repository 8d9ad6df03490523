/**
 * Named SimCLR recipes: a model and the `pretrain` options that go with it, chosen by measurement
 * (`npm run bench:recipe-search`, BENCHMARKS.md "A recipe for 30 minutes"). Use one as
 *   const model = createSimclrModel(recipes.fashionMnist30min.model)
 *   await pretrain(model, train, recipes.fashionMnist30min.pretrain)
 * and override what you like by spreading (`{ ...recipe.pretrain, budget: { minutes: 10 } }`).
 * Every field is explicit (no library default is left implied), so that the PyTorch reference of
 * `npm run bench:quality` can run the very same recipe.
 */
import { defaultAugmentConfig, type AugmentConfig } from '../augment/augmentConfig';
import type { SimclrModelOptions } from '../models/simclrModel';
import type { PretrainOptions } from './pretrainOptions';

export interface SimclrRecipe {
  /** One line for people: what the recipe is and what it was measured to reach. */
  description: string;
  model: SimclrModelOptions;
  pretrain: PretrainOptions & {
    optimizer: 'adam';
    learningRate: number;
    batchSize: number;
    temperature: number;
    augment: AugmentConfig;
    budget: { minutes: number; warmup: number };
  };
}

/** Fashion-MNIST (28x28 gray) in 30 minutes of pre-training on a 2-core CPU with tfjs-node. */
const fashionMnist30min: SimclrRecipe = {
  description:
    'Fashion-MNIST, 30 minutes on 2 CPU cores: resnet 32/64/128, head 128-64, Adam 1e-3, temperature 0.5, batch 256, crop 0.2-1, brightness/contrast 0.4',
  model: {
    encoder: {
      kind: 'resnet',
      inputShape: [28, 28, 1],
      stemWidth: 32,
      widths: [32, 64, 128],
      strides: [1, 2, 2],
      blocksPerStage: 1,
      batchNorm: true,
    },
    headWidths: [128, 64],
  },
  pretrain: {
    optimizer: 'adam',
    learningRate: 1e-3,
    batchSize: 256,
    temperature: 0.5,
    augment: defaultAugmentConfig(28, 1),
    budget: { minutes: 30, warmup: 0.1 },
  },
};

export const recipes = { fashionMnist30min } as const;
