// Types of the fairness tab, from the tRPC router's outputs and the report's own types.

import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/app-router';
import type { RateName } from '@/server/fairness/group-rates';

type Outputs = inferRouterOutputs<AppRouter>['fairness'];

export type ReportList = Outputs['list'];
export type ReportSummary = ReportList['reports'][number];
export type ReportDetail = Outputs['get'];
export type SettingsView = Outputs['settings'];

export type { FairnessReport, GroupingReport, GroupReport, ScopeReport } from '@/server/fairness/fairness-report-types';
export type { ConfidenceInterval } from '@/server/fairness/fairness-bootstrap';
export type { AttributeRule, FairnessSettings } from '@/server/fairness/fairness-settings';

/** The per-group rates, in the order the table and the CSV show them. */
export const RATE_COLUMNS: { key: RateName; label: string; short: string }[] = [
  { key: 'baseRate', label: 'Base rate', short: 'Base rate' },
  { key: 'selectionRate', label: 'Selection rate', short: 'Selection rate' },
  { key: 'truePositiveRate', label: 'True positive rate', short: 'TPR' },
  { key: 'falsePositiveRate', label: 'False positive rate', short: 'FPR' },
  { key: 'falseNegativeRate', label: 'False negative rate', short: 'FNR' },
  { key: 'trueNegativeRate', label: 'True negative rate', short: 'TNR' },
  { key: 'precision', label: 'Precision', short: 'Precision' },
  { key: 'accuracy', label: 'Accuracy', short: 'Accuracy' },
];

/** The interval pointer of one group's rate. */
export const ratePointer = (groupIndex: number, rate: RateName) => `/groups/${groupIndex}/rates/${rate}`;
