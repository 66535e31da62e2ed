import { describe, expect, it } from 'vitest';
import { FAIRNESS_PENDING, fairnessGate } from './fairness-gate';
import { evidence } from './gate-fixtures';

describe('fairness gate (slot)', () => {
  it('is missing until fairness reports exist, saying why', () => {
    const result = fairnessGate(evidence(), { required: true });
    expect(result).toEqual({ gate: 'fairness', status: 'missing', summary: FAIRNESS_PENDING, numbers: {}, link: null });
  });

  it('tells the reviewer when the policy does not require it', () => {
    expect(fairnessGate(evidence(), { required: false }).summary).toMatch(/^Not required by this policy/);
  });
});
