/**
 * The SimCLR recipes the recipe search (recipeSearch.ts) compares on Fashion-MNIST, each one change
 * (or a named pair of changes) away from the library's recipe (src/simclr/train/recipes.ts), so a row's difference has one cause.
 * Why these knobs: at a budget of a few epochs the representation is limited by how many images the
 * machine can push through (model cost), how hard the pretext task is (crop scale, jitter), how
 * sharply the loss weighs hard negatives (temperature; Chen et al. 2020 table 5 and appendix B.7
 * find lower temperatures better for short runs), and how fast the optimiser can move (learning rate).
 */
import { colorJitterStrength } from '../../src/simclr/augment/colorJitter';
import { defaultAugmentConfig, type AugmentConfig } from '../../src/simclr/augment/augmentConfig';
import type { SimclrModelOptions } from '../../src/simclr/models/simclrModel';
import type { PretrainOptions } from '../../src/simclr/train/pretrainOptions';
import { recipes } from '../../src/simclr/train/recipes';

export interface RecipeCandidate {
  description: string;
  model: SimclrModelOptions;
  pretrain: Pick<
    PretrainOptions,
    'batchSize' | 'optimizer' | 'learningRate' | 'temperature' | 'augment' | 'weightDecay'
  >;
}

function augment(change: (config: AugmentConfig) => void): AugmentConfig {
  const config = defaultAugmentConfig(28, 1);
  change(config);
  return config;
}

/** The starting point is the library's recipe itself (its budget is replaced by the search's steps). */
const { budget: _, ...recipeOptions } = recipes.fashionMnist30min.pretrain;
const base: RecipeCandidate = {
  description: recipes.fashionMnist30min.description,
  model: recipes.fashionMnist30min.model,
  pretrain: recipeOptions,
};

export const RECIPE_CANDIDATES: Record<string, RecipeCandidate> = {
  base,
  't0.2': { ...base, description: 'temperature 0.2', pretrain: { ...base.pretrain, temperature: 0.2 } },
  'lr3e-3': { ...base, description: 'Adam 3e-3', pretrain: { ...base.pretrain, learningRate: 3e-3 } },
  'crop0.35': {
    ...base,
    description: 'crop scale 0.35-1',
    pretrain: {
      ...base.pretrain,
      augment: augment((c) => {
        c.crop.scale = [0.35, 1];
      }),
    },
  },
  'jitter0.8': {
    ...base,
    description: 'jitter strength 0.8 (brightness, contrast)',
    pretrain: {
      ...base.pretrain,
      augment: augment((c) => {
        c.colorJitter = { ...colorJitterStrength(0.8), saturation: 0, hue: 0 };
      }),
    },
  },
  'head-wide': { ...base, description: 'head 256-128', model: { ...base.model, headWidths: [256, 128] } },
  stem16: {
    ...base,
    description: 'resnet stem 16, widths 32/64/128 (cheaper first layer)',
    model: { ...base.model, encoder: { kind: 'resnet', stemWidth: 16 } },
  },
  wide: {
    ...base,
    description: 'resnet widths 48/96/192',
    model: { ...base.model, encoder: { kind: 'resnet', stemWidth: 48, widths: [48, 96, 192] } },
  },
  lars: {
    ...base,
    description: 'LARS 0.075 x sqrt(256), T 0.2',
    pretrain: { ...base.pretrain, optimizer: 'lars', temperature: 0.2 },
  },
  't0.2-lr3e-3': {
    ...base,
    description: 'temperature 0.2 and Adam 3e-3',
    pretrain: { ...base.pretrain, temperature: 0.2, learningRate: 3e-3 },
  },
};
