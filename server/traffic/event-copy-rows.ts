import { CopyBinaryWriter, uuidBytes } from './copy/copy-binary-writer';
import type { EventSink } from './event-sink';

/** The inference_events columns a batch fills, in the order EventSink hands them on. */
export const EVENT_COPY_COLUMNS = ['model_id', 'request_id', 'occurred_at', 'version_id', 'features', 'score', 'predicted_label', 'latency_ms', 'attributes', 'probabilities'] as const;

// Typical row: 9 length words, 2 UUIDs, timestamp, 3 reals, a short id, label and attributes.
const ROW_BYTES_ESTIMATE = 180;

/** Checked events encoded as one COPY … FROM STDIN (FORMAT binary) stream for inference_events. */
export class EventCopyRows implements EventSink {
  private readonly writer: CopyBinaryWriter;
  private readonly modelId: Buffer;
  private versionText = '';
  private versionBytes: Buffer = Buffer.alloc(0);
  private featuresAt = 0;

  constructor(modelId: string, count: number, width: number) {
    this.modelId = uuidBytes(modelId);
    this.writer = new CopyBinaryWriter(count * (ROW_BYTES_ESTIMATE + 8 * width));
  }

  beginRow(): void {
    this.writer.beginTuple(EVENT_COPY_COLUMNS.length);
    this.writer.bytes(this.modelId);
  }

  requestId(value: string): void {
    this.writer.text(value);
  }

  /** The request id as UTF-8 already (bytes `start`…`end` of `source`). */
  requestIdBytes(source: Uint8Array, start: number, end: number): void {
    this.writer.textBytes(source, start, end);
  }

  time(epochMs: number): void {
    this.writer.timestamp(epochMs);
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

  probabilities(values: ArrayLike<number> | null): void {
    if (values === null) {
      this.writer.null();
      return;
    }
    const at = this.writer.beginFloat4Array(values.length);
    for (let i = 0; i < values.length; i++) this.writer.float4(values[i]!);
    this.writer.endFloat4Array(at);
  }

  /** The COPY stream; call once, after a successful check. */
  finish(): Buffer {
    return this.writer.finish();
  }
}
