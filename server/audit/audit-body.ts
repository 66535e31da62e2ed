import type { Actor } from '@/server/auth/actor';
import { canonicalJson } from './canonical-json';

/** What a service says about a change it made. */
export interface AuditEntry {
  action: string;
  target?: { type: string; id: string; label?: string };
  before?: unknown;
  after?: unknown;
  details?: Record<string, unknown>;
}

/**
 * Builds the canonical body that is hashed and stored verbatim. Time is a string so the
 * bytes never depend on how a database or driver renders timestamps.
 */
export function buildAuditBody(actor: Actor, entry: AuditEntry, at: Date = new Date()): string {
  const doc: Record<string, unknown> = {
    v: 1,
    at: at.toISOString(),
    action: entry.action,
    actor: { type: actor.type, id: actor.id, label: actor.label },
    context: { ip: actor.origin.ip, userAgent: actor.origin.userAgent },
  };
  if (entry.target) doc.target = entry.target;
  if (entry.before !== undefined) doc.before = entry.before;
  if (entry.after !== undefined) doc.after = entry.after;
  if (entry.details) doc.details = entry.details;
  // Round-trip drops undefined members so canonicalization never sees them.
  return canonicalJson(JSON.parse(JSON.stringify(doc)));
}
