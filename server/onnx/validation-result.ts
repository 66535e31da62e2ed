import type { Feature } from '@/server/registry/feature-schema';
import type { DecisionRule, OutputReading } from './decision-rule';
import type { OnnxSignature } from './onnx-signature';
import type { ZipMapReplacement } from './zipmap-rewrite';

// The shapes that cross the thread boundary and leave validateOnnxArtifact: plain data only.

export interface OutputSample {
  name: string;
  dims: number[];
  /** false when any value is NaN or ±Infinity (integer, bool and string outputs are always finite). */
  finite: boolean;
  /** The first few values, for a human to eyeball (empty for string outputs). */
  preview: number[];
}

/** A row where the label output and the score rule decide differently. */
export interface DecisionExample {
  source: 'synthetic' | 'reference';
  /** Synthetic: the row of the batch (0-based); reference: the dataset's row number (0-based, its row_no). */
  row: number;
  labelOutput: string;
  scoreDecision: string;
  /** P(positive) for binary models, the top probability for multiclass ones. */
  score: number | null;
}

/** The label output against the score rule, on the synthetic batch and a sample of the reference dataset. */
export interface DecisionCheck {
  /** The threshold the score rule used (binary models). */
  threshold: number;
  compared: number;
  disagreements: number;
  synthetic: { compared: number; disagreements: number };
  /** null when the model has no reference dataset yet. */
  reference: { compared: number; disagreements: number } | null;
  /** The first few disagreeing rows, reference rows first. */
  examples: DecisionExample[];
}

/** The model with its ZipMap outputs replaced by their probability tensors (see zipmap-rewrite.ts). */
export interface DerivedModel {
  bytes: Uint8Array;
  sha256: string;
  size: number;
  zipMaps: ZipMapReplacement[];
}

export interface ValidationResult {
  status: 'validated' | 'invalid';
  /** Why the artifact is invalid, in words a user can act on; null when validated. */
  reason: string | null;
  /** null when the bytes are not a readable ONNX model; the derived model's when there is one. */
  signature: OnnxSignature | null;
  /** The synthetic batch's outputs; null when the model never ran. */
  sampleOutput: { rows: number; outputs: OutputSample[] } | null;
  /** The rule decisions follow, resolved against the outputs; null for regression or an invalid model. */
  decisionRule: DecisionRule | null;
  /** null when the model lacks a label or a score output (nothing to compare). */
  decisionCheck: DecisionCheck | null;
  /** Things a reviewer should know about a validated model. */
  warnings: string[];
  /** Set when the model had to be rewritten to run (ZipMap); Vigil runs these bytes. */
  derived: DerivedModel | null;
  /** Wall time including the thread's start-up. */
  durationMs: number;
}

/** Feature rows of the model's reference dataset, in schema order (category index; NaN = missing). */
export interface ReferenceSample {
  /** Each row's row_no in the dataset. */
  rowNumbers: number[];
  rows: number[][];
}

export interface ValidationRequest {
  filePath: string;
  features: Feature[];
  /** The model's declared classes, when it declares them. */
  classes: string[] | null;
  reading: OutputReading;
  reference: ReferenceSample | null;
  /** Rows in the synthetic batch, unless the model fixes its batch size. */
  rows: number;
  seed: number;
}

export type ThreadReport =
  | { kind: 'result'; result: Omit<ValidationResult, 'durationMs'>; threadId: number }
  /** The file could not be read: the caller's problem, not a verdict on the model. */
  | { kind: 'io-error'; message: string; code: string | null };
