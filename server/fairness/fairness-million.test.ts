import { describe, expect, it } from 'vitest';
import { checkFixtureCase } from './fixtures/check-fixture-case';
import { loadFairnessFixtures, millionRows } from './fixtures/fairness-fixtures';

// The 10^6-row case: the rows are regenerated here from the same xorshift32 stream the Python
// generator used, and the report must match Fairlearn and AIF360 on them to 1e-12.

const million = loadFairnessFixtures().cases.find((c) => c.generator)!;

describe('fairness report on 10^6 rows', () => {
  it('regenerates the generator rows', () => {
    expect(million.generator).toEqual({ kind: 'xorshift32', seed: 20240611, rows: 1_000_000 });
    const head = millionRows(million.generator!.seed, 5);
    expect(Array.from(head.scores!).every((s) => s >= 0 && s < 1 && Number.isInteger(s * 16777216))).toBe(true);
  });

  it('matches the references', () => checkFixtureCase(million), 120_000);
});
