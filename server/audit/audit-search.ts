import type { AuditSearch } from './audit-schemas';

const KEYS = ['from', 'to', 'actor', 'action', 'targetType', 'targetId'] as const;

/** Only the filters that are set, in a fixed order: the form a signed manifest records. */
export function activeFilters(search: AuditSearch): AuditSearch {
  const active: AuditSearch = {};
  for (const key of KEYS) if (search[key]) active[key] = search[key];
  return active;
}

interface BodyFields {
  at?: unknown;
  action?: unknown;
  actor?: { label?: unknown };
  target?: { type?: unknown; id?: unknown };
}

/**
 * The audit search applied to a hashed body, as the offline verifier and the exporter count
 * matching events: the same rules as the page (actor: part of the label, any case; action:
 * exact, or a prefix when it ends in "."; target type and id: exact; from/to: inclusive).
 * Null when no filter is set, so callers can skip parsing bodies.
 */
export function bodyMatcher(search: AuditSearch): ((body: string) => boolean) | null {
  const f = activeFilters(search);
  if (Object.keys(f).length === 0) return null;
  const from = f.from ? Date.parse(f.from) : null;
  const to = f.to ? Date.parse(f.to) : null;
  const actor = f.actor?.toLowerCase();
  // Cheap necessary conditions on the text first: each filtered value appears in a matching
  // (canonical) body as it is JSON-escaped, so most bodies are rejected without parsing.
  const escaped = (text: string) => JSON.stringify(text).slice(1, -1);
  const needles = [f.action && (f.action.endsWith('.') ? `"action":"${escaped(f.action)}` : `"action":${JSON.stringify(f.action)}`), f.targetType && JSON.stringify(f.targetType), f.targetId && JSON.stringify(f.targetId)].filter(
    (n): n is string => Boolean(n),
  );
  const actorNeedle = actor === undefined ? null : escaped(actor);
  return (body) => {
    for (const needle of needles) if (!body.includes(needle)) return false;
    if (actorNeedle !== null && !body.toLowerCase().includes(actorNeedle)) return false;
    let doc: BodyFields;
    try {
      doc = JSON.parse(body) as BodyFields;
    } catch {
      return false;
    }
    if (from !== null || to !== null) {
      const at = typeof doc.at === 'string' ? Date.parse(doc.at) : NaN;
      if (Number.isNaN(at) || (from !== null && at < from) || (to !== null && at > to)) return false;
    }
    if (actor !== undefined && !(typeof doc.actor?.label === 'string' && doc.actor.label.toLowerCase().includes(actor))) return false;
    if (f.action !== undefined) {
      if (typeof doc.action !== 'string') return false;
      if (f.action.endsWith('.') ? !doc.action.startsWith(f.action) : doc.action !== f.action) return false;
    }
    if (f.targetType !== undefined && doc.target?.type !== f.targetType) return false;
    if (f.targetId !== undefined && doc.target?.id !== f.targetId) return false;
    return true;
  };
}
