import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FASHION_MNIST_CLASSES } from '../../../src/simclr/data/fashionMnist';
import { coarseLabels, FASHION_MNIST_COARSE } from '../../../src/simclr/eval/coarseLabels';

test('Fashion-MNIST coarse groups: every class in one of four groups by where it is worn', () => {
  const table: [string, string][] = [
    ['T-shirt/top', 'tops'],
    ['Trouser', 'trousers & dresses'],
    ['Pullover', 'tops'],
    ['Dress', 'trousers & dresses'],
    ['Coat', 'tops'],
    ['Sandal', 'footwear'],
    ['Shirt', 'tops'],
    ['Sneaker', 'footwear'],
    ['Bag', 'bags'],
    ['Ankle boot', 'footwear'],
  ];
  assert.deepEqual(
    FASHION_MNIST_CLASSES.map((name, c) => [name, FASHION_MNIST_COARSE.names[FASHION_MNIST_COARSE.groupOf[c]]]),
    table,
  );
  assert.deepEqual(coarseLabels([0, 1, 5, 8, 9, 3]), Int32Array.from([0, 1, 2, 3, 2, 1]));
});

test('coarseLabels refuses labels outside the grouping and groupings that point nowhere', () => {
  assert.throws(() => coarseLabels([0, 10]), /label 1 is 10, not one of the 10 grouped classes/);
  assert.throws(() => coarseLabels([0.5]), /label 0 is 0.5/);
  assert.throws(
    () => coarseLabels([0], { names: ['a'], groupOf: [0, 1] }),
    /class 1 maps to group 1, not one of the 1 groups/,
  );
  assert.deepEqual(coarseLabels([1, 0, 1], { names: ['even', 'odd'], groupOf: [0, 1] }), Int32Array.from([1, 0, 1]));
});
