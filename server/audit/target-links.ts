import { eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { deployments, modelVersions, promotionRequests, registeredModels, shadowRuns } from '@/db/schema';
import type { Permission } from '@/server/rbac/permissions';
import type { AuditEventView } from './list-events';

/** Where the object an event touched can be seen, and what it takes to open that page. */
export interface TargetLink {
  href: string;
  text: string;
  permission: Permission;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function ids(events: AuditEventView[], type: string): string[] {
  return [...new Set(events.filter((e) => e.targetType === type && e.targetId && UUID.test(e.targetId)).map((e) => e.targetId!))];
}

const modelPath = (name: string) => `/models/${encodeURIComponent(name)}`;

/**
 * Links each event to the page of the object it touched, where such a page exists and the
 * object still does (ids are resolved in a few batched queries, never per event).
 */
export async function targetLinks(database: Database, events: AuditEventView[]): Promise<Map<number, TargetLink>> {
  const hrefs = new Map<string, TargetLink>();
  const key = (type: string, id: string) => `${type}:${id}`;

  const modelIds = ids(events, 'model');
  if (modelIds.length) {
    for (const m of await database.select({ id: registeredModels.id, name: registeredModels.name }).from(registeredModels).where(inArray(registeredModels.id, modelIds))) {
      hrefs.set(key('model', m.id), { href: modelPath(m.name), text: `Model ${m.name}`, permission: 'models:read' });
    }
  }
  const versionIds = ids(events, 'model_version');
  if (versionIds.length) {
    const rows = await database
      .select({ id: modelVersions.id, version: modelVersions.version, name: registeredModels.name })
      .from(modelVersions)
      .innerJoin(registeredModels, eq(registeredModels.id, modelVersions.modelId))
      .where(inArray(modelVersions.id, versionIds));
    for (const v of rows) hrefs.set(key('model_version', v.id), { href: `${modelPath(v.name)}/versions/${v.version}`, text: `${v.name} v${v.version}`, permission: 'models:read' });
  }
  const requestIds = ids(events, 'promotion_request');
  if (requestIds.length) {
    for (const r of await database.select({ id: promotionRequests.id }).from(promotionRequests).where(inArray(promotionRequests.id, requestIds))) {
      hrefs.set(key('promotion_request', r.id), { href: `/promotions/${r.id}`, text: 'Promotion request', permission: 'promotions:read' });
    }
  }
  const runIds = ids(events, 'shadow_run');
  if (runIds.length) {
    const rows = await database
      .select({ id: shadowRuns.id, name: registeredModels.name })
      .from(shadowRuns)
      .innerJoin(registeredModels, eq(registeredModels.id, shadowRuns.modelId))
      .where(inArray(shadowRuns.id, runIds));
    for (const r of rows) hrefs.set(key('shadow_run', r.id), { href: `${modelPath(r.name)}/shadow/${r.id}`, text: 'Shadow run', permission: 'models:read' });
  }
  const deploymentIds = ids(events, 'deployment');
  if (deploymentIds.length) {
    const rows = await database
      .select({ id: deployments.id, name: registeredModels.name })
      .from(deployments)
      .innerJoin(registeredModels, eq(registeredModels.id, deployments.modelId))
      .where(inArray(deployments.id, deploymentIds));
    for (const d of rows) hrefs.set(key('deployment', d.id), { href: `${modelPath(d.name)}/deployments`, text: `Deployments of ${d.name}`, permission: 'models:read' });
  }

  const links = new Map<number, TargetLink>();
  for (const event of events) {
    if (!event.targetType || !event.targetId) continue;
    if (event.targetType === 'user') links.set(event.seq, { href: '/admin/users', text: 'Users', permission: 'users:read' });
    else if (event.targetType === 'api_token') links.set(event.seq, { href: '/admin/tokens', text: 'API tokens', permission: 'api-tokens:read' });
    else {
      const link = hrefs.get(key(event.targetType, event.targetId));
      if (link) links.set(event.seq, link);
    }
  }
  return links;
}
