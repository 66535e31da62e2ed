import type { Feature, TaskType } from '@/server/registry/feature-schema';
import { parseEventTime } from './event-time';

// Validates a whole batch of inference events against the model's feature schema in one
// tight loop (no per-row zod: at 10,000 events a batch, zod alone costs more than the
// INSERT). Pure: the caller looks up the model and its versions and stores the result.
//
// Rules (also in the OpenAPI description of POST /events):
// - every declared feature must be present; `null` means "missing" (stored as NULL, read
//   back as NaN); undeclared feature names are refused;
// - numeric features take a JSON number (JSON cannot carry NaN/Infinity; strings such as
//   "NaN" or "1.5" are refused); values outside the declared min/max are kept — that is
//   what drift monitoring is for;
// - categorical features take a string; a category the schema does not list is stored as
//   index −1 ("unseen") rather than refused, so a new upstream value shows up as drift;
// - duplicate requestIds within one batch are refused (which one would win?).

export const MAX_EVENTS_PER_BATCH = 10_000;
export const MAX_PROBLEMS_LISTED = 100;
const MAX_ATTRIBUTES = 32;
const MAX_TEXT = 200;
const EVENT_FIELDS = new Set(['requestId', 'time', 'version', 'features', 'prediction', 'latencyMs', 'attributes']);
const PREDICTION_FIELDS = new Set(['score', 'label']);

export interface Problem {
  /** Index of the event in the batch (0-based). */
  row: number;
  /** Path of the offending field, e.g. `features.income`. */
  field: string;
  reason: string;
}

export interface ValidationContext {
  features: readonly Feature[];
  taskType: TaskType | string;
  /** Class names when the model declares them; predicted labels must be one of them. */
  classes?: readonly string[];
  /** Serving version number → version id. */
  versions: ReadonlyMap<number, string>;
  /** Events must be no older than this (epoch ms)… */
  earliest: number;
  /** …and no later than this. */
  latest: number;
}

/** Column-oriented rows ready for the set-based INSERT. */
export interface ValidEvents {
  count: number;
  requestIds: string[];
  /** Epoch milliseconds (times are kept to the millisecond). */
  times: number[];
  /** The same instants as PostgreSQL input text (the client's own text when it is already canonical UTC). */
  timeTexts: string[];
  versionIds: string[];
  /** Per row, a PostgreSQL real[] literal in schema order, e.g. `{42,0.3,NULL,2}`. */
  features: string[];
  attributes: (string | null)[];
  scores: (number | null)[];
  predictedLabels: (string | null)[];
  latencyMs: (number | null)[];
}

export type BatchValidation =
  | { ok: true; events: ValidEvents }
  | { ok: false; problems: Problem[]; total: number; unknownVersions: number[]; onlyUnknownVersions: boolean };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON string literal; plain text (the usual case) skips JSON.stringify. */
function jsonString(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    // Control characters, quote, backslash and surrogates (lone ones must be escaped) take the slow path.
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(value);
  }
  return `"${value}"`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `a ${typeof value}`;
}

