import type { Feature } from '@/server/registry/feature-schema';
import type { OnnxSignature } from './onnx-signature';

// The shapes that cross the thread boundary and leave validateOnnxArtifact: plain data only.

export interface OutputSample {
  name: string;
  dims: number[];
  /** false when any value is NaN or ±Infinity (integer, bool and string outputs are always finite). */
  finite: boolean;
  /** The first few values, for a human to eyeball (empty for string outputs). */
  preview: number[];
}

export interface ValidationResult {
  status: 'validated' | 'invalid';
  /** Why the artifact is invalid, in words a user can act on; null when validated. */
  reason: string | null;
  /** null when the bytes are not a readable ONNX model. */
  signature: OnnxSignature | null;
  /** The synthetic batch's outputs; null when the model never ran. */
  sampleOutput: { rows: number; outputs: OutputSample[] } | null;
  /** Wall time including the thread's start-up. */
  durationMs: number;
}

export interface ValidationRequest {
  filePath: string;
  features: Feature[];
  /** Rows in the synthetic batch, unless the model fixes its batch size. */
  rows: number;
  seed: number;
}

export type ThreadReport =
  | { kind: 'result'; result: Omit<ValidationResult, 'durationMs'>; threadId: number }
  /** The file could not be read: the caller's problem, not a verdict on the model. */
  | { kind: 'io-error'; message: string; code: string | null };
