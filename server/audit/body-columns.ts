/** An audit row's search columns beside the body they were derived from. */
export interface DerivedColumns {
  body: string;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
}

// PostgreSQL's `->>`: strings as they are, other scalars as their JSON text, null when absent.
function asText(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined; // an object: audit_append's rendering is not reproduced, so not judged
}

/**
 * Names the first column that differs from what audit_append() derived from the (hashed)
 * body, or null. The columns are not hashed, so without this check an edited actor_label
 * would pass verification while changing what a search shows.
 */
export function columnMismatch(row: DerivedColumns): string | null {
  let doc: { at?: unknown; action?: unknown; actor?: Record<string, unknown>; target?: Record<string, unknown> };
  try {
    doc = JSON.parse(row.body) as typeof doc;
  } catch {
    return 'body';
  }
  if (typeof doc.at !== 'string' || Date.parse(doc.at) !== row.occurredAt.getTime()) return 'occurred_at';
  const expected: [string, unknown, string | null][] = [
    ['actor_type', doc.actor?.type, row.actorType],
    ['actor_id', doc.actor?.id, row.actorId],
    ['actor_label', doc.actor?.label, row.actorLabel],
    ['action', doc.action, row.action],
    ['target_type', doc.target?.type, row.targetType],
    ['target_id', doc.target?.id, row.targetId],
  ];
  for (const [column, fromBody, stored] of expected) {
    const derived = asText(fromBody);
    if (derived !== undefined && derived !== stored) return column;
  }
  return null;
}
