import type { EventSink } from './event-sink';

/** Column-oriented rows ready for the set-based INSERT (one array literal per column). */
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
  /** Per row, a PostgreSQL real[] literal of the class probabilities (as real rounds them), or null. */
  probabilities: (string | null)[];
}

/**
 * Collects checked events as column arrays for INSERT … SELECT FROM unnest … ON CONFLICT DO
 * NOTHING: the path for batches partly stored already and for callers' transactions.
 */
export class ColumnarEvents implements EventSink {
  readonly events: ValidEvents;
  private literal = '';

  constructor(count: number) {
    this.events = { count, requestIds: [], times: [], timeTexts: [], versionIds: [], features: [], attributes: [], scores: [], predictedLabels: [], latencyMs: [], probabilities: [] };
  }

  beginRow(): void {}

  requestId(value: string): void {
    this.events.requestIds.push(value);
  }

  time(epochMs: number, text: string): void {
    this.events.times.push(epochMs);
    // "YYYY-MM-DDTHH:MM:SS.sssZ" (what Date#toISOString writes) is already exact to the millisecond.
    this.events.timeTexts.push(text.length === 24 && text.charCodeAt(23) === 90 && text.charCodeAt(10) === 84 ? text : new Date(epochMs).toISOString());
  }

  version(versionId: string): void {
    this.events.versionIds.push(versionId);
  }

  beginFeatures(): void {
    this.literal = '{';
  }

  feature(value: number | null): void {
    if (this.literal.length > 1) this.literal += ',';
    this.literal += value === null ? 'NULL' : String(value);
  }

  endFeatures(): void {
    this.events.features.push(`${this.literal}}`);
  }

  prediction(score: number | null, label: string | null): void {
    this.events.scores.push(score);
    this.events.predictedLabels.push(label);
  }

  latency(ms: number | null): void {
    this.events.latencyMs.push(ms);
  }

  attributes(json: string | null): void {
    this.events.attributes.push(json);
  }

  probabilities(values: Float64Array | null): void {
    // Rounded to real first, as the COPY encoder does (a value below real's range is then 0, not an input error).
    this.events.probabilities.push(values === null ? null : `{${Array.from(values, (v) => String(Math.fround(v))).join(',')}}`);
  }
}
