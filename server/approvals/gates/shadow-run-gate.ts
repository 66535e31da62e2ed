import { minAgreementFor, type ShadowRunConfig } from './gate-config';
import { evidenceLinks, type Gate, type GateResult, type ShadowEvidence } from './gate-types';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const pp = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} pp`;
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toPrecision(3)}`;

/**
 * The latest completed shadow run of the candidate: enough events, enough agreement with the
 * serving version, and an accuracy that is not significantly worse — it fails when the
 * confidence interval of accuracy(candidate) − accuracy(serving) lies below zero, or when
 * McNemar's test rejects equal accuracy at `alpha` with a negative difference. The same for
 * binary and multiclass models (McNemar pairs per-event correctness, whatever the classes).
 * A regression model makes no decision to agree on: its candidate fails when its MAE is
 * significantly worse — the bootstrap interval of MAE(candidate) − MAE(serving) lies above
 * zero, or the Wilcoxon signed-rank test rejects at `alpha` with a positive MAE difference
 * and the candidate's absolute errors typically the larger.
 *
 * Not applicable (never blocking, but no pass) to a rollback, or when nothing serves the
 * environment yet — unless the policy sets `requireForFirstDeployment`: then the candidate's
 * latest completed run over the model's logged traffic (whatever version served it, e.g. in
 * staging) is judged by the same rules, and its absence is `missing`.
 */
export const shadowRunGate: Gate<ShadowRunConfig> = (evidence, config) => {
  const { model, candidate, serving, shadow } = evidence;
  const minAgreement = minAgreementFor(config, shadow?.taskType ?? model.taskType);
  const thresholds = { minEvents: config.minEvents, minAgreement, alpha: config.alpha };
  if (evidence.kind === 'rollback') {
    return {
      gate: 'shadow_run',
      status: 'not_applicable',
      summary: `Not applicable to a rollback: v${candidate.version} served ${evidence.environment} before.`,
      numbers: { ...thresholds },
      link: null,
    };
  }
  if (!serving && !config.requireForFirstDeployment) {
    return {
      gate: 'shadow_run',
      status: 'not_applicable',
      summary: `Not applicable: nothing serves ${evidence.environment} yet, so there is no version to compare against.`,
      numbers: { servingVersion: null, ...thresholds },
      link: null,
    };
  }
  if (!shadow) {
    return {
      gate: 'shadow_run',
      status: 'missing',
      summary: serving
        ? `No completed shadow run of v${candidate.version} against the serving v${serving.version}.`
        : `Nothing serves ${evidence.environment} yet and the policy requires a shadow run for a first deployment: no completed shadow run of v${candidate.version} over the model's logged traffic (e.g. served in staging).`,
      numbers: { servingVersion: serving?.version ?? null, ...thresholds, ...(serving ? {} : { requireForFirstDeployment: 'yes' }) },
      link: evidenceLinks.monitoring(model.name),
    };
  }
  const numbers: Record<string, number | string | null> = {
    runId: shadow.runId,
    events: shadow.events,
    servingVersion: serving?.version ?? null,
    replayedServingVersion: shadow.servingVersion,
    agreementRate: shadow.agreementRate,
    labeledEvents: shadow.labeledEvents,
    candidateAccuracy: shadow.candidateAccuracy,
    servingAccuracy: shadow.servingAccuracy,
    accuracyDifference: shadow.accuracyDifference,
    ciLower: shadow.accuracyDifferenceLower,
    ciUpper: shadow.accuracyDifferenceUpper,
    confidenceLevel: shadow.confidenceLevel,
    mcnemarPValue: shadow.mcnemarPValue,
    ...thresholds,
  };
  const link = evidenceLinks.shadowRun(model.name, shadow.runId);
  const fail = (summary: string) => ({ gate: 'shadow_run' as const, status: 'fail' as const, summary, numbers, link });
  if (shadow.events < config.minEvents) return fail(`The latest shadow run covers ${shadow.events} events; at least ${config.minEvents} are required.`);
  if (shadow.taskType === 'regression') return regressionVerdict(shadow, config, { ...numbers, agreementRate: null, minAgreement: null, ...regressionNumbers(shadow) }, link);
  if (shadow.agreementRate === null) return { gate: 'shadow_run', status: 'missing', summary: 'The shadow run reports no agreement rate.', numbers, link };
  if (minAgreement !== null && shadow.agreementRate < minAgreement) {
    return fail(`Agreement with the serving version is ${pct(shadow.agreementRate)}; at least ${pct(minAgreement)} is required.`);
  }
  const agreement = `${shadow.events} events, agreement ${pct(shadow.agreementRate)}`;
  const diff = shadow.accuracyDifference;
  if (diff === null) {
    if (config.requireLabels) return { gate: 'shadow_run', status: 'missing', summary: `${agreement}; no labelled events, so the accuracy difference is unknown.`, numbers, link };
    return { gate: 'shadow_run', status: 'pass', summary: `${agreement}; no labelled events, so accuracy was not compared.`, numbers, link };
  }
  const upper = shadow.accuracyDifferenceUpper;
  const level = shadow.confidenceLevel !== null ? `${Math.round(shadow.confidenceLevel * 100)} % ` : '';
  const interval = shadow.accuracyDifferenceLower !== null && upper !== null ? ` (${level}CI ${pp(shadow.accuracyDifferenceLower)} to ${pp(upper)})` : '';
  const p = shadow.mcnemarPValue;
  const pText = p !== null ? `, McNemar p = ${p.toPrecision(3)}` : '';
  const accuracy = `accuracy difference ${pp(diff)}${interval}${pText}`;
  if (upper !== null && upper < 0) return fail(`${agreement}; the candidate is significantly less accurate: ${accuracy}.`);
  if (p !== null && p < config.alpha && diff < 0) return fail(`${agreement}; the candidate is significantly less accurate: ${accuracy}.`);
  return { gate: 'shadow_run', status: 'pass', summary: `${agreement}; ${accuracy}: not significantly worse.`, numbers, link };
};

