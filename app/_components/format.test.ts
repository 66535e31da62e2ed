import { describe, expect, it } from 'vitest';
import { formatAxisPercent, formatBytes, formatCount, formatDateTime, formatDay, formatHour, formatPercent, UNIT_SPACE } from './format';

const at = new Date('2026-11-28T14:03:07.500Z');

describe('instants', () => {
  it('are written year first with the time zone stated, UTC by default', () => {
    expect(formatDateTime(at)).toBe('2026-11-28 14:03 UTC');
    expect(formatDateTime(at.toISOString(), { seconds: true })).toBe('2026-11-28 14:03:07 UTC');
  });

  it('in another zone name it, and move the date with it', () => {
    expect(formatDateTime(at, { timeZone: 'Asia/Tokyo' })).toBe('2026-11-28 23:03 GMT+9');
    expect(formatDateTime('2026-11-28T20:00:00Z', { timeZone: 'Asia/Tokyo' })).toBe('2026-11-29 05:00 GMT+9');
    expect(formatDateTime('2026-07-01T00:30:00Z', { timeZone: 'America/New_York' })).toBe('2026-06-30 20:30 EDT');
  });

  it('midnight is 00, not 24', () => {
    expect(formatDateTime('2026-01-01T00:00:00Z')).toBe('2026-01-01 00:00 UTC');
  });

  it('read "—" when missing or invalid', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });

  it('days and hours for chart axes share the same order', () => {
    expect(formatDay(at)).toBe('2026-11-28');
    expect(formatHour(at)).toBe('2026-11-28 14:03');
    expect(formatHour('2026-11-28T07:00:00Z')).toBe('2026-11-28 07:00');
  });
});

describe('numbers', () => {
  it('keep a value and its unit together on one line', () => {
    expect(formatPercent(1)).toBe(`100.0${UNIT_SPACE}%`);
    expect(formatPercent(0.8523, 2)).toBe(`85.23${UNIT_SPACE}%`);
    expect(formatAxisPercent(0.0025)).toBe(`0.25${UNIT_SPACE}%`);
    expect(formatBytes(2048)).toBe(`2.0${UNIT_SPACE}KiB`);
    expect(formatPercent(1)).not.toMatch(/ /);
  });

  it('count with thousands separators; missing reads "—"', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(null)).toBe('—');
    expect(formatPercent(undefined)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
  });
});
