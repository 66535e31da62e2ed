import { describe, expect, it } from 'vitest';
import type { GateName, GateStatus } from './gates/gate-types';
import { cancelVerdict, defaultPolicy, evaluatePolicy, overrideVerdict, requiredApprovals, type PolicyEvaluationInput } from './promotion-policy';
import type { Role } from '@/server/rbac/permissions';

const REQUESTER = 'u-requester';
const CREATOR = 'u-creator';
const R1 = 'u-reviewer-1';
const R2 = 'u-reviewer-2';
const R3 = 'u-reviewer-3';

function input(overrides: Partial<PolicyEvaluationInput> = {}): PolicyEvaluationInput {
  return {
    policy: { minApprovals: 2, fastRollback: true },
    kind: 'promotion',
    status: 'pending',
    requesterId: REQUESTER,
    versionCreatorId: CREATOR,
    versionLabel: 'credit-risk v2',
    decisions: [],
    gates: [
      { gate: 'onnx_validation', status: 'pass', required: true },
      { gate: 'shadow_run', status: 'pass', required: true },
      { gate: 'fairness', status: 'missing', required: false },
    ],
    overridden: false,
    ...overrides,
  };
}

const user = (id: string, ...roles: Role[]) => ({ id, roles });
const approve = (reviewerId: string) => ({ reviewerId, decision: 'approve' as const });
const reject = (reviewerId: string) => ({ reviewerId, decision: 'reject' as const });
const failing = (gate: GateName, status: GateStatus = 'fail') => [
  { gate: 'onnx_validation' as const, status: 'pass' as const, required: true },
  { gate, status, required: true },
];

describe('defaults', () => {
  it('staging needs one approval, production two; rollbacks take the fast path when enabled', () => {
    expect(defaultPolicy('staging').minApprovals).toBe(1);
    expect(defaultPolicy('production').minApprovals).toBe(2);
    expect(defaultPolicy('canary').minApprovals).toBe(2);
    expect(defaultPolicy('production').gates.shadow_run?.required).toBe(true);
    expect(defaultPolicy('staging').gates.shadow_run?.required).toBe(false);
    expect(requiredApprovals({ minApprovals: 3, fastRollback: true }, 'rollback')).toBe(1);
    expect(requiredApprovals({ minApprovals: 3, fastRollback: false }, 'rollback')).toBe(3);
    expect(requiredApprovals({ minApprovals: 3, fastRollback: true }, 'promotion')).toBe(3);
    expect(requiredApprovals({ minApprovals: 0, fastRollback: false }, 'promotion')).toBe(1);
  });
});

