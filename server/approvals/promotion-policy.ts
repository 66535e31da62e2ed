import type { AppErrorCode } from '@/server/errors/app-error';
import type { Role } from '@/server/rbac/permissions';
import { parseGateConfig, type GateConfig, type GateConfigInput } from './gates/gate-config';
import { GATE_LABELS, statusBlocks, type GateName, type GateStatus } from './gates/gate-types';

// Pure policy evaluation: who may decide a request, and whether it has reached its quorum.
// The rules that never change (distinct reviewers, separation of duties, any rejection
// rejects) are code, not configuration; the policy only tunes numbers and gates.

export interface PolicyRules {
  minApprovals: number;
  /** A rollback (a version that served this environment before) needs one approval. */
  fastRollback: boolean;
  expiresAfterHours: number;
  gates: GateConfig;
}

/** The policy in force when a request was made, stored on it; decisions are judged against it. */
export interface PolicySnapshot extends PolicyRules {
  environment: string;
  /** `built-in`: no row configured; `environment`: the environment's policy; `model`: a per-model override. */
  source: 'built-in' | 'environment' | 'model';
  policyId: string | null;
  updatedBy: string | null;
  updatedAt: string | null;
}

export const FIXED_RULES = [
  'Approvals must come from distinct users holding the reviewer role.',
  'The requester and the creator of the version can never approve it, whatever their roles.',
  'Any rejection rejects the request.',
  'Required gates must pass; only an admin override, recorded with its reason, lets approvals proceed despite them.',
] as const;

const DEFAULT_GATES: Record<string, GateConfigInput> = {
  staging: {
    onnx_validation: { required: true },
    training_metrics: { required: true, thresholds: { auc: { min: 0.7 } } },
    shadow_run: { required: false },
    no_critical_drift_alert: { required: false },
    fairness: { required: false },
  },
  production: {
    onnx_validation: { required: true },
    training_metrics: { required: true, thresholds: { auc: { min: 0.75 } } },
    shadow_run: { required: true, minEvents: 500, alpha: 0.05 },
    no_critical_drift_alert: { required: true },
    fairness: { required: false },
  },
};

/** Built-in policy of an environment with no configured policy: 1 approval for staging, 2 elsewhere. */
export function defaultPolicy(environment: string): PolicyRules {
  const gates = DEFAULT_GATES[environment] ?? DEFAULT_GATES.production!;
  return { minApprovals: environment === 'staging' ? 1 : 2, fastRollback: true, expiresAfterHours: 168, gates: parseGateConfig(gates) };
}

export type RequestKind = 'promotion' | 'rollback';

export function requiredApprovals(policy: Pick<PolicyRules, 'minApprovals' | 'fastRollback'>, kind: RequestKind): number {
  return kind === 'rollback' && policy.fastRollback ? 1 : Math.max(1, policy.minApprovals);
}

export interface Verdict {
  allowed: boolean;
  /** Why not, in a sentence the UI shows beside the disabled button. */
  reason: string | null;
  /** The error the server answers with when the action is attempted anyway. */
  code: AppErrorCode | null;
}

const yes: Verdict = { allowed: true, reason: null, code: null };
const no = (code: AppErrorCode, reason: string): Verdict => ({ allowed: false, reason, code });

export interface PolicyEvaluationInput {
  policy: Pick<PolicyRules, 'minApprovals' | 'fastRollback'>;
  kind: RequestKind;
  status: string;
  requesterId: string | null;
  /** The version's creator when a user registered it (model_versions.created_by_id). */
  versionCreatorId: string | null;
  versionLabel: string;
  decisions: readonly { reviewerId: string; decision: 'approve' | 'reject' }[];
  gates: readonly { gate: GateName; status: GateStatus; required: boolean }[];
  overridden: boolean;
}

export interface DecidingUser {
  id: string;
  roles: readonly Role[];
}

export interface PolicyEvaluation {
  requiredApprovals: number;
  /** Distinct eligible reviewers who approved. */
  approvals: number;
  rejections: number;
  missingApprovals: number;
  quorumReached: boolean;
  rejected: boolean;
  blockingGates: GateName[];
  /** No required gate blocks, or an admin overrode them. */
  gatesSatisfied: boolean;
  /** Whether this user may approve or reject at all (role, status, separation of duties, one decision each). */
  canDecide: Verdict;
  /** canDecide, and the gates allow approval. */
  canApprove: Verdict;
  canReject: Verdict;
}

