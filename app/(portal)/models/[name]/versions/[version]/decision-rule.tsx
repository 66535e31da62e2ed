import { Notice } from '@/app/_components/notice';
import { describeExampleRow, disagreementRate } from '@/server/onnx/decision-check';
import { describeDecision, type DecisionRule, type ScoreActivation } from '@/server/onnx/decision-rule';
import type { DecisionCheck } from '@/server/onnx/validation-result';

// A version's decision rule and what validation found about it, wherever metrics are shown
// (version, compare and promotion pages): metrics mean little without the rule behind them.

export interface VersionDecision {
  decisionRule: DecisionRule | null;
  decisionThreshold: number;
  decisionStated: boolean;
  scoreActivation: ScoreActivation;
  validation: { warnings?: string[]; decisionCheck?: DecisionCheck | null } | null;
}

const ACTIVATIONS: Record<ScoreActivation, string> = { none: 'scores are probabilities', sigmoid: 'sigmoid of the logit', softmax: 'softmax of the logits' };

/** "score ≥ 0.5 (default)", "label output (chosen at registration)". */
export function decisionText(taskType: string, v: VersionDecision): string {
  const rule = describeDecision(taskType, v.decisionRule, v.decisionThreshold);
  if (taskType === 'regression') return rule;
  return `${rule} (${v.decisionStated ? 'chosen at registration' : v.decisionRule ? 'default: the model has a score output' : 'default'})`;
}

/** Same rule, threshold (when it matters) and activation: the versions' decisions are made the same way. */
export function sameDecision(a: VersionDecision, b: VersionDecision): boolean {
  const threshold = a.decisionRule === 'label' || a.decisionThreshold === b.decisionThreshold;
  return a.decisionRule === b.decisionRule && threshold && a.scoreActivation === b.scoreActivation;
}

export function activationText(v: Pick<VersionDecision, 'scoreActivation'>): string {
  return ACTIVATIONS[v.scoreActivation];
}

/** "74 of 190 reference rows, 3 of 16 synthetic rows (40.4 %)": how often the label output and the score rule differ. */
export function disagreementText(check: DecisionCheck): string {
  const parts = [check.reference ? `${check.reference.disagreements} of ${check.reference.compared} reference rows` : null, `${check.synthetic.disagreements} of ${check.synthetic.compared} synthetic rows`];
  return `${parts.filter(Boolean).join(', ')} (${(disagreementRate(check) * 100).toFixed(1)} %)`;
}

export function DecisionCheckDetails({ check }: { check: DecisionCheck }) {
  return (
    <div className="text-tremor-default">
      <p>
        Label output against score ≥ {check.threshold}: disagree on {disagreementText(check)}.
      </p>
      {check.examples.length > 0 && (
        <ul className="mt-1 list-disc pl-5 font-mono text-tremor-label" aria-label="Rows where the label output and the score disagree">
          {check.examples.map((e) => (
            <li key={`${e.source}-${e.row}`}>
              {describeExampleRow(e)}: label output {e.labelOutput}, score rule {e.scoreDecision}
              {e.score === null ? '' : ` (score ${Number(e.score.toPrecision(4))})`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Validation warnings of a validated version, as notices. */
export function ValidationWarnings({ version, title = 'Validated with a warning' }: { version: Pick<VersionDecision, 'validation'>; title?: string }) {
  const warnings = version.validation?.warnings ?? [];
  if (warnings.length === 0) return null;
  return (
    <div className="space-y-2">
      {warnings.map((w) => (
        <Notice key={w} tone="warning" title={title}>
          {w}
        </Notice>
      ))}
    </div>
  );
}
