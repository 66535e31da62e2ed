import { describe, expect, it } from 'vitest';
import { formatApproxDuration, UNIT_SPACE } from '@/app/_components/format';
import { noLabelsText, realizedHint } from './label-status';

const none = { lastLabelledHour: null, lastLabelArrivedAt: null, medianDelaySeconds: null, sampled: 0 };
const late = { lastLabelledHour: new Date('2026-12-03T14:00:00Z'), lastLabelArrivedAt: new Date('2026-12-05T10:00:00Z'), medianDelaySeconds: 2.1 * 86_400, sampled: 40 };

describe('realized performance without labels explains itself', () => {
  it('with labels: the value and how many', () => {
    expect(realizedHint({ value: '85.2 %', labeled: 1204 }, late)).toBe('realized 85.2 % on 1,204 labels');
  });

  it('labels that have not arrived: the measured delay and the last labelled hour, in UTC', () => {
    expect(realizedHint({ value: '—', labeled: 0 }, late)).toBe(`no labels for this window yet — labels arrive ~2${UNIT_SPACE}days late; last labelled hour: 2026-12-03 14:00 UTC`);
  });

  it('no delay measured: says only what is known', () => {
    expect(noLabelsText({ ...late, medianDelaySeconds: null }, 'this window')).toBe('no labels for this window yet; last labelled hour: 2026-12-03 14:00 UTC');
  });

  it('never any label: where they come from', () => {
    expect(realizedHint({ value: '—', labeled: 0 }, none)).toBe('no labels received yet: ground truth comes through /api/v1/labels');
  });
});

describe('formatApproxDuration', () => {
  it('minutes, hours, days, rounded', () => {
    expect(formatApproxDuration(20)).toBe(`~1${UNIT_SPACE}min`);
    expect(formatApproxDuration(40 * 60)).toBe(`~40${UNIT_SPACE}min`);
    expect(formatApproxDuration(5.4 * 3600)).toBe(`~5${UNIT_SPACE}h`);
    expect(formatApproxDuration(47 * 3600)).toBe(`~47${UNIT_SPACE}h`);
    expect(formatApproxDuration(60 * 3600)).toBe(`~3${UNIT_SPACE}days`);
    expect(formatApproxDuration(null)).toBe('—');
    expect(formatApproxDuration(-1)).toBe('—');
  });
});
