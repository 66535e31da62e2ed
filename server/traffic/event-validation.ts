import type { Feature, TaskType } from '@/server/registry/feature-schema';
import { NOT_A_NUMBER, numericValue } from '@/server/registry/numeric-label';
import { printable, textProblem } from '@/server/validation/text-checks';
import { ColumnarEvents, type ValidEvents } from './columnar-events';
import type { EventSink } from './event-sink';
import { probabilitiesRefusal, readProbabilities } from './event-probabilities';
import { parseEventTime } from './event-time';

// Validates a whole batch of inference events against the model's feature schema in one
// tight loop (no per-row zod: at 10,000 events a batch, zod alone costs more than the
// INSERT). Valid values go straight to an EventSink as they are checked — the COPY BINARY
// encoder on the hot path, so no per-event object or string is built — and once any
// problem is found nothing more is encoded (the batch is refused whole). Pure: the caller
// looks up the model and its versions and stores the result.
//
// Rules (also in the OpenAPI description of POST /events):
// - every declared feature must be present; `null` means "missing" (stored as NULL, read
//   back as NaN); undeclared feature names are refused;
// - numeric features take a JSON number (JSON cannot carry NaN/Infinity; strings such as
//   "NaN" or "1.5" are refused); values outside the declared min/max are kept — that is
//   what drift monitoring is for;
// - categorical features take a string; a category the schema does not list is stored as
//   index −1 ("unseen") rather than refused, so a new upstream value shows up as drift;
// - numbers that do not fit a 4-byte float (stored as real) are refused, as PostgreSQL's
//   real input would refuse them;
// - duplicate requestIds within one batch are refused (which one would win?);
// - text (request ids, labels, categories, attributes) must be well-formed Unicode without
//   NUL: PostgreSQL would mangle a lone surrogate to U+FFFD, so distinct ids would merge;
// - prediction.probabilities (multiclass only) follows event-probabilities.ts.

export const MAX_EVENTS_PER_BATCH = 10_000;
export const MAX_PROBLEMS_LISTED = 100;
export const MAX_ATTRIBUTES = 32;
export const MAX_ATTRIBUTE_NAME = 100;
/** Longest request id, label or attribute string value. */
export const MAX_TEXT = 200;
const EVENT_FIELDS = new Set(['requestId', 'time', 'version', 'features', 'prediction', 'latencyMs', 'attributes']);
const PREDICTION_FIELDS = new Set(['score', 'label', 'probabilities']);
const DAY_MS = 86_400_000;

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

export type BatchCheck =
  | { ok: true; count: number; /** Distinct UTC days (epoch ms / 86,400,000) of the events. */ days: number[] }
  | { ok: false; problems: Problem[]; total: number; unknownVersions: number[]; onlyUnknownVersions: boolean };

export type BatchValidation = { ok: true; events: ValidEvents } | Extract<BatchCheck, { ok: false }>;

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

/** A finite number that survives rounding to real (PostgreSQL refuses overflow and underflow to zero). */
export function fitsReal(value: number): boolean {
  const rounded = Math.fround(value);
  return Number.isFinite(rounded) && (rounded !== 0 || value === 0);
}

/**
 * Checks every event of a batch and hands the valid values to `sink` in table order (see
 * EventSink). On `ok: false` the sink's contents are incomplete and must be discarded.
 */
