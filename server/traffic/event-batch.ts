// Contract of a block of inference events read back for replay and drift (plain data,
// column-oriented, so it can cross a worker-thread boundary and feed onnxruntime directly).
export interface EventBatch {
  count: number;
  /** Features per row, in the model's schema order. */
  width: number;
  requestIds: string[];
  /** Epoch milliseconds of occurred_at. */
  occurredAt: Float64Array;
  versionIds: string[];
  /** Row-major count × width; categorical values are category indices (−1 = unseen); NaN = missing. */
  features: Float32Array;
  /** NaN where the event carried no score. */
  scores: Float32Array;
  predictedLabels: (string | null)[];
  labels: (string | null)[];
  /** NaN where absent. */
  latencyMs: Float32Array;
  attributes: (Record<string, string | number | boolean | null> | null)[];
  /** Multiclass: each class's probability in the model's declared class order; null where the event carried none. */
  probabilities: (Float32Array | null)[];
}

/** Keyset position in a model's traffic, ordered by (occurred_at, request_id). */
export interface EventCursor {
  occurredAt: Date;
  requestId: string;
}

export interface EventRange {
  from?: Date;
  /** Exclusive. */
  to?: Date;
  /** Exclusive lower keyset bound. */
  after?: EventCursor;
  /** Inclusive upper keyset bound. */
  through?: EventCursor;
  limit?: number;
}
