import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf } from '../../../src/simclr/tf';
import { initBackend } from '../../../src/simclr/backend/initBackend';
import { loadFashionMnist } from '../../../src/simclr/data/fashionMnist';
import { createSimclrModel, resolveSimclrModelConfig } from '../../../src/simclr/models/simclrModel';
import { resolvePretrainPlan } from '../../../src/simclr/train/pretrainOptions';
import { recipes } from '../../../src/simclr/train/recipes';
import { Random } from '../../../src/simclr/random';

test.before(async () => {
  await initBackend();
});

const data = loadFashionMnist({ split: 'train', limit: 512 });

for (const [name, recipe] of Object.entries(recipes)) {
  test(`${name}: its model and options resolve into a plan for 28x28 gray images, every choice explicit`, () => {
    const model = createSimclrModel(recipe.model);
    try {
      const plan = resolvePretrainPlan(model, data, recipe.pretrain);
      assert.equal(plan.batchSize, recipe.pretrain.batchSize);
      assert.equal(plan.optimizer, recipe.pretrain.optimizer);
      assert.equal(plan.schedule.baseLearningRate, recipe.pretrain.learningRate);
      assert.deepEqual(plan.budget, {
        seconds: recipe.pretrain.budget.minutes * 60,
        warmupFraction: recipe.pretrain.budget.warmup,
      });
      assert.equal(plan.method.name, 'simclr');
      // The recipe states its model in full: resolving it again changes nothing (the PyTorch
      // reference of bench:quality rebuilds exactly this).
      const config = resolveSimclrModelConfig(recipe.model);
      assert.deepEqual(config.encoder, recipe.model.encoder);
      assert.deepEqual(config.headWidths, recipe.model.headWidths);
      // The augmentation makes views of the model's input size, and the model embeds them.
      const before = tf.memory().numTensors;
      const views = tf.tidy(() => {
        const x = tf.tensor4d(data.pixels.subarray(0, 8 * 784), [8, 28, 28, 1]).div(255) as tf.Tensor4D;
        return plan.augment(x, new Random(0));
      });
      assert.deepEqual(views.shape, [8, 28, 28, 1]);
      const h = model.encoder.predict(views) as tf.Tensor;
      assert.deepEqual(h.shape, [8, model.representationDim]);
      tf.dispose([views, h]);
      assert.equal(tf.memory().numTensors, before);
    } finally {
      model.dispose();
    }
  });
}