describe('evaluatePolicy: who may decide', () => {
  it('lets a reviewer who is neither requester nor creator approve and reject', () => {
    const e = evaluatePolicy(input(), user(R1, 'reviewer'));
    expect(e.canDecide).toEqual({ allowed: true, reason: null, code: null });
    expect(e.canApprove.allowed).toBe(true);
    expect(e.canReject.allowed).toBe(true);
  });

  it.each<[string, Role[]]>([
    ['admin', ['admin']],
    ['maintainer', ['maintainer']],
    ['auditor', ['auditor']],
    ['viewer', ['viewer']],
    ['nobody', []],
  ])('refuses a %s without the reviewer role (403)', (_, roles) => {
    const e = evaluatePolicy(input(), user(R1, ...roles));
    expect(e.canDecide).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(e.canApprove).toMatchObject({ allowed: false, code: 'forbidden' });
  });

  it('refuses when nobody is signed in', () => {
    expect(evaluatePolicy(input(), null).canDecide).toMatchObject({ allowed: false, code: 'forbidden' });
  });

  it('refuses self-approval by the requester, even holding reviewer and admin (403)', () => {
    const e = evaluatePolicy(input(), user(REQUESTER, 'admin', 'reviewer'));
    expect(e.canApprove).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(e.canApprove.reason).toMatch(/own request/);
    expect(e.canReject.allowed).toBe(false);
  });

  it("refuses the version's creator (403), even an admin reviewer", () => {
    const e = evaluatePolicy(input(), user(CREATOR, 'reviewer', 'admin'));
    expect(e.canApprove).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(e.canApprove.reason).toMatch(/registered credit-risk v2/);
  });

  it('does not treat a CI-registered version (no creator) or a token request (no requester) as anyone', () => {
    const e = evaluatePolicy(input({ requesterId: null, versionCreatorId: null }), user(R1, 'reviewer'));
    expect(e.canApprove.allowed).toBe(true);
  });

  it('refuses a second decision by the same reviewer (409), whichever the first was', () => {
    expect(evaluatePolicy(input({ decisions: [approve(R1)] }), user(R1, 'reviewer')).canApprove).toMatchObject({ allowed: false, code: 'conflict' });
    expect(evaluatePolicy(input({ decisions: [approve(R1)] }), user(R1, 'reviewer')).canReject).toMatchObject({ allowed: false, code: 'conflict' });
    expect(evaluatePolicy(input({ decisions: [approve(R1)] }), user(R2, 'reviewer')).canApprove.allowed).toBe(true);
  });

  it.each(['approved', 'rejected', 'cancelled', 'expired', 'superseded'])('refuses deciding a %s request (409)', (status) => {
    const e = evaluatePolicy(input({ status }), user(R1, 'reviewer'));
    expect(e.canDecide).toMatchObject({ allowed: false, code: 'conflict' });
    expect(e.canDecide.reason).toContain(status);
  });

  it('refuses approval while a required gate fails or is missing (422) but allows rejection', () => {
    const words = { fail: 'fails', missing: 'no evidence yet' } as const;
    for (const status of ['fail', 'missing'] as const) {
      const e = evaluatePolicy(input({ gates: failing('shadow_run', status) }), user(R1, 'reviewer'));
      expect(e.canDecide.allowed).toBe(true);
      expect(e.canApprove).toMatchObject({ allowed: false, code: 'unprocessable' });
      expect(e.canApprove.reason).toContain(`Shadow evaluation (${words[status]})`);
      expect(e.canApprove.reason).not.toContain('shadow_run');
      expect(e.canReject.allowed).toBe(true);
      expect(e.blockingGates).toEqual(['shadow_run']);
      expect(e.gatesSatisfied).toBe(false);
    }
  });

  it('ignores failing gates the policy does not require', () => {
    const e = evaluatePolicy(input({ gates: [{ gate: 'fairness', status: 'missing', required: false }, { gate: 'shadow_run', status: 'fail', required: false }] }), user(R1, 'reviewer'));
    expect(e.canApprove.allowed).toBe(true);
    expect(e.blockingGates).toEqual([]);
  });

  it('lets approvals proceed despite failing gates once an admin overrode them', () => {
    const e = evaluatePolicy(input({ gates: failing('training_metrics'), overridden: true }), user(R1, 'reviewer'));
    expect(e.canApprove.allowed).toBe(true);
    expect(e.gatesSatisfied).toBe(true);
    expect(e.blockingGates).toEqual(['training_metrics']);
  });

  it('checks in order: role, status, separation of duties, one decision each, gates', () => {
    expect(evaluatePolicy(input({ status: 'approved' }), user(REQUESTER, 'viewer')).canDecide.code).toBe('forbidden');
    expect(evaluatePolicy(input({ status: 'approved' }), user(REQUESTER, 'reviewer')).canDecide.code).toBe('conflict');
    expect(evaluatePolicy(input({ decisions: [approve(REQUESTER)] }), user(REQUESTER, 'reviewer')).canDecide.code).toBe('forbidden');
    expect(evaluatePolicy(input({ decisions: [approve(R1)], gates: failing('shadow_run') }), user(R1, 'reviewer')).canApprove.code).toBe('conflict');
  });
});

