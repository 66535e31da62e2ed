import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { registeredModels } from '@/db/schema';
import { systemActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { originFromHeaders } from '@/server/auth/request-origin';
import { ciReleaseReportSchema, toCiReleaseReport } from './ci-release-report';
import { claimDelivery, logDuplicate, logRejectedDelivery, settleDelivery } from './delivery-log';
import { countRefusal, type RefusalReason } from './refusal-counter';
import type { WebhookAnswer } from './github-webhook';
import { parseJsonBody, readRawBody } from '@/server/rest/raw-body';
import { describeIssues } from './release-report';
import { recordRelease } from './record-release';
import { verifyStandardWebhook } from './standard-webhooks';
import { activeSecrets } from './webhook-secrets-service';

const refuse = (status: number, code: string, message: string, details?: unknown): WebhookAnswer => ({ status, body: details ? { code, message, details } : { code, message } });

/**
 * A release report from any CI, signed per Standard Webhooks: stale timestamps and bad
 * signatures are refused (401), a replayed webhook-id is a conflict (409) with no effect.
 */
export async function handleCiWebhook(database: Database, request: Request): Promise<WebhookAnswer> {
  // Logged only once the signature checks out; before that a refusal just counts.
  const refuseUnverified = async (reason: RefusalReason, answer: WebhookAnswer) => {
    await countRefusal(database, 'ci', reason);
    return answer;
  };
  const reject = async (answer: WebhookAnswer) => {
    await logRejectedDelivery(database, { source: 'ci', deliveryId: null, event: 'release', verified: true, httpStatus: answer.status, detail: String(answer.body.message) });
    return answer;
  };
  const raw = await readRawBody(request).catch((error: unknown) => error as AppError);
  if (raw instanceof AppError) return refuseUnverified('unreadable_body', refuse(raw.status, raw.code, raw.message));
  const secrets = await activeSecrets(database, 'ci');
  if (secrets.length === 0) return refuseUnverified('no_secret_configured', refuse(401, 'unauthorized', 'No CI webhook secret is configured in Vigil (Administration → Webhooks).'));
  const verification = verifyStandardWebhook(request.headers, raw, secrets);
  if (!verification.ok) {
    const reason = verification.reason === 'missing_headers' ? 'missing_signature' : verification.reason;
    return refuseUnverified(reason, refuse(401, verification.reason === 'stale_timestamp' ? 'stale_timestamp' : 'unauthorized', verification.message));
  }
  let parsed;
  try {
    parsed = ciReleaseReportSchema.safeParse(parseJsonBody(raw));
  } catch (error) {
    return reject(refuse(400, 'bad_request', (error as Error).message));
  }
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return reject(refuse(400, 'bad_request', `The release report is invalid: ${describeIssues(parsed.error)}`, details));
  }
  const report = toCiReleaseReport(parsed.data);
  const [model] = await database.select({ id: registeredModels.id, name: registeredModels.name }).from(registeredModels).where(eq(registeredModels.name, report.model));
  if (!model) return reject(refuse(404, 'not_found', `No model named '${report.model}'.`));
  const actor = { ...systemActor('ci webhook'), origin: originFromHeaders(request.headers) };

  return database.transaction(async (tx) => {
    const claimed = await claimDelivery(tx, 'ci', verification.id, 'release');
    if (!claimed) {
      await logDuplicate(tx, 'ci', verification.id, 'release', 409);
      return refuse(409, 'conflict', `Delivery ${verification.id} was already processed; a replay has no effect.`);
    }
    const { release, version } = await recordRelease(tx, actor, model, { ...report, source: 'ci' });
    const message = `Release recorded for ${model.name}${version ? `, linked to v${version.version}` : '; it links to its version when that is pushed'}.`;
    await settleDelivery(tx, claimed, { outcome: 'accepted', httpStatus: 201, detail: message, releaseId: release.id });
    return { status: 201, body: { message, release: { id: release.id, model: model.name, version: version?.version ?? null } } };
  });
}
