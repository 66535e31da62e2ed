import type { ShadowSummary } from '@/server/shadow/shadow-summary';
import type { ShadowEvidence } from './gate-types';

// The one place that knows how the shadow engine writes `shadow_runs.summary`
// (server/shadow/shadow-summary.ts, ShadowSummary); the gate reads the typed ShadowEvidence
// only, so a change in the summary's layout stays here. Reads defensively: a summary written
// by an older engine, or partly missing, yields nulls (the gate then says `missing`).

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function at(root: unknown, path: string): unknown {
  let node = root;
  for (const key of path.split('.')) node = isObject(node) ? node[key] : undefined;
  return node;
}

/** Keys of ShadowSummary the gate reads, checked against the engine's type at compile time. */
type SummaryPath =
  | 'rows'
  | 'agreement.rate'
  | 'labelled.rows'
  | 'labelled.candidate.accuracy'
  | 'labelled.serving.accuracy'
  | 'labelled.accuracyDifference.estimate'
  | 'labelled.accuracyDifference.interval.lower'
  | 'labelled.accuracyDifference.interval.upper'
  | 'labelled.accuracyDifference.interval.level'
  | 'labelled.accuracyDifference.mcnemar.pValue'
  | 'regression.rows'
  | 'regression.candidate.mae'
  | 'regression.serving.mae'
  | 'regression.maeDifference.estimate'
  | 'regression.maeDifference.lower'
  | 'regression.maeDifference.upper'
  | 'regression.maeDifference.level'
  | 'regression.wilcoxon.pValue'
  | 'regression.wilcoxon.rankSumPositive'
  | 'regression.wilcoxon.nonZero';

// A compile-time witness that the paths above exist in ShadowSummary.
type Witness = [
  ShadowSummary['rows'],
  NonNullable<ShadowSummary['agreement']['rate']>,
  NonNullable<ShadowSummary['labelled']>['accuracyDifference']['estimate'],
  NonNullable<NonNullable<ShadowSummary['labelled']>['accuracyDifference']['interval']>['upper'],
  NonNullable<ShadowSummary['labelled']>['accuracyDifference']['mcnemar']['pValue'],
  NonNullable<NonNullable<ShadowSummary['labelled']>['candidate']['accuracy']>,
  NonNullable<ShadowSummary['regression']>['rows'],
  NonNullable<NonNullable<ShadowSummary['regression']>['candidate']['mae']>,
  NonNullable<NonNullable<ShadowSummary['regression']>['maeDifference']>['upper'],
  NonNullable<NonNullable<ShadowSummary['regression']>['wilcoxon']>['rankSumPositive'],
  NonNullable<ShadowSummary['taskType']>,
  ShadowSummary['servingVersions'][number]['version'],
];
export type ShadowSummaryWitness = Witness;

const read = (summary: unknown, path: SummaryPath) => num(at(summary, path));

/** The registered version that served most of the replayed events (null when none is known). */
function mainServingVersion(counts: unknown): number | null {
  if (!Array.isArray(counts)) return null;
  let best: { version: number; events: number } | null = null;
  for (const c of counts) {
    const version = num(at(c, 'version'));
    const events = num(at(c, 'events'));
    if (version !== null && events !== null && (best === null || events > best.events)) best = { version, events };
  }
  return best?.version ?? null;
}

export interface ShadowRunRow {
  id: string;
  finishedAt: Date | null;
  totalEvents: number | null;
  processedEvents: number;
  /** As stored: typed for current runs, read defensively for older ones. */
  summary: object | null;
}

export function extractShadowEvidence(run: ShadowRunRow): ShadowEvidence {
  const s = run.summary ?? {};
  const taskType = at(s, 'taskType');
  const regression = taskType === 'regression';
  const rankSum = read(s, 'regression.wilcoxon.rankSumPositive');
  const nonZero = read(s, 'regression.wilcoxon.nonZero');
  return {
    runId: run.id,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    events: read(s, 'rows') ?? run.totalEvents ?? run.processedEvents,
    servingVersion: mainServingVersion(at(s, 'servingVersions')),
    agreementRate: read(s, 'agreement.rate'),
    labeledEvents: read(s, regression ? 'regression.rows' : 'labelled.rows'),
    candidateAccuracy: read(s, 'labelled.candidate.accuracy'),
    servingAccuracy: read(s, 'labelled.serving.accuracy'),
    accuracyDifference: read(s, 'labelled.accuracyDifference.estimate'),
    accuracyDifferenceLower: read(s, 'labelled.accuracyDifference.interval.lower'),
    accuracyDifferenceUpper: read(s, 'labelled.accuracyDifference.interval.upper'),
    confidenceLevel: read(s, 'labelled.accuracyDifference.interval.level'),
    mcnemarPValue: read(s, 'labelled.accuracyDifference.mcnemar.pValue'),
    taskType: typeof taskType === 'string' ? taskType : 'binary_classification',
    ...(regression
      ? {
          confidenceLevel: read(s, 'regression.maeDifference.level'),
          candidateMae: read(s, 'regression.candidate.mae'),
          servingMae: read(s, 'regression.serving.mae'),
          maeDifference: read(s, 'regression.maeDifference.estimate'),
          maeDifferenceLower: read(s, 'regression.maeDifference.lower'),
          maeDifferenceUpper: read(s, 'regression.maeDifference.upper'),
          wilcoxonPValue: read(s, 'regression.wilcoxon.pValue'),
          // R+ above its null mean n(n+1)/4: positive d = |e_candidate| − |e_serving| dominate.
          wilcoxonCandidateWorse: rankSum !== null && nonZero !== null ? rankSum > (nonZero * (nonZero + 1)) / 4 : null,
        }
      : {}),
  };
}
