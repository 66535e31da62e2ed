import type { Executor } from '@/db/client';
import { AppError } from '@/server/errors/app-error';
import type { Label } from '@/server/registry/feature-schema';
import { normalizeLabel, positiveClass } from '@/server/registry/label-classes';
import { readRunResults } from '@/server/shadow/shadow-results-store';
import { rawSql } from '@/server/traffic/raw-sql';
import type { AttributeColumn } from './group-assignment';
import type { FairnessInput } from './fairness-report-types';
import type { AttributeRule } from './fairness-settings';

// The rows a fairness report is computed over, read into typed arrays: labelled production
// traffic of one version in a window, or the replayed traffic of a shadow run (the
// candidate's decisions on the events it was replayed over, with those events' attributes).

type AttributeValue = string | number | boolean | null;
type Attributes = Record<string, AttributeValue> | null;

interface ColumnsBuilder {
  input: FairnessInput;
  setAttributes(row: number, attributes: Attributes): void;
}

/** Typed arrays for n rows, and attribute columns filled per row as the rules say. */
function columns(n: number, rules: readonly AttributeRule[], withScores: boolean): ColumnsBuilder {
  // NaN marks a missing numeric value; the grouping puts it in the "(missing)" group.
  const values = rules.map((rule) => (rule.kind === 'numeric' ? new Float64Array(n) : new Array<string | null>(n)));
  const attributes: AttributeColumn[] = rules.map((rule, i) =>
    rule.kind === 'numeric'
      ? { name: rule.name, kind: 'numeric', edges: rule.edges, values: values[i] as Float64Array }
      : { name: rule.name, kind: 'categorical', values: values[i] as (string | null)[] },
  );
  return {
    input: { actual: new Uint8Array(n), predicted: new Uint8Array(n), scores: withScores ? new Float64Array(n) : null, attributes },
    setAttributes(row, attrs) {
      rules.forEach((rule, i) => {
        const value = attrs?.[rule.name] ?? null;
        if (rule.kind === 'numeric') {
          const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
          (values[i] as Float64Array)[row] = Number.isFinite(number) ? number : Number.NaN;
        } else {
          (values[i] as (string | null)[])[row] = value === null || value === '' ? null : String(value);
        }
      });
    },
  };
}

export interface TrafficPopulation {
  modelId: string;
  versionId: string;
  label: Pick<Label, 'classes'>;
  from: Date;
  to: Date;
}

/** Labelled events the version served in [from, to): its own decision and score per event. */
export async function readTrafficPopulation(executor: Executor, p: TrafficPopulation, rules: readonly AttributeRule[]): Promise<FairnessInput> {
  const rows = await rawSql(executor).unsafe<{ attributes: Attributes; score: number | null; predicted_label: string | null; label: string }[]>(
    `select attributes, score, predicted_label, label from inference_events
      where model_id = $1 and version_id = $2 and occurred_at >= $3 and occurred_at < $4 and label is not null`,
    [p.modelId, p.versionId, p.from.toISOString(), p.to.toISOString()],
  );
  const positive = positiveClass(p.label);
  const withScores = rows.length > 0 && rows.every((r) => r.score !== null);
  const built = columns(rows.length, rules, withScores);
  const { actual, predicted, scores } = built.input;
  rows.forEach((row, i) => {
    actual[i] = normalizeLabel(row.label, p.label) === positive ? 1 : 0;
    // The event's own decision; without one, the score against the usual 0.5.
    predicted[i] = row.predicted_label !== null ? (normalizeLabel(row.predicted_label, p.label) === positive ? 1 : 0) : (row.score ?? 0) >= 0.5 ? 1 : 0;
    if (scores) scores[i] = row.score!;
    built.setAttributes(i, row.attributes);
  });
  return built.input;
}

/** Counts labelled events of a version in a window, to refuse an empty report before storing it. */
export async function countLabelledTraffic(executor: Executor, p: Omit<TrafficPopulation, 'label'>): Promise<{ events: number; labelled: number }> {
  const [row] = await rawSql(executor).unsafe<{ events: number; labelled: number }[]>(
    `select count(*)::int as events, count(label)::int as labelled from inference_events
      where model_id = $1 and version_id = $2 and occurred_at >= $3 and occurred_at < $4`,
    [p.modelId, p.versionId, p.from.toISOString(), p.to.toISOString()],
  );
  return row!;
}

/**
 * The candidate's decisions over a completed shadow run's labelled events. Results are
 * stored per batch in the batch's (occurred_at, request_id) order, a batch being the keyset range
 * after its lower key through its upper key; the attributes are read
 * over the same keyset ranges in the same order, and the counts must agree.
 */
export async function readShadowPopulation(executor: Executor, run: { id: string; modelId: string }, label: Pick<Label, 'classes'>, rules: readonly AttributeRule[]): Promise<FairnessInput> {
  const positive = positiveClass(label);
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
  const positiveCode = results.labelValues.indexOf(positive);
  let labelled = 0;
  for (let i = 0; i < results.count; i++) if (results.labels[i]! >= 0) labelled += 1;
  const withScores = Array.from(results.candidateScores.subarray(0, results.count)).every((s) => !Number.isNaN(s));
  const built = columns(labelled, rules, withScores);
  const { actual, predicted, scores } = built.input;
  let at = 0;
  for (let i = 0; i < results.count; i++) {
    if (results.labels[i]! < 0) continue;
    actual[at] = results.labels[i] === positiveCode ? 1 : 0;
    predicted[at] = results.candidateLabels[i] === positiveCode ? 1 : 0;
    if (scores) scores[at] = results.candidateScores[i]!;
    built.setAttributes(at, attributeRows[i]!.attributes);
    at += 1;
  }
  return built.input;
}
