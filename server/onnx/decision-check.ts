import { DECISION_DISAGREEMENT_LIMIT, describeDecision, type DecisionRule } from './decision-rule';
import type { DecisionCheck, DecisionExample } from './validation-result';

// Does a classifier's label output say what its own probabilities say? Validation runs the
// model on its synthetic batch and on a sample of the reference dataset, decides each row
// both ways and counts the rows where they differ. Pure.

export interface DecisionComparison {
  compared: number;
  disagreements: number;
  examples: DecisionExample[];
}

const MAX_EXAMPLES = 5;

/** Rows where both rules decide, and those where they differ (row numbers as the source names them). */
export function compareDecisions(
  source: DecisionExample['source'],
  rowNumbers: readonly number[],
  byLabel: readonly (string | null)[],
  byScore: readonly (string | null)[],
  scores: Float32Array,
  probabilities: Float32Array | null,
): DecisionComparison {
  const rows = rowNumbers.length;
  const width = probabilities ? probabilities.length / Math.max(rows, 1) : 0;
  let compared = 0;
  let disagreements = 0;
  const examples: DecisionExample[] = [];
  for (let r = 0; r < rows; r++) {
    const label = byLabel[r];
    const decided = byScore[r];
    if (label === null || label === undefined || decided === null || decided === undefined) continue;
    compared += 1;
    if (label === decided) continue;
    disagreements += 1;
    if (examples.length < MAX_EXAMPLES) examples.push({ source, row: rowNumbers[r]!, labelOutput: label, scoreDecision: decided, score: exampleScore(scores[r]!, probabilities, width, r) });
  }
  return { compared, disagreements, examples };
}

function exampleScore(score: number, probabilities: Float32Array | null, width: number, row: number): number | null {
  if (!Number.isNaN(score)) return score;
  if (!probabilities || width === 0) return null;
  let top = -Infinity;
  for (let k = 0; k < width; k++) top = Math.max(top, probabilities[row * width + k]!);
  return Number.isFinite(top) ? top : null;
}

export function decisionCheck(threshold: number, synthetic: DecisionComparison, reference: DecisionComparison | null): DecisionCheck {
  return {
    threshold,
    compared: synthetic.compared + (reference?.compared ?? 0),
    disagreements: synthetic.disagreements + (reference?.disagreements ?? 0),
    synthetic: { compared: synthetic.compared, disagreements: synthetic.disagreements },
    reference: reference ? { compared: reference.compared, disagreements: reference.disagreements } : null,
    examples: [...(reference?.examples ?? []), ...synthetic.examples].slice(0, MAX_EXAMPLES),
  };
}

export function disagreementRate(check: DecisionCheck): number {
  return check.compared === 0 ? 0 : check.disagreements / check.compared;
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

/** A row as a person finds it: the reference dataset's rows counted from 1, the synthetic batch's too. */
export function describeExampleRow(example: DecisionExample): string {
  return `${example.source === 'reference' ? 'reference row' : 'synthetic row'} ${example.row + 1}`;
}

/** The warning a reviewer sees when the two rules disagree on more than 1 % of the rows; null otherwise. */
export function decisionWarning(check: DecisionCheck, rule: DecisionRule, taskType: string): string | null {
  const rate = disagreementRate(check);
  if (rate <= DECISION_DISAGREEMENT_LIMIT) return null;
  const scoreRule = describeDecision(taskType, 'score', check.threshold);
  const parts = [
    check.reference ? `${check.reference.disagreements} of ${check.reference.compared} reference rows` : null,
    `${check.synthetic.disagreements} of ${check.synthetic.compared} synthetic rows`,
  ].filter((p): p is string => p !== null);
  const examples = check.examples
    .map((e) => `${describeExampleRow(e)} (label output ${e.labelOutput}, ${scoreRule} gives ${e.scoreDecision}${e.score === null ? '' : ` at ${Number(e.score.toPrecision(4))}`})`)
    .join('; ');
  const consequence =
    rule === 'label'
      ? 'Decisions follow the label output, as stated at registration: accuracy, shadow and fairness results use it, not the probabilities.'
      : `Decisions follow ${scoreRule}; a serving system that acts on the label output decides differently.`;
  return `The label output disagrees with ${scoreRule} on ${percent(rate)} of rows (${parts.join(', ')}), e.g. ${examples}. ${consequence}`;
}
