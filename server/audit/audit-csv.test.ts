import { describe, expect, it } from 'vitest';
import { parseCsv } from '@/server/reference/csv';
import { csvField, csvRecord, csvRow } from './audit-csv';

describe('audit CSV (RFC 4180)', () => {
  it('quotes fields with a comma, quote, CR or LF and doubles quotes; leaves the rest bare', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField(-2)).toBe('-2');
  });

  it('flattens an event into one record that parses back field for field', () => {
    const body = JSON.stringify({
      action: 'model.updated', at: '2025-01-02T03:04:05.000Z',
      actor: { id: 'u1', label: 'Ann, "the admin"', type: 'user' },
      after: { description: 'line 1\r\nline 2' }, before: { description: 'old' },
      context: { ip: '10.0.0.1', userAgent: 'Mozilla/5.0 (X11, Linux)' },
      target: { id: 'm1', label: 'credit-risk', type: 'model' },
    });
    const record = csvRow({ seq: 7, body, hash: Buffer.alloc(32, 1) });
    const [parsed] = [...parseCsv(`${csvRecord(['h'])}\r\n${record}\r\n`)].slice(1).map((r) => r.fields);
    expect(parsed).toEqual([
      '7', '2025-01-02T03:04:05.000Z', 'user', 'u1', 'Ann, "the admin"', 'model.updated', 'model', 'm1', 'credit-risk', '10.0.0.1', 'Mozilla/5.0 (X11, Linux)',
      '{"description":"old"}', '{"description":"line 1\\r\\nline 2"}', '', '01'.repeat(32),
    ]);
  });
});
