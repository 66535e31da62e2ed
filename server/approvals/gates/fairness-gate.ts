import type { FairnessConfig } from './gate-config';
import type { Gate } from './gate-types';

export const FAIRNESS_PENDING = 'Fairness reports arrive with the fairness issue.';

/**
 * Slot for the fairness gate: until fairness reports exist it reports `missing`, which blocks
 * only when a policy requires it.
 */
export const fairnessGate: Gate<FairnessConfig> = (evidence, config) => {
  if (!evidence.fairness) {
    const summary = config.required ? FAIRNESS_PENDING : `Not required by this policy. ${FAIRNESS_PENDING}`;
    return { gate: 'fairness', status: 'missing', summary, numbers: {}, link: null };
  }
  return { gate: 'fairness', status: 'missing', summary: `A fairness report exists but this gate does not judge it yet. ${FAIRNESS_PENDING}`, numbers: {}, link: null };
};
