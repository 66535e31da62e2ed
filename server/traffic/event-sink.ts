// What the batch validator (checkEvents) hands on for each valid event, field by field in
// inference_events column order, so a sink can encode straight into its output without an
// intermediate object per event. The calls of one event:
//   beginRow, requestId, time, version, beginFeatures, feature × width, endFeatures,
//   prediction, latency, attributes, probabilities.
// Once the validator finds a problem it stops calling the sink; what the sink holds then is
// incomplete and is discarded with the refused batch.
export interface EventSink {
  beginRow(): void;
  requestId(value: string): void;
  /** `text` is the client's ISO-8601 text, `epochMs` the instant it names (to the millisecond). */
  time(epochMs: number, text: string): void;
  version(versionId: string): void;
  beginFeatures(width: number): void;
  /** In schema order: a number, a category index (−1 = unseen) or null (missing); fits a real. */
  feature(value: number | null): void;
  endFeatures(): void;
  prediction(score: number | null, label: string | null): void;
  latency(ms: number | null): void;
  /** The attributes as compact JSON text, or null. */
  attributes(json: string | null): void;
  /** Per-class probabilities in the model's class order (checked; the sink copies them), or null. */
  probabilities(values: Float64Array | null): void;
}
