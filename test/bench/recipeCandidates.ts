/**
 * The SimCLR recipes the recipe search (recipeSearch.ts) compares on Fashion-MNIST, each one change
 * (or a named pair of changes) away from the library's recipe (src/simclr/train/recipes.ts), so a row's difference has one cause.
 * Why these knobs: at a budget of a few epochs the representation is limited by how many images the
 * machine can push through (model cost), how hard the pretext task is (crop scale, jitter), how
 * sharply the loss weighs hard negatives (temperature; Chen et al. 2020 table 5 and appendix B.7
 * find lower temperatures better for short runs), and how fast the optimiser can move (learning rate).
 */
import { colorJitterStrength } from '../../src/simclr/augment/colorJitter';
import type { AugmentConfig } from '../../src/simclr/augment/augmentConfig';
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

/** The recipe's augmentations (a deep copy) with one change. */
function augment(change: (config: AugmentConfig) => void): AugmentConfig {
  const config = structuredClone(recipes.fashionMnist30min.pretrain.augment);
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

/** The recipe with crops of `low`-100% of the image. */
function cropCandidate(low: number, note = ''): RecipeCandidate {
  return {
    ...base,
    description: `crop scale ${low}-1${note}`,
    pretrain: {
      ...base.pretrain,
      augment: augment((c) => {
        c.crop.scale = [low, 1];
      }),
    },
  };
}

/** The recipe's encoder, stated in full (its kind and every width), for one-field changes. */
const encoder = base.model.encoder;
if (typeof encoder !== 'object' || encoder.kind !== 'resnet')
  throw new Error('recipeCandidates: the recipe must state its resnet encoder in full');

export const RECIPE_CANDIDATES: Record<string, RecipeCandidate> = {
  base,
  't0.2': { ...base, description: 'temperature 0.2', pretrain: { ...base.pretrain, temperature: 0.2 } },
  'lr3e-3': { ...base, description: 'Adam 3e-3', pretrain: { ...base.pretrain, learningRate: 3e-3 } },
  'crop0.2': cropCandidate(0.2, ' (the library default for gray 28 px)'),
  'crop0.5': cropCandidate(0.5),
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
    description: 'resnet stem 16 (cheaper first layer)',
    model: { ...base.model, encoder: { ...encoder, stemWidth: 16 } },
  },
  last128: {
    ...base,
    description: 'resnet widths 32/64/128 (the library default: a 128-d representation)',
    model: { ...base.model, encoder: { ...encoder, widths: [32, 64, 128] } },
  },
  last384: {
    ...base,
    description: 'resnet widths 32/64/384 (a 384-d representation)',
    model: { ...base.model, encoder: { ...encoder, widths: [32, 64, 384] } },
  },
  wide: {
    ...base,
    description: 'resnet stem 48, widths 48/96/256 (wider early stages)',
    model: { ...base.model, encoder: { ...encoder, stemWidth: 48, widths: [48, 96, 256] } },
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
