import { describe, expect, it } from 'vitest';
import type { Feature } from '@/server/registry/feature-schema';
import { configuredChoice, defaultMethod, driftConfigProblems, isDrifted, predictionChoice, thresholdFor } from './drift-method-selection';

describe('Evidently’s default method', () => {
  it.each([
    ['numeric', 1000, 6, 'ks'],
    ['numeric', 1000, 5, 'chi_square'],
    ['numeric', 1000, 3, 'chi_square'],
    ['numeric', 1000, 2, 'z_test'],
    ['categorical', 1000, 3, 'chi_square'],
    ['categorical', 1000, 2, 'z_test'],
    ['categorical', 1000, 1, 'z_test'],
    ['numeric', 1001, 6, 'wasserstein'],
    ['numeric', 1001, 5, 'jensen_shannon'],
    ['categorical', 1001, 2, 'jensen_shannon'],
    ['categorical', 50_000, 40, 'jensen_shannon'],
  ] as const)('%s feature, %i reference values, %i distinct → %s', (type, rows, distinct, method) => {
    expect(defaultMethod(type, rows, distinct)).toBe(method);
  });

  it('drifts below the threshold for p-values and at or above it for distances', () => {
    expect(isDrifted('ks', 0.049, 0.05)).toBe(true);
    expect(isDrifted('ks', 0.05, 0.05)).toBe(false);
    expect(isDrifted('wasserstein', 0.1, 0.1)).toBe(true);
    expect(isDrifted('psi', 0.099, 0.1)).toBe(false);
    expect(isDrifted('jensen_shannon', Number.NaN, 0.1)).toBe(false);
  });
});

describe('configuration precedence', () => {
  const config = {
    numericMethod: 'psi' as const,
    categoricalMethod: 'jensen_shannon' as const,
    threshold: 0.2,
    features: { age: { method: 'ks' as const, threshold: 0.01 }, city: { threshold: 0.3 } },
    prediction: { threshold: 0.15 },
  };

  it('takes the feature’s own method and threshold first, then the per-type method, then the global threshold', () => {
    expect(configuredChoice(config, 'age', 'numeric')).toEqual({ method: 'ks', threshold: 0.01 });
    expect(configuredChoice(config, 'city', 'categorical')).toEqual({ method: 'jensen_shannon', threshold: 0.3 });
    expect(configuredChoice(config, 'income', 'numeric')).toEqual({ method: 'psi', threshold: 0.2 });
    expect(predictionChoice(config)).toEqual({ method: 'psi', threshold: 0.15 });
    expect(configuredChoice(undefined, 'x', 'numeric')).toEqual({ method: undefined, threshold: undefined });
  });

  it('falls back to the method’s default threshold', () => {
    expect(thresholdFor('ks', {})).toBe(0.05);
    expect(thresholdFor('psi', {})).toBe(0.1);
    expect(thresholdFor('psi', { threshold: 0.25 })).toBe(0.25);
  });
});

describe('driftConfigProblems', () => {
  const features: Feature[] = [
    { name: 'age', type: 'numeric' },
    { name: 'city', type: 'categorical', categories: ['a', 'b'] },
  ];

  it('accepts a sound configuration and ignores stale feature entries', () => {
    expect(driftConfigProblems(features, { numericMethod: 'ks', features: { gone: { method: 'ks' } } })).toEqual([]);
  });

  it('rejects order-based methods for categorical features, bad thresholds and shares', () => {
    const problems = driftConfigProblems(features, {
      categoricalMethod: 'wasserstein',
      features: { city: { method: 'ks' }, age: { threshold: -1 } },
      datasetDriftShare: 0,
    });
    expect(problems).toHaveLength(4);
    expect(problems.join(' ')).toMatch(/categoricalMethod.*wasserstein/);
    expect(problems.join(' ')).toMatch(/features\.city.*ks/);
  });
});
