import type { Executor } from '@/db/client';
import { releases, type WebhookSource } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import type { Actor } from '@/server/auth/actor';
import { findVersionForRelease } from '@/server/registry/release-links';

export interface ReleaseToRecord {
  source: WebhookSource;
  kind: string;
  name: string | null;
  tag: string | null;
  gitSha: string | null;
  url: string | null;
  runUrl: string | null;
  version?: number | null;
}

/** Stores a release report and links it to its version if that already exists. */
export async function recordRelease(tx: Executor, actor: Actor, model: { id: string; name: string }, report: ReleaseToRecord) {
  const version = await findVersionForRelease(tx, model.id, report);
  const [release] = await tx
    .insert(releases)
    .values({
      modelId: model.id,
      versionId: version?.id ?? null,
      source: report.source,
      kind: report.kind,
      name: report.name,
      tag: report.tag,
      gitSha: report.gitSha,
      url: report.url,
      runUrl: report.runUrl,
    })
    .returning();
  await recordAudit(tx, actor, {
    action: 'release.reported',
    target: { type: 'release', id: release!.id, label: `${model.name} ${report.tag ?? report.gitSha?.slice(0, 10) ?? ''}`.trim() },
    after: { model: model.name, kind: report.kind, tag: report.tag, gitSha: report.gitSha, url: report.url, runUrl: report.runUrl, linkedVersion: version?.version ?? null },
  });
  return { release: release!, version };
}
