import { afterAll, describe, expect, it } from 'vitest';
import { deviation, expectClose, rowMajor, taskFixtures } from './fixtures/task-metrics-fixtures';
import { multiclassConfusion, multiclassMetrics } from './multiclass-metrics';
import { multiclassLogLoss, oneVsRestRocAuc } from './multiclass-probability-metrics';

// Reference values from scikit-learn (fixtures/generate-task-metrics-fixtures.py).

describe('multiclass metrics match scikit-learn', () => {
  it.each(taskFixtures.multiclass)('$name', (c) => {
    const matrix = multiclassConfusion(c.actual, c.predicted, c.classes);
    expect(matrix).toEqual(c.confusion);
    const m = multiclassMetrics(matrix);
    expect(m.count).toBe(c.actual.length);
    expectClose(m.accuracy, c.accuracy);
    c.perClass.forEach((expected, k) => {
      const got = m.perClass[k]!;
      expect(got.support).toBe(expected.support);
      expectClose(got.precision, expected.precision);
      expectClose(got.recall, expected.recall);
      expectClose(got.f1, expected.f1);
    });
    for (const average of ['macro', 'micro', 'weighted'] as const) {
      expectClose(m[average]!.precision, c.averages[average].precision);
      expectClose(m[average]!.recall, c.averages[average].recall);
      expectClose(m[average]!.f1, c.averages[average].f1);
    }
  });

  it.each(taskFixtures.multiclass)('log loss and one-vs-rest ROC AUC: $name', (c) => {
    const probabilities = rowMajor(c.probabilities);
    expectClose(multiclassLogLoss(c.actual, probabilities, c.classes), c.logLoss);
    const auc = oneVsRestRocAuc(c.actual, probabilities, c.classes);
    expectClose(auc.macro, c.rocAucOvr.macro);
    expectClose(auc.weighted, c.rocAucOvr.weighted);
    c.perClass.forEach((expected, k) => expectClose(auc.perClass[k], expected.rocAuc));
    expect(auc.undefinedReason === null).toBe(c.rocAucOvr.macro !== null);
  });

  it('leaves a class absent from labels and predictions out of the averages, but lists it', () => {
    const c = taskFixtures.multiclass.find((x) => x.name === 'class 1 absent from labels and predictions')!;
    const m = multiclassMetrics(multiclassConfusion(c.actual, c.predicted, c.classes));
    expect(m.averagedClasses).toEqual([0, 2, 3]);
    expect(m.perClass[1]).toEqual({ support: 0, predicted: 0, truePositives: 0, precision: null, recall: null, f1: null });
    const auc = oneVsRestRocAuc(c.actual, rowMajor(c.probabilities), c.classes);
    expect(auc.unlabelledClasses).toEqual([1]);
    expect(auc.undefinedReason).toMatch(/class 1/);
  });

  it('counts a predicted class that never occurs as recall undefined, precision 0', () => {
    const c = taskFixtures.multiclass.find((x) => x.name === 'class 3 predicted, absent from the labels')!;
    const m = multiclassMetrics(multiclassConfusion(c.actual, c.predicted, c.classes));
    expect(m.perClass[3]).toMatchObject({ support: 0, recall: null, precision: 0, f1: 0 });
    expect(m.averagedClasses).toContain(3);
  });

  it('refuses labels outside the declared classes, mismatched shapes and NaN probabilities', () => {
    expect(() => multiclassConfusion([0, 3], [0, 1], 3)).toThrow(/label at row 1 is 3/);
    expect(() => multiclassConfusion([0, 1], [0, 1.5], 3)).toThrow(/prediction at row 1/);
    expect(() => multiclassLogLoss([0, 1], [0.5, 0.5, 0.5], 2)).toThrow(/3 probabilities for 2 rows/);
    expect(() => oneVsRestRocAuc([0, 1], [0.5, 0.5, Number.NaN, 0.5], 2)).toThrow(/row 1/);
  });

  it('is undefined (null), not zero, without rows', () => {
    const m = multiclassMetrics(multiclassConfusion([], [], 3));
    expect(m).toMatchObject({ count: 0, accuracy: null, macro: null, micro: null, weighted: null });
    expect(multiclassLogLoss([], [], 3)).toBeNull();
    expect(oneVsRestRocAuc([], [], 3)).toMatchObject({ macro: null, weighted: null });
  });
});

afterAll(() => {
  console.info(`multiclass metrics: max deviation from scikit-learn ${deviation.absolute.toExponential(2)} absolute`);
});
