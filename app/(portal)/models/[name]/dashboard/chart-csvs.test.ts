import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { emptyLatencyHistogram, latencyPercentiles } from '@/server/dashboard/latency-quantiles';
import type { DashboardPoint, ModelDashboard, Period } from '@/server/dashboard/model-dashboard';
import { binaryMetrics } from '@/server/statistics/classification-metrics';
import { chartCsvs } from './chart-csvs';
import { DashboardCharts } from './dashboard-charts';
import { csvField, toCsv } from './dashboard-csv';
import { bucketLabel, change, milliseconds, percent } from './dashboard-format';

const HOUR = 3_600_000;
const FROM = Date.parse('2026-11-28T00:00:00Z');

function point(i: number, start: number): DashboardPoint {
  const latency = emptyLatencyHistogram();
  latency[12] = 10 + i;
  return {
    start: new Date(start),
    events: 100 + i,
    eventsByVersion: { 1: 60, 2: 40 + i },
    latency: latencyPercentiles(latency),
    positiveRate: 0.25,
    labeled: 10,
    realized: binaryMetrics({ tp: 3, fp: 1, tn: 5, fn: 1 }),
    estimatedAccuracy: i === 2 ? 0.81 : null,
    driftShare: i === 2 ? 0.5 : null,
  };
}

function period(from: number): Period {
  const points = [0, 1, 2].map((i) => point(i, from + i * HOUR));
  return {
    summary: { from: new Date(from), to: new Date(from + 3 * HOUR), events: 303, withoutPrediction: 0, latency: latencyPercentiles(emptyLatencyHistogram()), positiveRate: 0.25, labeled: 30, realized: binaryMetrics({ tp: 0, fp: 0, tn: 0, fn: 0 }), latestReport: null, scoreHistogram: [1, 3, ...new Array<number>(18).fill(0)] },
    points,
    versions: [],
    driftReports: [],
    kpis: [],
  };
}

function fakeDashboard(compare: boolean): ModelDashboard {
  return {
    model: { name: 'credit-risk', taskType: 'binary_classification', positiveClass: 'defaulted' },
    range: { range: 'custom', bucket: 'hour', from: new Date(FROM), to: new Date(FROM + 3 * HOUR), buckets: 3, compare, previous: { from: new Date(FROM - 3 * HOUR), to: new Date(FROM) } },
    current: period(FROM),
    previous: compare ? period(FROM - 3 * HOUR) : null,
    deployments: [{ id: 'd-1', at: new Date(FROM + 1.5 * HOUR), environment: 'production', kind: 'promotion', version: 2, previousVersion: 1, requestId: 'req-1', deployedBy: 'maintainer@vigil.local', approvedBy: ['reviewer@vigil.local', 'reviewer2@vigil.local'], reason: null }],
    alerts: [{ id: 'a-1', kind: 'drift_share', severity: 'critical', message: 'Drift share 50 % ≥ 30 %', openedAt: new Date(FROM + HOUR), resolvedAt: null }],
    target: { metric: 'accuracy', minimum: 0.8 },
    driftThreshold: { value: 0.3, source: 'alert_rule' },
  };
}

describe('chart CSVs', () => {
  it('give every bucket with raw values, per version, and the previous period beside it', () => {
    const { traffic, latency, performance, scores } = chartCsvs(fakeDashboard(true), ['v1', 'v2']);
    expect(traffic.name).toBe('credit-risk-2026-11-28-2026-11-28-hour-traffic');
    expect(traffic.header).toEqual(['bucket_start_utc', 'events', 'events_v1', 'events_v2', 'previous_bucket_start_utc', 'previous_events']);
    expect(toCsv(traffic.header, traffic.rows).split('\r\n')[1]).toBe('2026-11-28T00:00:00.000Z,100,60,40,2026-11-27T21:00:00.000Z,100');
    // The percentile, and the bucket it is known to lie in.
    const [, p50, lower, upper] = latency.rows[0]!;
    expect(lower).toBeCloseTo(0.1 * 2 ** 5.5, 9);
    expect(upper).toBeCloseTo(0.1 * 2 ** 6, 9);
    expect(p50).toBeGreaterThan(lower as number);
    expect(performance.rows[2]!.slice(1, 8)).toEqual([10, 0.8, 0.75, 0.75, 0.75, 0.81, 0.8]);
    expect(performance.rows[0]![6]).toBeNull();
    expect(scores.rows[1]).toEqual([0.05, 0.1, 3, 0.75, 3, 0.75]);
  });

  it('leave the comparison columns out without a comparison', () => {
    const { drift } = chartCsvs(fakeDashboard(false), []);
    expect(drift.header).toEqual(['bucket_start_utc', 'drifted_feature_share', 'alert_threshold_share']);
    expect(toCsv(drift.header, drift.rows)).toBe('bucket_start_utc,drifted_feature_share,alert_threshold_share\r\n2026-11-28T00:00:00.000Z,,0.3\r\n2026-11-28T01:00:00.000Z,,0.3\r\n2026-11-28T02:00:00.000Z,0.5,0.3\r\n');
  });
});

describe('RFC 4180 fields', () => {
  it('quote commas, quotes and line breaks, double quotes, and leave no value empty', () => {
    expect(['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\r', 3.5, null, undefined, Number.NaN, true].map(csvField)).toEqual(['plain', '"a,b"', '"say ""hi"""', '"two\nlines"', '"cr\r"', '3.5', '', '', '', 'true']);
    expect(toCsv(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });
});

describe('dashboard formats', () => {
  it('read as people write them, in UTC', () => {
    expect([0.42, 12.345, 1250, 52_428.8].map(milliseconds)).toEqual(['0.42\u00a0ms', '12.3\u00a0ms', '1,250\u00a0ms', '52.4\u00a0s']);
    expect(percent(0.8523)).toBe('85.2\u00a0%');
    expect(percent(null)).toBe('—');
    expect(bucketLabel(new Date('2026-11-28T14:00:00Z'), 'hour')).toBe('2026-11-28 14:00');
    expect(bucketLabel(new Date('2026-11-28T00:00:00Z'), 'day')).toBe('2026-11-28');
    expect(change(0.7, 0.85, 'points')).toBe('−15.0\u00a0pp');
    expect(change(1200, 1000, 'relative')).toBe('+20.0\u00a0%');
    expect(change(5, 0, 'relative')).toBeNull();
  });
});

describe('DashboardCharts', () => {
  it('renders every chart with its CSV button, the markers over the plot and the empty KPI notice', () => {
    const html = renderToString(createElement(DashboardCharts, { view: fakeDashboard(true) }));
    for (const title of ['Traffic', 'Latency', 'Positive rate', 'Performance', 'Share of drifted features', 'Score distribution']) expect(html).toContain(`aria-label="${title}"`);
    expect(html.match(/Download CSV/g)).toHaveLength(6);
    // The deployment at 01:30 sits three quarters along a plot whose points are 00:00, 01:00, 02:00.
    expect(html).toContain('href="/promotions/req-1"');
    expect(html).toContain('left:75%');
    expect(html).toContain('v2 (from v1) to production (promotion), 2026-11-28 01:30 UTC, approved by reviewer@vigil.local, reviewer2@vigil.local; deployed by maintainer@vigil.local');
    // The open alert band runs from 01:00 to the end.
    expect(html).toMatch(/left:50%;width:max\(2px, 50%\)/);
    expect(html).toContain('No business KPIs defined');
  });
});
