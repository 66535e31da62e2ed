import { fairnessInapplicable } from '@/server/fairness/fairness-applicability';
import type { FairnessConfig } from './gate-config';
import { evidenceLinks, type Gate, type JudgedDisparity } from './gate-types';

const fmt = (x: number) => x.toFixed(3);

interface Violation {
  text: string;
  /** The interval contains the fair value: the gap may be noise. */
  insignificant: boolean;
}

/** Inside the interval's reach of the fair value (no interval: judged significant). */
const containsFair = (d: JudgedDisparity, fair: number) => d.lower !== null && d.upper !== null && d.lower <= fair && fair <= d.upper;

/**
 * The candidate's fairness report: on every grouping (attribute or intersection), over the
 * groups large enough to judge, disparate impact within [min, max] and equalized-odds
 * difference at most the limit. A violation whose bootstrap interval contains the fair value
 * (1 for impact, 0 for a difference) passes with a warning unless the policy says 'fail'.
 */
export const fairnessGate: Gate<FairnessConfig> = (evidence, config) => {
  const { model, candidate, fairness } = evidence;
  const thresholds = { disparateImpactMin: config.disparateImpactMin, disparateImpactMax: config.disparateImpactMax, maxEqualizedOddsDifference: config.maxEqualizedOddsDifference };
  const inapplicable = fairnessInapplicable(model.taskType);
  if (inapplicable) {
    return {
      gate: 'fairness',
      status: 'not_applicable',
      summary: `Not applicable: fairness reports judge a binary classifier's decisions per group, and ${model.name} is ${inapplicable}. The gate does not block.`,
      numbers: { taskType: model.taskType! },
      link: null,
    };
  }
  if (!fairness) {
    return {
      gate: 'fairness',
      status: 'missing',
      summary: `No finished fairness report of v${candidate.version}: one is computed after its shadow run, or run one on the model's Fairness tab.`,
      numbers: thresholds,
      link: evidenceLinks.fairness(model.name),
    };
  }
  const link = evidenceLinks.fairnessReport(model.name, fairness.reportId);
  const numbers: Record<string, number | string | null> = { reportId: fairness.reportId, population: fairness.population, rows: fairness.rows, ...thresholds };
  const violations: Violation[] = [];
  let judgedGroupings = 0;
  for (const g of fairness.groupings) {
    numbers[`${g.key}: disparate impact`] = g.disparateImpact.value;
    numbers[`${g.key}: equalized odds difference`] = g.equalizedOddsDifference.value;
    if (g.judgedGroups < 2) continue;
    judgedGroupings += 1;
    const di = g.disparateImpact;
    if (di.value !== null && (di.value < config.disparateImpactMin || di.value > config.disparateImpactMax)) {
      violations.push({ text: `${g.key}: disparate impact ${fmt(di.value)} outside [${config.disparateImpactMin}, ${config.disparateImpactMax}]`, insignificant: containsFair(di, 1) });
    }
    const eod = g.equalizedOddsDifference;
    if (eod.value !== null && eod.value > config.maxEqualizedOddsDifference) {
      violations.push({ text: `${g.key}: equalized odds difference ${fmt(eod.value)} above ${config.maxEqualizedOddsDifference}`, insignificant: containsFair(eod, 0) });
    }
  }
  const source = { shadow: "a shadow run's replayed traffic", reference: 'the reference dataset', traffic: 'its own traffic' }[fairness.population];
  if (judgedGroupings === 0) {
    return { gate: 'fairness', status: 'missing', summary: `The fairness report over ${source} has no attribute with two groups large enough to judge.`, numbers, link };
  }
  const blocking = violations.filter((v) => !v.insignificant || config.insignificantViolations === 'fail');
  const warnings = violations.filter((v) => v.insignificant && config.insignificantViolations === 'warn');
  if (blocking.length) {
    return { gate: 'fairness', status: 'fail', summary: `Fairness over ${source}: ${blocking.map((v) => v.text).join('; ')}.`, numbers, link };
  }
  const warning = warnings.length ? ` Warning, not significant (the interval contains the fair value): ${warnings.map((v) => v.text).join('; ')}.` : '';
  return { gate: 'fairness', status: 'pass', summary: `Fairness over ${source}: every judged group within the thresholds on ${judgedGroupings} attribute(s).${warning}`, numbers, link };
};
