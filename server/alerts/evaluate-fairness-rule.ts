import type { RuleEvaluation, RuleToEvaluate } from './evaluate-rule';

// Pure evaluation of a fairness rule against one scheduled fairness report: no I/O.

/** What a scheduled fairness report says per attribute (or intersection key), over its judged groups. */
export interface FairnessObservation {
  modelId: string;
  modelName: string;
  windowFrom: Date;
  windowTo: Date;
  reportId: string;
  byGrouping: Record<string, { disparateImpact: number | null; equalizedOddsDifference: number | null }>;
}

const r3 = (x: number) => x.toFixed(3);

export function evaluateFairnessRule(rule: RuleToEvaluate, observation: FairnessObservation): RuleEvaluation {
  const grouping = observation.byGrouping[rule.feature ?? ''];
  const noData = (message: string): RuleEvaluation => ({ firing: false, value: null, message, noData: true });
  if (!grouping) return noData(`The fairness report has no judged groups for ${rule.feature ?? '?'}`);
  const t = rule.threshold;
  if (rule.kind === 'fairness_disparate_impact') {
    const di = grouping.disparateImpact;
    if (di === null || !Number.isFinite(di)) return noData(`Disparate impact on ${rule.feature} is undefined in this report`);
    const firing = di < t || di > 1 / t;
    return { firing, value: di, message: `Disparate impact on ${rule.feature} ${r3(di)} ${firing ? 'outside' : 'within'} [${t}, ${r3(1 / t)}]`, noData: false };
  }
  const eod = grouping.equalizedOddsDifference;
  if (eod === null) return noData(`Equalized odds difference on ${rule.feature} is undefined in this report`);
  const firing = eod > t;
  return { firing, value: eod, message: `Equalized odds difference on ${rule.feature} ${r3(eod)} ${firing ? '>' : '≤'} ${t}`, noData: false };
}
