import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { modelVersions, registeredModels, users } from '@/db/schema';
import { systemActor, type Actor } from '@/server/auth/actor';
import { approvePromotion } from '@/server/approvals/decisions-service';
import { savePolicy } from '@/server/approvals/policies-service';
import { defaultPolicy } from '@/server/approvals/promotion-policy';
import { createPromotionRequest, overridePromotionGates } from '@/server/approvals/requests-service';
import { createUser } from '@/server/users/users-service';
import { findUserById } from '@/server/users/user-queries';
import { onnxValidationTask } from '@/workers/tasks/onnx-validation';
import { DEMO_USERS } from './demo-users';

/**
 * Production needs two distinct reviewers, so the demo has a second one. Created here when
 * missing (by e-mail), so adding it to DEMO_USERS later changes nothing.
 */
export const DEMO_SECOND_REVIEWER = { role: 'reviewer' as const, email: 'reviewer2@vigil.local', name: 'Rob Reviewer', password: 'vigil-demo-reviewer2' };

const MODEL = 'credit-risk';
const DEMO_FAIRNESS_GATE = { required: true, disparateImpactMin: 0.8, disparateImpactMax: 1.25, maxEqualizedOddsDifference: 0.2, insignificantViolations: 'warn' } as const;

async function userActor(database: Database, email: string): Promise<Actor> {
  const [row] = await database.select({ id: users.id }).from(users).where(eq(users.email, email));
  const user = row ? await findUserById(database, row.id) : null;
  if (!user) throw new Error(`Demo user ${email} is missing: seed the demo users first.`);
  return { type: 'user', id: user.id, label: user.email, roles: user.roles, origin: { ip: null, userAgent: 'demo seed' } };
}

const emailOf = (role: string) => DEMO_USERS.find((u) => u.role === role)!.email;

/** Versions are validated by the worker; the seed validates those it requests promotions for right away. */
async function ensureValidated(database: Database, version: number, model = MODEL): Promise<void> {
  const [row] = await database
    .select({ id: modelVersions.id, status: modelVersions.status })
    .from(modelVersions)
    .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
    .where(and(eq(registeredModels.name, model), eq(modelVersions.version, version)));
  if (!row) throw new Error(`${model} v${version} is missing: seed the demo registry first.`);
  if (row.status === 'registered') await onnxValidationTask(database, { versionId: row.id });
}

/**
 * Production rules for the regression and multiclass models: training metrics their task
 * reports (no AUC), and for the risk grades a lower agreement bar — a better grader moves many
 * applicants to a neighbouring grade, and its accuracy, not agreement, is what must not drop.
 */
const TASK_POLICIES = {
  'credit-limit': { training_metrics: { required: true, thresholds: { r2: { min: 0.6 }, mae: { max: 6 } } } },
  'risk-grade': {
    training_metrics: { required: true, thresholds: { accuracy: { min: 0.5 } } },
    shadow_run: { required: true, minEvents: 500, minAgreement: 0.5, alpha: 0.05, requireLabels: false, requireForFirstDeployment: false },
  },
} as const;

/**
 * Approvals demo, through the same services the portal uses (so every step is audited):
 * default policies (staging 1 approval, production 2), and for credit-risk a required fairness
 * gate; credit-risk v1 deployed to staging and to production through approved requests with
 * the reviewers' decisions; a pending production request for v2 by the maintainer, waiting for
 * review; and a pending staging request for v3, which its fairness report blocks.
 */
