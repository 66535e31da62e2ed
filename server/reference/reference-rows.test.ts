import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { parseReferenceCsv } from './reference-rows';

const model = {
  features: [
    { name: 'age', type: 'numeric' as const },
    { name: 'job', type: 'categorical' as const, categories: ['a', 'b'] },
  ],
  label: { name: 'y', classes: ['no', 'yes'] },
  protectedAttributes: ['gender'],
};

describe('CSV parsing', () => {
  it('handles quotes, embedded commas and line breaks, CRLF and a BOM', () => {
    const rows = [...parseCsv('\ufeffa,b\r\n"x, ""y""",2\n"multi\nline",3\n')];
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, "y"', '2'] },
      { line: 3, fields: ['multi\nline', '3'] },
    ]);
  });
});

describe('reference CSV validation', () => {
  it('encodes rows in schema order, categories as indices, empty cells as missing', () => {
    const result = parseReferenceCsv('job,age,y,gender\nb,30,yes,f\na,,0,m\n', model);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Array.from(result.data.features)).toEqual([30, 1, Number.NaN, 0]);
    expect(result.data.labels).toEqual(['yes', 'no']);
    expect(result.data.attributes).toEqual([{ gender: 'f' }, { gender: 'm' }]);
  });

  it('reports every bad row with its line and column, and stores nothing', () => {
    const result = parseReferenceCsv('age,job,y\n30,a,no\nold,c,maybe\n40,b\n', model);
    expect(result).toEqual({
      ok: false,
      total: 4,
      problems: [
        { line: 3, column: 'age', reason: "'old' is not a finite number" },
        { line: 3, column: 'job', reason: "'c' is not one of the declared categories" },
        { line: 3, column: 'y', reason: "'maybe' is not one of the classes no, yes" },
        { line: 4, column: null, reason: '2 fields where the header has 3' },
      ],
    });
  });

  it('needs every feature and the label in the header, and knows no other columns', () => {
    const result = parseReferenceCsv('age,zip\n1,2\n', model);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => `${p.column}: ${p.reason}`)).toEqual([
      'job: feature column missing from the header',
      'y: label column missing from the header',
      'zip: unknown column (not a feature, the label or a protected attribute)',
    ]);
  });

  it('refuses a regression label that is not a finite decimal number', () => {
    const result = parseReferenceCsv('age,job,y\n30,a,12.5\n31,b,NaN\n32,a,\n33,b,1e999\n', { ...model, label: { name: 'y' }, taskType: 'regression' });
    const reason = (value: string) => `a regression label must be a finite decimal number (e.g. "1520.5" or "-3e2"), got '${value}'`;
    expect(result.ok || result.problems.map((p) => [p.line, p.column, p.reason])).toEqual([[3, 'y', reason('NaN')], [5, 'y', reason('1e999')]]);
  });
});