export function checkEvents(events: readonly unknown[], context: ValidationContext, sink: EventSink): BatchCheck {
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
  const categoryIndex = features.map((f) => (f.type === 'categorical' ? new Map(f.categories.map((c, i) => [c, i])) : null));
  const declared = new Set(names);
  const classList = context.classes && context.classes.length > 0 ? context.classes : null;
  const probabilityRefusal = probabilitiesRefusal(String(context.taskType), classList);
  const classIndex = new Map((classList ?? []).map((c, i) => [c, i]));
  const probabilityRow = new Float64Array(classList?.length ?? 0);

  const count = events.length;
  const firstRowOf = new Map<string, number>();
  const days = new Set<number>();

  for (let row = 0; row < count; row++) {
    // Encoding stops at the first problem: the batch is refused whole, only problems matter then.
    let encode = total === 0;
    const event = events[row];
    if (!isObject(event)) {
      report(row, '', `expected an event object, got ${describe(event)}`);
      continue;
    }
    for (const key in event) if (!EVENT_FIELDS.has(key)) report(row, key, 'unknown field');
    encode &&= total === 0;
    if (encode) sink.beginRow();

    const requestId = event.requestId;
    if (typeof requestId !== 'string' || requestId.length < 1 || requestId.length > MAX_TEXT) {
      report(row, 'requestId', requestId === undefined ? 'required' : `expected a string of 1–${MAX_TEXT} characters, got ${describe(requestId)}`);
    } else if (textProblem(requestId)) {
      report(row, 'requestId', textProblem(requestId)!);
    } else {
      const first = firstRowOf.get(requestId);
      if (first !== undefined) report(row, 'requestId', `duplicate of row ${first} in this batch`);
      else firstRowOf.set(requestId, row);
      encode &&= total === 0;
      if (encode) sink.requestId(requestId);
    }

    const text = event.time;
    if (typeof text !== 'string') report(row, 'time', text === undefined ? 'required' : `expected an ISO-8601 date-time with offset, got ${describe(text)}`);
    else {
      const time = parseEventTime(text);
      if (Number.isNaN(time)) report(row, 'time', 'expected an ISO-8601 date-time with offset, e.g. 2025-01-31T12:00:00.000Z');
      else if (time < context.earliest) report(row, 'time', 'older than the retention period');
      else if (time > context.latest) report(row, 'time', 'more than a day in the future');
      else {
        days.add(Math.floor(time / DAY_MS));
        encode &&= total === 0;
        if (encode) sink.time(time, text);
      }
    }

    const version = event.version;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
      report(row, 'version', version === undefined ? 'required' : `expected a positive integer, got ${describe(version)}`);
    } else {
      const versionId = context.versions.get(version);
      if (!versionId) {
        unknownVersions.add(version);
        versionProblems += 1;
        report(row, 'version', `the model has no version ${version}`);
      } else {
        encode &&= total === 0;
        if (encode) sink.version(versionId);
      }
    }

    const values = event.features;
    if (!isObject(values)) {
      report(row, 'features', values === undefined ? 'required' : `expected an object of feature values, got ${describe(values)}`);
    } else {
      encode &&= total === 0;
      if (encode) sink.beginFeatures(width);
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
        const categories = categoryIndex[i];
        if (value === null) {
          if (encode) sink.feature(null);
        } else if (categories) {
          if (typeof value !== 'string') report(row, `features.${name}`, `expected a category (string) or null, got ${describe(value)}`);
          else if (textProblem(value)) report(row, `features.${name}`, textProblem(value)!);
          else if (encode) sink.feature(categories.get(value) ?? -1);
        } else if (typeof value !== 'number' || !Number.isFinite(value)) {
          report(row, `features.${name}`, `expected a finite number or null, got ${describe(value)}`);
        } else if (!fitsReal(value)) {
          report(row, `features.${name}`, `${value} does not fit a 4-byte float (real)`);
        } else if (encode) sink.feature(value);
      }
      let keys = 0;
      for (const _ in values) keys += 1;
      if (keys > present) for (const key in values) if (!declared.has(key)) report(row, `features.${key}`, 'not a feature of this model');
      encode &&= total === 0;
      if (encode) sink.endFeatures();
    }

    const prediction = event.prediction;
    let score: number | null = null;
    let predictedLabel: string | null = null;
    let probabilities: Float64Array | null = null;
    if (!isObject(prediction)) {
      report(row, 'prediction', prediction === undefined ? 'required' : `expected an object with score and/or label, got ${describe(prediction)}`);
    } else {
      for (const key in prediction) if (!PREDICTION_FIELDS.has(key)) report(row, `prediction.${key}`, 'unknown field');
      const s = prediction.score;
      if (s !== undefined && s !== null) {
        if (typeof s !== 'number' || !Number.isFinite(s)) report(row, 'prediction.score', `expected a finite number, got ${describe(s)}`);
        else if (classifier && (s < 0 || s > 1)) report(row, 'prediction.score', 'a classifier score must lie in [0, 1]');
        else if (!fitsReal(s)) report(row, 'prediction.score', `${s} does not fit a 4-byte float (real)`);
        else score = s;
      }
      const l = prediction.label;
      if (l !== undefined && l !== null) {
        if (typeof l !== 'string' || l.length < 1 || l.length > MAX_TEXT) report(row, 'prediction.label', `expected a string of 1–${MAX_TEXT} characters, got ${describe(l)}`);
        else if (textProblem(l)) report(row, 'prediction.label', textProblem(l)!);
        else if (classes && !classes.has(l)) report(row, 'prediction.label', `not one of the model's classes (${[...classes].join(', ')})`);
        else if (!classifier && numericValue(l) === null) report(row, 'prediction.label', `${NOT_A_NUMBER}, got ${JSON.stringify(l)}`);
        else predictedLabel = l;
      }
      const p = prediction.probabilities;
      if (p !== undefined && p !== null) {
        if (probabilityRefusal) report(row, 'prediction.probabilities', probabilityRefusal);
        else {
          const found = readProbabilities(p, classList!, classIndex, probabilityRow);
          for (const problem of found) report(row, `prediction.probabilities${problem.at}`, problem.reason);
          if (found.length === 0) probabilities = probabilityRow;
        }
      }
      if ((s === undefined || s === null) && (l === undefined || l === null)) report(row, 'prediction', 'send a score, a label or both (probabilities alone do not name the predicted class)');
    }
    encode &&= total === 0;
    if (encode) sink.prediction(score, predictedLabel);

    let latency: number | null = null;
    const l = event.latencyMs;
    if (l !== undefined && l !== null) {
      if (typeof l !== 'number' || !Number.isFinite(l) || l < 0) report(row, 'latencyMs', `expected a number ≥ 0, got ${describe(l)}`);
      else if (!fitsReal(l)) report(row, 'latencyMs', `${l} does not fit a 4-byte float (real)`);
      else latency = l;
    }
    encode &&= total === 0;
    if (encode) sink.latency(latency);

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
          if (key.length < 1 || key.length > MAX_ATTRIBUTE_NAME) {
            report(row, 'attributes', 'attribute names have 1–100 characters');
            fine = false;
          } else if (textProblem(key)) {
            report(row, `attributes.${printable(key)}`, `the name ${textProblem(key)!}`);
            fine = false;
          } else if (v !== null && typeof v !== 'number' && typeof v !== 'boolean' && !(typeof v === 'string' && v.length <= MAX_TEXT)) {
            report(row, `attributes.${key}`, `expected a string (≤ ${MAX_TEXT} characters), number, boolean or null, got ${describe(v)}`);
            fine = false;
          } else if (typeof v === 'string' && textProblem(v)) {
            report(row, `attributes.${key}`, textProblem(v)!);
            fine = false;
          } else if (fine) {
            json += `${n > 1 ? ',' : ''}${jsonString(key)}:${typeof v === 'string' ? jsonString(v) : v === null ? 'null' : String(v)}`;
          }
        }
        if (n > MAX_ATTRIBUTES) report(row, 'attributes', `at most ${MAX_ATTRIBUTES} attributes, got ${n}`);
        else if (fine) attributes = `${json}}`;
      }
    }
    encode &&= total === 0;
    if (encode) {
      sink.attributes(attributes);
      sink.probabilities(probabilities);
    }
  }

  if (total > 0) return { ok: false, problems, total, unknownVersions: [...unknownVersions].sort((x, y) => x - y), onlyUnknownVersions: total === versionProblems };
  return { ok: true, count, days: [...days] };
}

/** The batch checked into column arrays (the INSERT … ON CONFLICT path and tests). */
export function validateEvents(events: readonly unknown[], context: ValidationContext): BatchValidation {
  const columns = new ColumnarEvents(events.length);
  const check = checkEvents(events, context, columns);
  return check.ok ? { ok: true, events: columns.events } : check;
}