export async function seedDemoApprovals(database: Database): Promise<void> {
  const seed = systemActor('demo seed');
  const [existing] = await database.select({ id: users.id }).from(users).where(eq(users.email, DEMO_SECOND_REVIEWER.email));
  if (!existing) {
    const { role, ...rest } = DEMO_SECOND_REVIEWER;
    await createUser(database, seed, { ...rest, roles: [role] });
  }
  for (const environment of ['staging', 'production']) {
    const policy = defaultPolicy(environment);
    // The risk team accepts equalized-odds gaps up to 0.2 (default rates differ by age band),
    // and requires a fairness report before any credit-risk release.
    await savePolicy(database, seed, { environment, model: null, ...policy });
    await savePolicy(database, seed, { environment, model: MODEL, ...policy, gates: { ...policy.gates, fairness: DEMO_FAIRNESS_GATE } });
  }
  for (const version of [1, 2, 3]) await ensureValidated(database, version);

  const maintainer = await userActor(database, emailOf('maintainer'));
  const reviewer = await userActor(database, emailOf('reviewer'));
  const reviewer2 = await userActor(database, DEMO_SECOND_REVIEWER.email);
  const admin = await userActor(database, emailOf('admin'));

  const promote = async (environment: string, justification: string, approvals: { by: Actor; comment: string }[]) => {
    const { request } = await createPromotionRequest(database, maintainer, { model: MODEL, version: 1, environment, justification });
    if (request.blockingGates.length > 0) {
      // E.g. a drift alert opened by the seeded traffic, or v1's fairness report: the first deployment predates both.
      await overridePromotionGates(database, admin, { id: request.id, reason: `Demo seed: the first ${environment} deployment of v1 predates the monitoring and fairness evidence shown here.` });
    }
    for (const { by, comment } of approvals.slice(0, request.tally.required)) await approvePromotion(database, by, { id: request.id, comment });
  };
  await seedTaskPromotions(database, { maintainer, reviewers: [reviewer, reviewer2], admin });
  await promote('staging', 'First release of the logistic baseline; validated in CI on the held-out split.', [{ by: reviewer, comment: 'Lineage and metrics check out for staging.' }]);
  await promote('production', 'Staging looked healthy for a week; AUC 0.76 on the held-out split.', [
    { by: reviewer, comment: 'AUC above the 0.75 bar; model card reviewed.' },
    { by: reviewer2, comment: 'Agree; recall is low at 0.5 but the model only routes to manual review.' },
  ]);
  await createPromotionRequest(database, maintainer, {
    model: MODEL,
    version: 2,
    environment: 'production',
    justification: 'v2 trains longer with weaker regularisation on true outcomes: better calibrated (log loss 0.36 vs 0.54), AUC 0.78, and it no longer over-rejects applicants under 30.',
  });
  // The challenger retrained on the legacy history: better metrics than v1, and the fairness gate stops it.
  await createPromotionRequest(database, maintainer, {
    model: MODEL,
    version: 3,
    environment: 'staging',
    justification: 'v3 retrains on the full legacy scorecard history: log loss 0.40 vs v1\'s 0.54, AUC 0.77.',
  });
}

/**
 * credit-limit (regression) and risk-grade (multiclass): v1 serving production through an
 * approved request, and a pending production request for v2, whose shadow gate judges the
 * candidate's run once the worker has replayed it (MAE for the regressor, accuracy and
 * agreement for the grader).
 */
async function seedTaskPromotions(database: Database, people: { maintainer: Actor; reviewers: Actor[]; admin: Actor }): Promise<void> {
  const seed = systemActor('demo seed');
  const production = defaultPolicy('production');
  const justification = {
    'credit-limit': 'v2 trains to convergence: MAE 2.9 vs 5.1 thousand and R² 0.89 vs 0.66 on the held-out split; the shadow run compares both on last week’s applicants.',
    'risk-grade': 'v2 trains to convergence: accuracy 72 % vs 54 % and macro F1 0.71 vs 0.38 on the held-out split.',
  } as const;
  for (const [model, gates] of Object.entries(TASK_POLICIES) as [keyof typeof TASK_POLICIES, (typeof TASK_POLICIES)[keyof typeof TASK_POLICIES]][]) {
    const [registered] = await database.select({ id: registeredModels.id }).from(registeredModels).where(eq(registeredModels.name, model));
    if (!registered) continue;
    await savePolicy(database, seed, { environment: 'production', model, ...production, gates: { ...production.gates, ...gates } });
    for (const version of [1, 2]) await ensureValidated(database, version, model);
    const { request } = await createPromotionRequest(database, people.maintainer, { model, version: 1, environment: 'production', justification: 'First release; validated in CI on the held-out split.' });
    if (request.blockingGates.length > 0) {
      await overridePromotionGates(database, people.admin, { id: request.id, reason: 'Demo seed: the first production deployment of v1 predates the evidence shown here.' });
    }
    for (const by of people.reviewers.slice(0, request.tally.required)) await approvePromotion(database, by, { id: request.id, comment: 'Metrics and lineage check out.' });
    await createPromotionRequest(database, people.maintainer, { model, version: 2, environment: 'production', justification: justification[model] });
  }
}
