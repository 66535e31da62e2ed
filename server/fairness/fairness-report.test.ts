import { describe, expect, it } from 'vitest';
import { checkFixtureCase } from './fixtures/check-fixture-case';
import { loadFairnessFixtures } from './fixtures/fairness-fixtures';
import { computeFairnessReport } from './fairness-report';

// Every small fixture case against Fairlearn 0.10 and AIF360 (generate-fairness-fixtures.py),
// to 1e-12 relative; the 10^6-row case is in fairness-million.test.ts.

const fixtures = loadFairnessFixtures();
const small = fixtures.cases.filter((c) => !c.generator);

describe('fairness report against Fairlearn and AIF360', () => {
  it('has the cases the fixtures promise', () => {
    expect(fixtures.versions.fairlearn).toBe('0.10.0');
    expect(small.map((c) => c.name)).toEqual(
      expect.arrayContaining(['edge groups', 'intersection with empty cells', 'never selected at all', 'no false positives, privileged never selected']),
    );
  });

  for (const c of small) {
    it(c.name, () => checkFixtureCase(c));
  }
});

describe('fairness report semantics', () => {
  const edge = small.find((c) => c.name === 'edge groups')!;

  it('flags small groups and leaves them out of the judged scope', () => {
    const rows = edge.rows!;
    const report = computeFairnessReport(
      {
        actual: Uint8Array.from(rows.actual),
        predicted: Uint8Array.from(rows.predicted),
        attributes: [{ name: 'group', kind: 'categorical', values: rows.attributes.group as (string | null)[] }],
      },
      { minGroupSize: 3, privileged: { group: 'A' }, bootstrap: false },
    );
    const grouping = report.groupings[0]!;
    expect(grouping.groups.filter((g) => g.tooSmall).map((g) => g.label)).toEqual(['D', 'E']);
    expect(grouping.all.groups).toHaveLength(6);
    expect(grouping.judged!.groups).toEqual(['A', 'B', 'C', '(missing)']);
    // Group B has no actual positive: undefined for Vigil, 0 for Fairlearn's equalized odds.
    const b = grouping.groups.find((g) => g.label === 'B')!;
    expect(b.rates.truePositiveRate).toBeNull();
    expect(b.rates.falseNegativeRate).toBeNull();
    expect(grouping.judged!.fairlearn.equalizedOdds.differenceBetweenGroups).toBeCloseTo(2 / 3, 12);
    expect(report.scoresOutsideUnitInterval).toBeNull();
    expect(grouping.all.thresholdSweep).toBeNull();
  });

  it('carries an infinite disparate impact through JSON as a string', () => {
    const c = small.find((x) => x.name === 'no false positives, privileged never selected')!;
    const rows = c.rows!;
    const report = computeFairnessReport(
      {
        actual: Uint8Array.from(rows.actual),
        predicted: Uint8Array.from(rows.predicted),
        attributes: [{ name: 'group', kind: 'categorical', values: rows.attributes.group as string[] }],
      },
      { minGroupSize: 1, privileged: { group: 'priv' }, bootstrap: { replicates: 200 } },
    );
    const aif = report.groupings[0]!.all.aif360!;
    expect(aif.pooled.disparities.disparateImpact).toBe('Infinity');
    expect(aif.pooled.disparities.fourFifthsViolated).toBe(true);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    // Every replicate's privileged selection rate is 0 too: the interval is [inf, inf].
    expect(report.groupings[0]!.intervals!['/all/aif360/pooled/disparities/disparateImpact']).toMatchObject({ lower: 'Infinity', upper: 'Infinity', significant: true });
  });

  it('explains a missing AIF360 comparison', () => {
    const rows = edge.rows!;
    const input = {
      actual: Uint8Array.from(rows.actual),
      predicted: Uint8Array.from(rows.predicted),
      attributes: [{ name: 'group', kind: 'categorical' as const, values: rows.attributes.group as (string | null)[] }],
    };
    expect(computeFairnessReport(input, { bootstrap: false }).groupings[0]!.all.aif360Unavailable).toBe('no privileged value configured for group');
    expect(computeFairnessReport(input, { bootstrap: false, privileged: { group: 'Z' } }).groupings[0]!.all.aif360Unavailable).toBe('privileged group group=Z has no rows');
    const small = computeFairnessReport(input, { bootstrap: false, minGroupSize: 3, privileged: { group: 'D' } }).groupings[0]!;
    expect(small.all.aif360!.privileged).toBe('D');
    expect(small.judged!.aif360).toBeNull();
    expect(small.judged!.aif360Unavailable).toBe('privileged group D has fewer than 3 rows');
  });

  it('reports an empty window as undefined rather than failing', () => {
    const report = computeFairnessReport(
      { actual: new Uint8Array(0), predicted: new Uint8Array(0), scores: new Float64Array(0), attributes: [{ name: 'g', kind: 'categorical', values: [] }] },
      { privileged: { g: 'a' }, bootstrap: { replicates: 10 } },
    );
    expect(report.overall.rates.selectionRate).toBeNull();
    expect(report.inequality.generalizedEntropyIndex).toBeNull();
    expect(report.groupings[0]!.groups).toEqual([]);
    expect(report.groupings[0]!.judged).toBeNull();
    expect(report.groupings[0]!.all.fairlearn.demographicParity.differenceBetweenGroups).toBeNull();
    expect(report.groupings[0]!.all.aif360Unavailable).toBe('privileged group g=a has no rows');
  });

  it('rejects inconsistent input', () => {
    const attributes = [{ name: 'g', kind: 'categorical' as const, values: ['a', 'b'] }];
    expect(() => computeFairnessReport({ actual: Uint8Array.of(0, 1), predicted: Uint8Array.of(0), attributes })).toThrow(RangeError);
    expect(() => computeFairnessReport({ actual: Uint8Array.of(0, 2), predicted: Uint8Array.of(0, 1), attributes })).toThrow(/0 or 1/);
    expect(() => computeFairnessReport({ actual: Uint8Array.of(0, 1), predicted: Uint8Array.of(0, 1), scores: Float64Array.of(0.5, Number.NaN), attributes })).toThrow(/finite/);
    expect(() => computeFairnessReport({ actual: Uint8Array.of(0, 1), predicted: Uint8Array.of(0, 1), attributes }, { groupings: [['h']] })).toThrow(/no attribute "h"/);
  });
});