function regressionNumbers(shadow: ShadowEvidence): Record<string, number | string | null> {
  return {
    taskType: 'regression',
    candidateMae: shadow.candidateMae ?? null,
    servingMae: shadow.servingMae ?? null,
    maeDifference: shadow.maeDifference ?? null,
    ciLower: shadow.maeDifferenceLower ?? null,
    ciUpper: shadow.maeDifferenceUpper ?? null,
    wilcoxonPValue: shadow.wilcoxonPValue ?? null,
    candidateAccuracy: null,
    servingAccuracy: null,
    accuracyDifference: null,
    mcnemarPValue: null,
  };
}

/** A regressor: MAE not significantly worse (agreement does not apply: there is no decision). */
function regressionVerdict(shadow: ShadowEvidence, config: ShadowRunConfig, numbers: Record<string, number | string | null>, link: string): GateResult {
  const fail = (summary: string): GateResult => ({ gate: 'shadow_run', status: 'fail', summary, numbers, link });
  const events = `${shadow.events} events`;
  const diff = shadow.maeDifference ?? null;
  if (diff === null) {
    if (config.requireLabels) return { gate: 'shadow_run', status: 'missing', summary: `${events}; no labelled events, so the error difference is unknown.`, numbers, link };
    return { gate: 'shadow_run', status: 'pass', summary: `${events}; no labelled events, so the errors were not compared.`, numbers, link };
  }
  const lower = shadow.maeDifferenceLower ?? null;
  const upper = shadow.maeDifferenceUpper ?? null;
  const level = shadow.confidenceLevel !== null ? `${Math.round(shadow.confidenceLevel * 100)} % ` : '';
  const interval = lower !== null && upper !== null ? ` (${level}CI ${signed(lower)} to ${signed(upper)})` : '';
  const p = shadow.wilcoxonPValue ?? null;
  const pText = p !== null ? `, Wilcoxon signed-rank p = ${p.toPrecision(3)}` : '';
  const maes = shadow.candidateMae != null && shadow.servingMae != null ? `MAE ${shadow.candidateMae.toPrecision(4)} vs ${shadow.servingMae.toPrecision(4)} serving, ` : '';
  const text = `${maes}difference ${signed(diff)}${interval}${pText}`;
  if (lower !== null && lower > 0) return fail(`${events}; the candidate's errors are significantly larger: ${text}.`);
  if (p !== null && p < config.alpha && diff > 0 && shadow.wilcoxonCandidateWorse === true) return fail(`${events}; the candidate's errors are significantly larger: ${text}.`);
  const verdict = upper !== null && upper < 0 ? 'significantly smaller errors' : 'not significantly worse';
  return { gate: 'shadow_run', status: 'pass', summary: `${events} on ${shadow.labeledEvents ?? 0} labelled; ${text}: ${verdict}.`, numbers, link };
}