describe('evaluatePolicy: quorum', () => {
  it('counts distinct approving reviewers against the minimum', () => {
    expect(evaluatePolicy(input({ decisions: [approve(R1)] }))).toMatchObject({ approvals: 1, requiredApprovals: 2, missingApprovals: 1, quorumReached: false });
    expect(evaluatePolicy(input({ decisions: [approve(R1), approve(R2)] }))).toMatchObject({ approvals: 2, missingApprovals: 0, quorumReached: true });
    expect(evaluatePolicy(input({ decisions: [approve(R1), approve(R1)] }))).toMatchObject({ approvals: 1, quorumReached: false });
  });

  it('never counts an approval by the requester or the creator', () => {
    expect(evaluatePolicy(input({ decisions: [approve(R1), approve(REQUESTER)] }))).toMatchObject({ approvals: 1, quorumReached: false });
    expect(evaluatePolicy(input({ decisions: [approve(R1), approve(CREATOR)] }))).toMatchObject({ approvals: 1, quorumReached: false });
  });

  it('any rejection rejects, whatever the approvals', () => {
    const e = evaluatePolicy(input({ decisions: [approve(R1), approve(R2), reject(R3)] }));
    expect(e).toMatchObject({ rejected: true, rejections: 1, quorumReached: false });
  });

  it('has no quorum while required gates block, and reaches it once overridden', () => {
    const blocked = input({ decisions: [approve(R1), approve(R2)], gates: failing('no_critical_drift_alert') });
    expect(evaluatePolicy(blocked).quorumReached).toBe(false);
    expect(evaluatePolicy({ ...blocked, overridden: true }).quorumReached).toBe(true);
  });

  it('a rollback with the fast path needs one approval; without it, the minimum', () => {
    expect(evaluatePolicy(input({ kind: 'rollback', decisions: [approve(R1)] }))).toMatchObject({ requiredApprovals: 1, quorumReached: true });
    expect(evaluatePolicy(input({ kind: 'rollback', policy: { minApprovals: 2, fastRollback: false }, decisions: [approve(R1)] }))).toMatchObject({ requiredApprovals: 2, quorumReached: false });
  });

  it('staging-style policy of one approval is reached by the first approval', () => {
    expect(evaluatePolicy(input({ policy: { minApprovals: 1, fastRollback: true }, decisions: [approve(R1)] })).quorumReached).toBe(true);
  });
});

describe('cancel and override verdicts', () => {
  const facts = { status: 'pending', requesterId: REQUESTER, overridden: false, blockingGates: ['shadow_run'] };

  it('only the requester cancels; an admin cancels a token request; not once closed', () => {
    expect(cancelVerdict(facts, user(REQUESTER, 'maintainer')).allowed).toBe(true);
    expect(cancelVerdict(facts, user(R1, 'admin'))).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(cancelVerdict({ ...facts, requesterId: null }, user(R1, 'admin')).allowed).toBe(true);
    expect(cancelVerdict({ ...facts, requesterId: null }, user(R1, 'maintainer')).allowed).toBe(false);
    expect(cancelVerdict({ ...facts, status: 'approved' }, user(REQUESTER, 'maintainer'))).toMatchObject({ allowed: false, code: 'conflict' });
    expect(cancelVerdict(facts, null).allowed).toBe(false);
  });

  it('only an admin other than the requester overrides, once, and only failing gates', () => {
    expect(overrideVerdict(facts, user(R1, 'admin')).allowed).toBe(true);
    expect(overrideVerdict(facts, user(R1, 'reviewer'))).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(overrideVerdict(facts, user(REQUESTER, 'admin'))).toMatchObject({ allowed: false, code: 'forbidden' });
    expect(overrideVerdict({ ...facts, overridden: true }, user(R1, 'admin'))).toMatchObject({ allowed: false, code: 'conflict' });
    expect(overrideVerdict({ ...facts, blockingGates: [] }, user(R1, 'admin'))).toMatchObject({ allowed: false, code: 'conflict' });
    expect(overrideVerdict({ ...facts, status: 'rejected' }, user(R1, 'admin'))).toMatchObject({ allowed: false, code: 'conflict' });
  });
});
