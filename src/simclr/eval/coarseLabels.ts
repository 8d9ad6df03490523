/**
 * Coarse labels: a task the representation was not built for, made from the fine labels by
 * grouping classes (as CIFAR-100's 20 superclasses group its 100 classes). A representation that
 * captured what the garments are should separate the groups as well as, or better than, the
 * classes; one that only memorised pixel patterns of each class may not.
 */
import { FASHION_MNIST_CLASSES } from '../data/fashionMnist';

/** A grouping of fine classes: `names[g]` is group g, `groupOf[c]` the group of fine class c. */
export interface ClassGrouping {
  names: readonly string[];
  groupOf: readonly number[];
}

/**
 * Fashion-MNIST's ten classes in four groups by where they are worn: tops (T-shirt/top, Pullover,
 * Coat, Shirt), trousers and dresses (the garments that cover the legs), footwear (Sandal, Sneaker,
 * Ankle boot) and bags.
 */
const FASHION_MNIST_GROUP_OF: Record<(typeof FASHION_MNIST_CLASSES)[number], number> = {
  'T-shirt/top': 0,
  Trouser: 1,
  Pullover: 0,
  Dress: 1,
  Coat: 0,
  Sandal: 2,
  Shirt: 0,
  Sneaker: 2,
  Bag: 3,
  'Ankle boot': 2,
};
export const FASHION_MNIST_COARSE: ClassGrouping = {
  names: ['tops', 'trousers & dresses', 'footwear', 'bags'],
  groupOf: FASHION_MNIST_CLASSES.map((name) => FASHION_MNIST_GROUP_OF[name]),
};

/** The group label of every fine label. */
export function coarseLabels(labels: ArrayLike<number>, grouping: ClassGrouping = FASHION_MNIST_COARSE): Int32Array {
  const { names, groupOf } = grouping;
  groupOf.forEach((g, c) => {
    if (!Number.isInteger(g) || g < 0 || g >= names.length)
      throw new RangeError(`coarseLabels: class ${c} maps to group ${g}, not one of the ${names.length} groups`);
  });
  return Int32Array.from(labels, (label, i) => {
    if (!Number.isInteger(label) || label < 0 || label >= groupOf.length)
      throw new RangeError(`coarseLabels: label ${i} is ${label}, not one of the ${groupOf.length} grouped classes`);
    return groupOf[label];
  });
}