export function validateEvents(events: readonly unknown[], context: ValidationContext): BatchValidation {
  const problems: Problem[] = [];
  let total = 0;
  let versionProblems = 0;
  const unknownVersions = new Set<number>();
  const report = (row: number, field: string, reason: string) => {
    total += 1;
    if (problems.length < MAX_PROBLEMS_LISTED) problems.push({ row, field, reason });
  };

  const classifier = context.taskType !== 'regression';
  const classes = context.classes && context.classes.length > 0 ? new Set(context.classes) : null;
  const features = context.features;
  const width = features.length;
  const names = features.map((f) => f.name);
  // Category → index, already as the text that goes into the real[] literal.
  const categoryIndex = features.map((f) => (f.type === 'categorical' ? new Map(f.categories.map((c, i) => [c, String(i)])) : null));
  const declared = new Set(names);

  const count = events.length;
  const out: ValidEvents = { count, requestIds: [], times: [], timeTexts: [], versionIds: [], features: [], attributes: [], scores: [], predictedLabels: [], latencyMs: [] };
  const firstRowOf = new Map<string, number>();

  for (let row = 0; row < count; row++) {
    const event = events[row];
    if (!isObject(event)) {
      report(row, '', `expected an event object, got ${describe(event)}`);
      continue;
    }
    for (const key in event) if (!EVENT_FIELDS.has(key)) report(row, key, 'unknown field');

    const requestId = event.requestId;
    if (typeof requestId !== 'string' || requestId.length < 1 || requestId.length > MAX_TEXT) {
      report(row, 'requestId', requestId === undefined ? 'required' : `expected a string of 1–${MAX_TEXT} characters, got ${describe(requestId)}`);
    } else {
      const first = firstRowOf.get(requestId);
      if (first !== undefined) report(row, 'requestId', `duplicate of row ${first} in this batch`);
      else firstRowOf.set(requestId, row);
    }

    let time = Number.NaN;
    if (typeof event.time !== 'string') report(row, 'time', event.time === undefined ? 'required' : `expected an ISO-8601 date-time with offset, got ${describe(event.time)}`);
    else {
      time = parseEventTime(event.time);
      if (Number.isNaN(time)) report(row, 'time', 'expected an ISO-8601 date-time with offset, e.g. 2025-01-31T12:00:00.000Z');
      else if (time < context.earliest) report(row, 'time', 'older than the retention period');
      else if (time > context.latest) report(row, 'time', 'more than a day in the future');
    }

    const version = event.version;
    let versionId: string | undefined;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
      report(row, 'version', version === undefined ? 'required' : `expected a positive integer, got ${describe(version)}`);
    } else {
      versionId = context.versions.get(version);
      if (!versionId) {
        unknownVersions.add(version);
        versionProblems += 1;
        report(row, 'version', `the model has no version ${version}`);
      }
    }

    const values = event.features;
    let literal = '{';
    if (!isObject(values)) {
      report(row, 'features', values === undefined ? 'required' : `expected an object of feature values, got ${describe(values)}`);
    } else {
      let present = 0;
      for (let i = 0; i < width; i++) {
        const name = names[i]!;
        const value = values[name];
        // (An inherited member such as `constructor` is not a value the client sent.)
        if (value === undefined || typeof value === 'function') {
          report(row, `features.${name}`, 'missing (send null for a missing value)');
          continue;
        }
        present += 1;
        if (i > 0) literal += ',';
        if (value === null) {
          literal += 'NULL';
          continue;
        }
        const categories = categoryIndex[i];
        if (categories) {
          if (typeof value !== 'string') report(row, `features.${name}`, `expected a category (string) or null, got ${describe(value)}`);
          else literal += categories.get(value) ?? '-1';
        } else if (typeof value !== 'number' || !Number.isFinite(value)) {
          report(row, `features.${name}`, `expected a finite number or null, got ${describe(value)}`);
        } else {
          literal += value;
        }
      }
      let keys = 0;
      for (const _ in values) keys += 1;
      if (keys > present) for (const key in values) if (!declared.has(key)) report(row, `features.${key}`, 'not a feature of this model');
    }

    const prediction = event.prediction;
    let score: number | null = null;
    let predictedLabel: string | null = null;
    if (!isObject(prediction)) {
      report(row, 'prediction', prediction === undefined ? 'required' : `expected an object with score and/or label, got ${describe(prediction)}`);
    } else {
      for (const key in prediction) if (!PREDICTION_FIELDS.has(key)) report(row, `prediction.${key}`, 'unknown field');
      const s = prediction.score;
      if (s !== undefined && s !== null) {
        if (typeof s !== 'number' || !Number.isFinite(s)) report(row, 'prediction.score', `expected a finite number, got ${describe(s)}`);
        else if (classifier && (s < 0 || s > 1)) report(row, 'prediction.score', 'a classifier score must lie in [0, 1]');
        else score = s;
      }
      const l = prediction.label;
      if (l !== undefined && l !== null) {
        if (typeof l !== 'string' || l.length < 1 || l.length > MAX_TEXT) report(row, 'prediction.label', `expected a string of 1–${MAX_TEXT} characters, got ${describe(l)}`);
        else if (classes && !classes.has(l)) report(row, 'prediction.label', `not one of the model's classes (${[...classes].join(', ')})`);
        else predictedLabel = l;
      }
      if ((s === undefined || s === null) && (l === undefined || l === null)) report(row, 'prediction', 'send a score, a label or both');
    }

    let latency: number | null = null;
    const l = event.latencyMs;
    if (l !== undefined && l !== null) {
      if (typeof l !== 'number' || !Number.isFinite(l) || l < 0) report(row, 'latencyMs', `expected a number ≥ 0, got ${describe(l)}`);
      else latency = l;
    }

    let attributes: string | null = null;
    const a = event.attributes;
    if (a !== undefined && a !== null) {
      if (!isObject(a)) report(row, 'attributes', `expected an object of scalar values, got ${describe(a)}`);
      else {
        // Validated and serialized in one pass (cheaper than JSON.stringify for these flat objects).
        let n = 0;
        let fine = true;
        let json = '{';
        for (const key in a) {
          n += 1;
          const v = a[key];
          if (key.length < 1 || key.length > 100) {
            report(row, 'attributes', 'attribute names have 1–100 characters');
            fine = false;
          } else if (v !== null && typeof v !== 'number' && typeof v !== 'boolean' && !(typeof v === 'string' && v.length <= MAX_TEXT)) {
            report(row, `attributes.${key}`, `expected a string (≤ ${MAX_TEXT} characters), number, boolean or null, got ${describe(v)}`);
            fine = false;
          } else if (fine) {
            json += `${n > 1 ? ',' : ''}${jsonString(key)}:${typeof v === 'string' ? jsonString(v) : v === null ? 'null' : String(v)}`;
          }
        }
        if (n > MAX_ATTRIBUTES) report(row, 'attributes', `at most ${MAX_ATTRIBUTES} attributes, got ${n}`);
        else if (fine) attributes = `${json}}`;
      }
    }

    if (total > 0) continue;
    out.requestIds.push(requestId as string);
    out.times.push(time);
    const text = event.time as string;
    // "YYYY-MM-DDTHH:MM:SS.sssZ" (what Date#toISOString writes) is already exact to the millisecond.
    out.timeTexts.push(text.length === 24 && text.charCodeAt(23) === 90 && text.charCodeAt(10) === 84 ? text : new Date(time).toISOString());
    out.versionIds.push(versionId!);
    out.features.push(`${literal}}`);
    out.attributes.push(attributes);
    out.scores.push(score);
    out.predictedLabels.push(predictedLabel);
    out.latencyMs.push(latency);
  }

  if (total > 0) return { ok: false, problems, total, unknownVersions: [...unknownVersions].sort((x, y) => x - y), onlyUnknownVersions: total === versionProblems };
  return { ok: true, events: out };
}
