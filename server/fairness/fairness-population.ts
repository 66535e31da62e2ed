import type { Executor } from '@/db/client';
import { AppError } from '@/server/errors/app-error';
import { DEFAULT_DECISION_THRESHOLD } from '@/server/onnx/decision-rule';
import type { Label } from '@/server/registry/feature-schema';
import { normalizeLabel } from '@/server/registry/label-classes';
import { readRunResults } from '@/server/shadow/shadow-results-store';
import { rawSql } from '@/server/traffic/raw-sql';
import type { FairnessInput } from './fairness-report-types';
import type { FairnessSettings } from './fairness-settings';
import { favourableScore, outcomeCoding, populationColumns, scoreDecidesFavourable, type Attributes } from './population-columns';

// The rows a fairness report is computed over, read into typed arrays: labelled production
// traffic of one version in a window, or the replayed traffic of a shadow run (either side's
// decisions on the events it was replayed over, with those events' attributes).

export interface TrafficPopulation {
  modelId: string;
  versionId: string;
  label: Pick<Label, 'classes'>;
  /** The version's decision threshold, for events that logged a score without a label. */
  threshold: number;
  from: Date;
  to: Date;
}

type PopulationSettings = Pick<FairnessSettings, 'attributes' | 'favourableClass'>;

/** Labelled events the version served in [from, to): its own decision and score per event. */
export async function readTrafficPopulation(executor: Executor, p: TrafficPopulation, settings: PopulationSettings): Promise<FairnessInput> {
  const rows = await rawSql(executor).unsafe<{ attributes: Attributes; score: number | null; predicted_label: string | null; label: string }[]>(
    `select attributes, score, predicted_label, label from inference_events
      where model_id = $1 and version_id = $2 and occurred_at >= $3 and occurred_at < $4 and label is not null`,
    [p.modelId, p.versionId, p.from.toISOString(), p.to.toISOString()],
  );
  const coding = outcomeCoding(p.label, settings);
  const withScores = rows.length > 0 && rows.every((r) => r.score !== null);
  const built = populationColumns(rows.length, settings.attributes, withScores);
  const { actual, predicted, scores } = built.input;
  rows.forEach((row, i) => {
    actual[i] = normalizeLabel(row.label, p.label) === coding.favourable ? 1 : 0;
    // The event's own decision; without one, the positive-class score against the version's
    // threshold (as realized performance and the rollups decide). Scores are 4-byte reals.
    predicted[i] =
      row.predicted_label !== null
        ? normalizeLabel(row.predicted_label, p.label) === coding.favourable ? 1 : 0
        : scoreDecidesFavourable(coding, Math.fround(row.score ?? 0), p.threshold) ? 1 : 0;
    if (scores) scores[i] = favourableScore(coding, row.score!);
    built.setAttributes(i, row.attributes);
  });
  return built.input;
}

/** Counts labelled events of a version in a window, to refuse an empty report before storing it. */
export async function countLabelledTraffic(executor: Executor, p: Omit<TrafficPopulation, 'label' | 'threshold'>): Promise<{ events: number; labelled: number }> {
  const [row] = await rawSql(executor).unsafe<{ events: number; labelled: number }[]>(
    `select count(*)::int as events, count(label)::int as labelled from inference_events
      where model_id = $1 and version_id = $2 and occurred_at >= $3 and occurred_at < $4`,
    [p.modelId, p.versionId, p.from.toISOString(), p.to.toISOString()],
  );
  return row!;
}

/** Which decisions of a shadow run a report judges: the candidate's replayed ones, or those the serving version logged. */
export type ShadowSide = 'candidate' | 'serving';

/**
 * One side's decisions over a completed shadow run's labelled events, so candidate and serving
 * are judged on the very same rows. Results are stored per batch in the batch's
 * (occurred_at, request_id) order, a batch being the keyset range after its lower key through
 * its upper key; the attributes are read over the same keyset ranges in the same order, and
 * the counts must agree.
 */
export async function readShadowPopulation(
  executor: Executor,
  run: { id: string; modelId: string },
  label: Pick<Label, 'classes'>,
  settings: PopulationSettings,
  side: ShadowSide = 'candidate',
): Promise<FairnessInput> {
  const coding = outcomeCoding(label, settings);
  const results = await readRunResults(executor, run.id, label.classes ?? ['0', '1'], null);
  const attributeRows = await rawSql(executor).unsafe<{ attributes: Attributes }[]>(
    `select e.attributes from shadow_batches b
       join inference_events e on e.model_id = $2
        and (e.occurred_at, e.request_id) > (b.from_time, b.from_request_id)
        and (e.occurred_at, e.request_id) <= (b.to_time, b.to_request_id)
      where b.run_id = $1
      order by b.batch_no, e.occurred_at, e.request_id`,
    [run.id, run.modelId],
  );
  if (attributeRows.length !== results.count) {
    throw new AppError('conflict', `The shadow run's stored results (${results.count}) no longer match its events (${attributeRows.length}); retention may have dropped them.`);
  }
  const decisions = side === 'candidate' ? results.candidateLabels : results.servingLabels;
  const sideScores = side === 'candidate' ? results.candidateScores : results.servingScores;
  const favourableCode = results.labelValues.indexOf(coding.favourable);
  let labelled = 0;
  for (let i = 0; i < results.count; i++) if (results.labels[i]! >= 0) labelled += 1;
  const withScores = labelled > 0 && Array.from(sideScores.subarray(0, results.count)).every((s, i) => results.labels[i]! < 0 || !Number.isNaN(s));
  const built = populationColumns(labelled, settings.attributes, withScores);
  const { actual, predicted, scores } = built.input;
  let at = 0;
  for (let i = 0; i < results.count; i++) {
    if (results.labels[i]! < 0) continue;
    actual[at] = results.labels[i] === favourableCode ? 1 : 0;
    // Replay decided every row it could (serving: the logged label, else the score against the
    // serving version's threshold); a row left without a decision (code −1: no usable score)
    // is unfavourable at any threshold.
    const decided = decisions[i]! >= 0 ? decisions[i] === favourableCode : scoreDecidesFavourable(coding, sideScores[i]!, DEFAULT_DECISION_THRESHOLD);
    predicted[at] = decided ? 1 : 0;
    if (scores) scores[at] = favourableScore(coding, sideScores[i]!);
    built.setAttributes(at, attributeRows[i]!.attributes);
    at += 1;
  }
  return built.input;
}