/** How a refusal names why a required gate blocks: words, not status keys. */
const BLOCKING_STATUS_WORDS: Record<GateStatus, string> = { fail: 'fails', missing: 'no evidence yet', pass: 'passes', not_applicable: 'not applicable' };

export function evaluatePolicy(input: PolicyEvaluationInput, user: DecidingUser | null = null): PolicyEvaluation {
  const ineligible = new Set([input.requesterId, input.versionCreatorId].filter((id): id is string => id !== null));
  const approvers = new Set(input.decisions.filter((d) => d.decision === 'approve' && !ineligible.has(d.reviewerId)).map((d) => d.reviewerId));
  const rejections = input.decisions.filter((d) => d.decision === 'reject').length;
  const required = requiredApprovals(input.policy, input.kind);
  const blocking = input.gates.filter((g) => g.required && statusBlocks(g.status)).map((g) => g.gate);
  const gatesSatisfied = blocking.length === 0 || input.overridden;
  const canDecide = decideVerdict(input, user);
  let canApprove = canDecide;
  if (canDecide.allowed && !gatesSatisfied) {
    const listed = input.gates
      .filter((g) => blocking.includes(g.gate))
      .map((g) => `${GATE_LABELS[g.gate]} (${BLOCKING_STATUS_WORDS[g.status]})`)
      .join(', ');
    canApprove = no('unprocessable', `Required gates do not pass: ${listed}. An admin may override them with a written reason.`);
  }
  return {
    requiredApprovals: required,
    approvals: approvers.size,
    rejections,
    missingApprovals: Math.max(0, required - approvers.size),
    quorumReached: rejections === 0 && gatesSatisfied && approvers.size >= required,
    rejected: rejections > 0,
    blockingGates: blocking,
    gatesSatisfied,
    canDecide,
    canApprove,
    canReject: canDecide,
  };
}

function decideVerdict(input: PolicyEvaluationInput, user: DecidingUser | null): Verdict {
  if (!user || !user.roles.includes('reviewer')) return no('forbidden', 'Only users holding the reviewer role approve or reject promotions.');
  if (input.status !== 'pending') return no('conflict', `This request is ${input.status}; only pending requests can be decided.`);
  if (user.id === input.requesterId) return no('forbidden', 'You requested this promotion: no one approves or rejects their own request (cancel it instead).');
  if (user.id === input.versionCreatorId) return no('forbidden', `You registered ${input.versionLabel}: separation of duties forbids you from deciding its promotion.`);
  const mine = input.decisions.find((d) => d.reviewerId === user.id);
  if (mine) return no('conflict', `You already ${mine.decision === 'approve' ? 'approved' : 'rejected'} this request; each reviewer decides once.`);
  return yes;
}

export interface RequestFacts {
  status: string;
  requesterId: string | null;
  overridden: boolean;
  blockingGates: readonly string[];
}

/** Only the requester cancels; a request made by an API token can be cancelled by an admin. */
export function cancelVerdict(facts: RequestFacts, user: DecidingUser | null): Verdict {
  if (!user) return no('forbidden', 'Sign in to cancel.');
  const mayCancel = facts.requesterId === user.id || (facts.requesterId === null && user.roles.includes('admin'));
  if (!mayCancel) return no('forbidden', facts.requesterId === null ? 'Only an admin cancels a request made by an API token.' : 'Only the requester can cancel this request.');
  if (facts.status !== 'pending') return no('conflict', `This request is ${facts.status}; only pending requests can be cancelled.`);
  return yes;
}

/**
 * An admin lets approvals proceed despite failing required gates, with a written reason. It
 * approves nothing by itself, and the requester cannot override their own request.
 */
export function overrideVerdict(facts: RequestFacts, user: DecidingUser | null): Verdict {
  if (!user || !user.roles.includes('admin')) return no('forbidden', 'Only admins override gates.');
  if (facts.status !== 'pending') return no('conflict', `This request is ${facts.status}; only pending requests can be overridden.`);
  if (facts.requesterId === user.id) return no('forbidden', 'You requested this promotion: another admin must override its gates.');
  if (facts.overridden) return no('conflict', 'The gates of this request are already overridden.');
  if (facts.blockingGates.length === 0) return no('conflict', 'No required gate is failing: there is nothing to override.');
  return yes;
}
