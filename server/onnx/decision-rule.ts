import type { TaskType } from '@/server/registry/feature-schema';

// How a version's outputs become decisions: part of its signature, chosen at registration.
// A classifier decides by its label output as it is, or by its score: positive when the
// positive-class probability is ≥ the stored threshold (binary), the most probable class
// (multiclass). Converters disagree with themselves here — onnxruntime's TreeEnsembleClassifier
// answers label 1 whenever the class-1 weight is above 0 — so when a model has both outputs
// the score rule is the default, and validation measures how often the two disagree.
// Pure and free of zod: the validation and inference threads load it.

export const DECISION_RULES = ['label', 'score'] as const;
export type DecisionRule = (typeof DECISION_RULES)[number];

/** What turns the score output into probabilities: nothing, a sigmoid per logit, a softmax per row. */
export const SCORE_ACTIVATIONS = ['none', 'sigmoid', 'softmax'] as const;
export type ScoreActivation = (typeof SCORE_ACTIVATIONS)[number];

export const DEFAULT_DECISION_THRESHOLD = 0.5;
/** Validation warns when the label output and the score rule disagree on more than this share of rows. */
export const DECISION_DISAGREEMENT_LIMIT = 0.01;

export interface OutputReading {
  taskType: TaskType;
  /** As stated at registration or resolved at validation; null = the default (the score when there is one). */
  decision: DecisionRule | null;
  threshold: number;
  activation: ScoreActivation;
}

/** The reading a stored version states (its columns), for its model's task. */
export function outputReadingOf(
  model: { taskType: string },
  version: { decisionRule: string | null; decisionThreshold: number; scoreActivation: string },
): OutputReading {
  return {
    taskType: model.taskType as TaskType,
    decision: (DECISION_RULES as readonly string[]).includes(version.decisionRule ?? '') ? (version.decisionRule as DecisionRule) : null,
    threshold: version.decisionThreshold,
    activation: (SCORE_ACTIVATIONS as readonly string[]).includes(version.scoreActivation) ? (version.scoreActivation as ScoreActivation) : 'none',
  };
}

/** "score ≥ 0.5", "label output", "most probable class": the rule in words, for pages and messages. */
export function describeDecision(taskType: string, decision: DecisionRule | null, threshold: number): string {
  if (taskType === 'regression') return 'the predicted value (no decision rule)';
  if (decision === 'label') return 'label output';
  const score = taskType === 'multiclass_classification' ? 'most probable class' : `score ≥ ${threshold}`;
  return decision === null ? `${score} (or the label output when there is no score)` : score;
}
