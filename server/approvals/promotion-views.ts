import type { PromotionStatus } from '@/db/schema/approvals';
import type { ShadowSummary } from '@/server/shadow/shadow-summary';
import type { MetricDirection } from '@/server/statistics/metric-directions';
import type { EvaluatedGate, ShadowEvidence } from './gates/gate-types';
import type { PolicySnapshot, RequestKind, Verdict } from './promotion-policy';

// The shapes the approvals routers return; the review page, inbox, timeline and policy admin
// are built on them. Dates are Date objects (superjson carries them to the browser).

export interface PersonRef {
  /** The user's id; null when a machine (API token, system) acted. */
  id: string | null;
  /** E-mail of a user, `token:<name>` of an API token. */
  label: string;
  name: string | null;
  kind: 'user' | 'token' | 'system';
}

export interface VersionView {
  id: string;
  version: number;
  status: string;
  statusReason: string | null;
  description: string;
  artifactSha256: string;
  artifactSize: number;
  gitSha: string | null;
  repository: string | null;
  ciRunUrl: string | null;
  releaseTag: string | null;
  datasetName: string | null;
  datasetHash: string | null;
  hyperparameters: Record<string, unknown>;
  metrics: Record<string, number>;
  createdBy: PersonRef;
  createdAt: Date;
  /** Portal path of the version page. */
  url: string;
}

export interface MetricDiffRow {
  name: string;
  candidate: number | null;
  serving: number | null;
  /** candidate − serving. */
  delta: number | null;
  /** Which side is better, given the metric's direction (null when unknown, equal, or neither way is better). */
  better: 'candidate' | 'serving' | null;
  direction: MetricDirection;
}

export interface DecisionView {
  id: string;
  reviewer: PersonRef;
  decision: 'approve' | 'reject';
  comment: string;
  createdAt: Date;
  /** Gate results exactly as they stood when the decision was made. */
  evidence: EvaluatedGate[];
}

export interface DeploymentView {
  id: string;
  model: string;
  environment: string;
  version: number;
  versionId: string;
  artifactSha256: string;
  previousVersion: number | null;
  kind: 'promotion' | 'rollback' | 'emergency_rollback';
  /** The emergency rollback's reason. */
  reason: string | null;
  requestId: string | null;
  requestedBy: string | null;
  deployedBy: string;
  approvedBy: string[];
  createdAt: Date;
  /** When the next deployment of this environment replaced it; null while it serves. */
  replacedAt: Date | null;
  /** The version the replacing deployment brought; null while it serves. */
  replacedByVersion: number | null;
  current: boolean;
}

export interface AliasView {
  model: string;
  environment: string;
  version: number;
  versionId: string;
  artifactSha256: string;
  deployedAt: Date;
  deploymentId: string;
}

export interface OverrideView {
  reason: string;
  by: string;
  at: Date;
}

export interface ApprovalTally {
  approvals: number;
  rejections: number;
  required: number;
  missing: number;
}

/** For the current user; `reason` explains a refusal (the server refuses regardless). */
export interface ViewerPermissions {
  canDecide: Verdict;
  canApprove: Verdict;
  canReject: Verdict;
  canOverride: Verdict;
  canCancel: Verdict;
  myDecision: 'approve' | 'reject' | null;
}

/** A request in lists and the inbox. */
export interface PromotionSummary {
  id: string;
  model: string;
  version: number;
  environment: string;
  kind: RequestKind;
  status: PromotionStatus;
  justification: string;
  requestedBy: PersonRef;
  createdAt: Date;
  expiresAt: Date;
  closedAt: Date | null;
  closedReason: string | null;
  tally: ApprovalTally;
  blockingGates: string[];
  overridden: boolean;
  /** Portal path of the review page. */
  url: string;
}

export interface AlertView {
  id: string;
  kind: string;
  severity: 'warning' | 'critical';
  message: string;
  value: number | null;
  openedAt: Date;
}

export interface DriftStatus {
  /** The latest drift report of the model, if any. */
  latest: { id: string; windowFrom: Date; windowTo: Date; datasetDrift: boolean; driftShare: number; currentRows: number; createdAt: Date } | null;
  openAlerts: AlertView[];
  link: string;
}

/** Everything a reviewer needs on one page. */
export interface PromotionReview extends PromotionSummary {
  modelInfo: { id: string; name: string; description: string; taskType: string; tags: string[]; owner: string | null; protectedAttributes: string[] };
  candidate: VersionView;
  /** The version serving the target environment now (what the candidate replaces). */
  serving: (VersionView & { deployedAt: Date; deploymentId: string }) | null;
  metricDiff: MetricDiffRow[];
  policy: PolicySnapshot;
  fixedRules: readonly string[];
  gates: EvaluatedGate[];
  /** When the gates shown were evaluated (live for pending requests). */
  gatesEvaluatedAt: Date;
  gatesSatisfied: boolean;
  override: OverrideView | null;
  /** What the shadow gate read from the latest completed run of the candidate. */
  shadow: ShadowEvidence | null;
  /** That run in full, for charts (score-delta histogram, latency, slices); null without one. */
  shadowRun: { id: string; createdAt: Date; finishedAt: Date | null; windowFrom: Date | null; windowTo: Date | null; totalEvents: number | null; summary: ShadowSummary | null } | null;
  drift: DriftStatus;
  card: { revision: number; content: Record<string, string>; editedBy: string; editedAt: Date } | null;
  decisions: DecisionView[];
  deployment: DeploymentView | null;
  /** The newer request that superseded this one. */
  supersededBy: { id: string; version: number } | null;
  viewer: ViewerPermissions;
  links: { version: string; monitoring: string; timeline: string; audit: string };
}

export interface PolicyView extends PolicySnapshot {
  model: string | null;
}

export interface InboxItem {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
}

export interface TimelineEnvironment {
  environment: string;
  current: AliasView | null;
  /** Deployments to this environment in all (they page through `promotions.deployments`). */
  deploymentCount: number;
  pending: PromotionSummary | null;
}
