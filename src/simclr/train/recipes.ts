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

/** `config` with crops of 35-100% of the image (the default for gray 28-pixel images is 20-100%). */
function milderCrop(config: AugmentConfig): AugmentConfig {
  return { ...config, crop: { ...config.crop, scale: [0.35, 1] } };
}

/**
 * Fashion-MNIST (28x28 gray) in 30 minutes of pre-training on a 2-core CPU with tfjs-node.
 * From the library's defaults, the two changes that won the recipe search at 600 steps of batch 256
 * (BENCHMARKS.md, "Quality"; linear probe on 10,000 training images): a 256-wide last stage, so
 * the representation has 256 dimensions (+2.1 points; the stage runs at 7x7, so a step costs ~1.6x),
 * and crops of 35-100% of the image instead of 20-100% (+1.1; a fifth of a 28-pixel garment is too
 * little to tell a shirt from a coat). Temperature 0.2 instead of 0.5 changed nothing (+0.1).
 */
const fashionMnist30min: SimclrRecipe = {
  description:
    'Fashion-MNIST, 30 minutes on 2 CPU cores: resnet 32/64/256 (256-d representation), head 128-64, Adam 1e-3, temperature 0.5, batch 256, crop 0.35-1, brightness/contrast 0.4',
  model: {
    encoder: {
      kind: 'resnet',
      inputShape: [28, 28, 1],
      stemWidth: 32,
      widths: [32, 64, 256],
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
    augment: milderCrop(defaultAugmentConfig(28, 1)),
    budget: { minutes: 30, warmup: 0.1 },
  },
};

export const recipes = { fashionMnist30min } as const;
