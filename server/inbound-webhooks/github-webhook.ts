import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { registeredModels } from '@/db/schema';
import { systemActor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import { originFromHeaders } from '@/server/auth/request-origin';
import { claimDelivery, logDuplicate, logRejectedDelivery, settleDelivery } from './delivery-log';
import { countRefusal, type RefusalReason } from './refusal-counter';
import { parseGithubDelivery } from './github-events';
import { verifyGithubSignature } from './github-signature';
import { modelForRelease } from './model-for-release';
import { parseJsonBody, readRawBody } from '@/server/rest/raw-body';
import { recordRelease } from './record-release';
import { activeSecrets } from './webhook-secrets-service';

export interface WebhookAnswer {
  status: number;
  body: Record<string, unknown>;
}

const refuse = (status: number, code: string, message: string): WebhookAnswer => ({ status, body: { code, message } });

/**
 * A GitHub delivery: verified with X-Hub-Signature-256 against every active secret,
 * de-duplicated on X-GitHub-Delivery, acted on for published releases and successful
 * workflow runs. Every verified delivery is logged, whatever its fate; a request refused
 * before verification only counts (refusal-counter.ts).
 */
export async function handleGithubWebhook(database: Database, request: Request): Promise<WebhookAnswer> {
  const event = request.headers.get('x-github-event');
  const deliveryId = request.headers.get('x-github-delivery');
  const refuseUnverified = async (reason: RefusalReason, answer: WebhookAnswer) => {
    await countRefusal(database, 'github', reason);
    return answer;
  };
  const reject = async (answer: WebhookAnswer) => {
    await logRejectedDelivery(database, { source: 'github', deliveryId: null, event, verified: true, httpStatus: answer.status, detail: `${String(answer.body.message)}${deliveryId ? ` (delivery ${deliveryId})` : ''}` });
    return answer;
  };
  const raw = await readRawBody(request).catch((error: unknown) => error as AppError);
  if (raw instanceof AppError) return refuseUnverified('unreadable_body', refuse(raw.status, raw.code, raw.message));
  const secrets = await activeSecrets(database, 'github');
  if (secrets.length === 0) return refuseUnverified('no_secret_configured', refuse(401, 'unauthorized', 'No GitHub webhook secret is configured in Vigil (Administration → Webhooks).'));
  const signature = request.headers.get('x-hub-signature-256');
  if (!verifyGithubSignature(raw, signature, secrets)) {
    return refuseUnverified(signature ? 'bad_signature' : 'missing_signature', refuse(401, 'unauthorized', 'The X-Hub-Signature-256 signature does not match any active secret.'));
  }
  if (!deliveryId) return reject(refuse(400, 'bad_request', 'The X-GitHub-Delivery header is missing.'));
  let body: unknown;
  try {
    body = parseJsonBody(raw);
  } catch (error) {
    return reject(refuse(400, 'bad_request', (error as Error).message));
  }
  const outcome = parseGithubDelivery(event, body);
  const actor = { ...systemActor('github webhook'), origin: originFromHeaders(request.headers) };

  return database.transaction(async (tx) => {
    const claimed = await claimDelivery(tx, 'github', deliveryId, event);
    if (!claimed) {
      await logDuplicate(tx, 'github', deliveryId, event, 200);
      return { status: 200, body: { duplicate: true, message: `Delivery ${deliveryId} was already processed.` } };
    }
    const settle = async (answer: WebhookAnswer, outcomeName: 'accepted' | 'acknowledged' | 'ignored' | 'rejected', releaseId: string | null = null) => {
      await settleDelivery(tx, claimed, { outcome: outcomeName, httpStatus: answer.status, detail: String(answer.body.message ?? answer.body.reason ?? ''), releaseId });
      return answer;
    };
    if (outcome.action === 'ack') return settle({ status: 200, body: { message: outcome.reason } }, 'acknowledged');
    if (outcome.action === 'ignore') return settle({ status: 202, body: { ignored: true, message: outcome.reason } }, 'ignored');
    if (outcome.action === 'invalid') return settle(refuse(400, 'bad_request', outcome.reason), 'rejected');
    const report = outcome.report;
    const candidates = await tx
      .select({ id: registeredModels.id, name: registeredModels.name, repository: registeredModels.repository })
      .from(registeredModels)
      .where(sql`lower(${registeredModels.repository}) = lower(${report.repository})`);
    const choice = modelForRelease(report, candidates);
    if (!choice.model) return settle({ status: 202, body: { ignored: true, message: choice.reason } }, 'ignored');
    const { release, version } = await recordRelease(tx, actor, choice.model, { ...report, source: 'github' });
    const message = `Release recorded for ${choice.model.name}${version ? `, linked to v${version.version}` : '; it links to its version when that is pushed'}.`;
    return settle({ status: 200, body: { message, release: { id: release.id, model: choice.model.name, version: version?.version ?? null } } }, 'accepted', release.id);
  });
}
