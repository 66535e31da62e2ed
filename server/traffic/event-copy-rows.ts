import { CopyBinaryWriter, copyStreamOfTuples, uuidBytes } from './copy-binary-writer';
import type { EventSink } from './event-sink';
import type { HourCount } from './hourly-counts';

/** The inference_events columns a batch fills, in the order EventSink hands them on. */
export const EVENT_COPY_COLUMNS = ['model_id', 'request_id', 'occurred_at', 'version_id', 'features', 'score', 'predicted_label', 'latency_ms', 'attributes'] as const;

// Typical row: 9 length words, 2 UUIDs, timestamp, 3 reals, a short id, label and attributes.
const ROW_BYTES_ESTIMATE = 180;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The events of one UTC day (epoch ms / 86,400,000) as a COPY BINARY stream, for that day's partition. */
export interface DayRows {
  day: number;
  rows: Buffer;
  count: number;
}

/**
 * Checked events encoded as COPY … FROM STDIN (FORMAT binary) for inference_events — one
 * stream, or one per UTC day for the day partitions — with their counts per hour for
 * traffic_hourly (hourly-counts.ts).
 */
export class EventCopyRows implements EventSink {
  private readonly writer: CopyBinaryWriter;
  private readonly modelIdBytes: Buffer;
  private versionText = '';
  private versionBytes: Buffer = Buffer.alloc(0);
  private featuresAt = 0;
  /** Where each row starts in the stream, and its day: to split a batch that spans days. */
  private readonly rowStarts: number[] = [];
  private readonly rowDays: number[] = [];
  private spansDays = false;
  private readonly hours = new Map<number, HourCount>();
  private hour: HourCount | null = null;
  private days: DayRows[] | null = null;

  constructor(
    readonly modelId: string,
    count: number,
    width: number,
  ) {
    this.modelIdBytes = uuidBytes(modelId);
    this.writer = new CopyBinaryWriter(count * (ROW_BYTES_ESTIMATE + 8 * width));
  }

  beginRow(): void {
    this.rowStarts.push(this.writer.offset);
    this.writer.beginTuple(EVENT_COPY_COLUMNS.length);
    this.writer.bytes(this.modelIdBytes);
  }

  requestId(value: string): void {
    this.writer.text(value);
  }

  time(epochMs: number): void {
    this.writer.timestamp(epochMs);
    const day = Math.floor(epochMs / DAY_MS);
    if (this.rowDays.length > 0 && day !== this.rowDays[0]) this.spansDays = true;
    this.rowDays.push(day);
    const hour = Math.floor(epochMs / HOUR_MS) * HOUR_MS;
    if (this.hour?.hour !== hour) {
      this.hour = this.hours.get(hour) ?? null;
      if (!this.hour) {
        this.hour = { modelId: this.modelId, hour, events: 0, withoutPrediction: 0 };
        this.hours.set(hour, this.hour);
      }
    }
    this.hour.events++;
  }

  version(versionId: string): void {
    // A batch is nearly always served by one or two versions: parse each UUID once.
    if (versionId !== this.versionText) {
      this.versionText = versionId;
      this.versionBytes = uuidBytes(versionId);
    }
    this.writer.bytes(this.versionBytes);
  }

  beginFeatures(width: number): void {
    this.featuresAt = this.writer.beginFloat4Array(width);
  }

  feature(value: number | null): void {
    if (value === null) this.writer.null();
    else this.writer.float4(value);
  }

  endFeatures(): void {
    this.writer.endFloat4Array(this.featuresAt);
  }

  prediction(score: number | null, label: string | null): void {
    if (score === null && label === null) this.hour!.withoutPrediction++;
    if (score === null) this.writer.null();
    else this.writer.float4(score);
    if (label === null) this.writer.null();
    else this.writer.text(label);
  }

  latency(ms: number | null): void {
    if (ms === null) this.writer.null();
    else this.writer.float4(ms);
  }

  attributes(json: string | null): void {
    if (json === null) this.writer.null();
    else this.writer.jsonb(json);
  }

  /** Attributes as compact JSON text already in UTF-8 (bytes `start`…`end` of `source`). */
  attributesJson(source: Uint8Array, start: number, end: number): void {
    this.writer.jsonbBytes(source, start, end);
  }

  /** The whole COPY stream; call once (or byDay() instead), after a successful check. */
  finish(): Buffer {
    return this.writer.finish();
  }

  /** The COPY streams per UTC day, by day (the same each call); instead of finish(). */
  byDay(): DayRows[] {
    return (this.days ??= this.splitByDay());
  }

  private splitByDay(): DayRows[] {
    const stream = this.writer.finish();
    const count = this.rowStarts.length;
    if (count === 0) return [];
    if (!this.spansDays) return [{ day: this.rowDays[0]!, rows: stream, count }];
    const ranges = new Map<number, { starts: number[]; ends: number[] }>();
    for (let i = 0; i < count; i++) {
      const day = this.rowDays[i]!;
      let range = ranges.get(day);
      if (!range) ranges.set(day, (range = { starts: [], ends: [] }));
      range.starts.push(this.rowStarts[i]!);
      range.ends.push(i + 1 < count ? this.rowStarts[i + 1]! : stream.length - 2); // before the trailer
    }
    return [...ranges]
      .sort(([a], [b]) => a - b)
      .map(([day, { starts, ends }]) => ({ day, rows: copyStreamOfTuples(stream, starts, ends), count: starts.length }));
  }

  /** Events (and those without any prediction) per hour, as traffic_hourly counts them. */
  hourCounts(): HourCount[] {
    return [...this.hours.values()];
  }
}
