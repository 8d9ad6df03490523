/**
 * The augmentation pipeline's tunable numbers as the panel's explorer shows them (AugmentParam
 * sliders), and a config with the panel's values applied. Only these numbers are tunable; the
 * rest of the config (crop ratio, blur sigma, output size) stays as the cell gave it.
 */
import type { AugmentParam, AugmentParamName } from '../../protocol/panelMessages';
import type { AugmentConfig } from '../../simclr/augment/augmentConfig';

interface Spec {
  name: AugmentParamName;
  label: string;
  min: number;
  max: number;
  step: number;
  get(config: AugmentConfig): number;
  set(config: AugmentConfig, value: number): void;
}

const SPECS: Spec[] = [
  {
    name: 'cropMinScale',
    label: 'crop min scale',
    min: 0.05,
    max: 1,
    step: 0.05,
    get: (c) => c.crop.scale[0],
    set: (c, v) => (c.crop.scale = [Math.min(v, c.crop.scale[1]), c.crop.scale[1]]),
  },
  {
    name: 'flipP',
    label: 'flip probability',
    min: 0,
    max: 1,
    step: 0.05,
    get: (c) => c.flip.p,
    set: (c, v) => (c.flip.p = v),
  },
  {
    name: 'jitterP',
    label: 'colour jitter probability',
    min: 0,
    max: 1,
    step: 0.05,
    get: (c) => c.colorJitter.p,
    set: (c, v) => (c.colorJitter.p = v),
  },
  {
    name: 'brightness',
    label: 'brightness',
    min: 0,
    max: 1,
    step: 0.05,
    get: (c) => c.colorJitter.brightness,
    set: (c, v) => (c.colorJitter.brightness = v),
  },
  {
    name: 'contrast',
    label: 'contrast',
    min: 0,
    max: 1,
    step: 0.05,
    get: (c) => c.colorJitter.contrast,
    set: (c, v) => (c.colorJitter.contrast = v),
  },
  {
    name: 'saturation',
    label: 'saturation',
    min: 0,
    max: 1,
    step: 0.05,
    get: (c) => c.colorJitter.saturation,
    set: (c, v) => (c.colorJitter.saturation = v),
  },
  {
    name: 'hue',
    label: 'hue',
    min: 0,
    max: 0.5,
    step: 0.02,
    get: (c) => c.colorJitter.hue,
    set: (c, v) => (c.colorJitter.hue = v),
  },
  {
    name: 'grayscaleP',
    label: 'grayscale probability',
    min: 0,
    max: 1,
    step: 0.05,
    get: (c) => c.grayscale.p,
    set: (c, v) => (c.grayscale.p = v),
  },
  {
    name: 'blurP',
    label: 'blur probability',
    min: 0,
    max: 1,
    step: 0.05,
    get: (c) => c.blur.p,
    set: (c, v) => (c.blur.p = v),
  },
];

/** Sliders for a pipeline; colour-only ones are left out for 1-channel images. */
export function augmentParams(config: AugmentConfig, channels: number): AugmentParam[] {
  return SPECS.filter((s) => channels === 3 || !['saturation', 'hue', 'grayscaleP'].includes(s.name)).map((s) => ({
    name: s.name,
    label: s.label,
    value: s.get(config),
    min: s.min,
    max: s.max,
    step: s.step,
  }));
}

/** A copy of `config` with the panel's values (clamped to each slider's range); unknown names are an error. */
export function applyAugmentParams(config: AugmentConfig, values: Record<string, number>): AugmentConfig {
  const copy = structuredClone(config);
  for (const [name, value] of Object.entries(values)) {
    const spec = SPECS.find((s) => s.name === name);
    if (!spec)
      throw new RangeError(`augment: unknown parameter '${name}' (known: ${SPECS.map((s) => s.name).join(', ')})`);
    if (!Number.isFinite(value)) throw new RangeError(`augment: ${name} must be a finite number, got ${value}`);
    spec.set(copy, Math.min(spec.max, Math.max(spec.min, value)));
  }
  return copy;
}
