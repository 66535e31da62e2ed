// Before/after of an audit event as field-by-field changes, for the event detail. Pure.

export interface FieldChange {
  /** Dotted path, with [i] for array items: `roles[1]`, `thresholds.accuracy`. */
  path: string;
  before?: string;
  after?: string;
  kind: 'added' | 'removed' | 'changed';
}

// Compared as JSON (so "5" and 5 differ), shown as text (strings without quotes).
interface Leaf {
  json: string;
  text: string;
}

function leaves(value: unknown, path: string, into: Map<string, Leaf>) {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [`${path}[${i}]`, v] as const) : Object.entries(value).map(([k, v]) => [path ? `${path}.${k}` : k, v] as const);
    if (entries.length === 0) into.set(path || '(value)', { json: JSON.stringify(value), text: JSON.stringify(value) });
    for (const [p, v] of entries) leaves(v, p, into);
    return;
  }
  const json = JSON.stringify(value) ?? 'null';
  into.set(path || '(value)', { json, text: typeof value === 'string' ? value : json });
}

function flatten(value: unknown): Map<string, Leaf> {
  const into = new Map<string, Leaf>();
  if (value !== undefined) leaves(value, '', into);
  return into;
}

/** The fields that differ, in the order they first appear; `unchanged` counts the rest. */
export function diffFields(before: unknown, after: unknown): { changes: FieldChange[]; unchanged: number } {
  const a = flatten(before);
  const b = flatten(after);
  const changes: FieldChange[] = [];
  let unchanged = 0;
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    const was = a.get(path)?.text;
    const now = b.get(path)?.text;
    if (a.get(path)?.json === b.get(path)?.json) unchanged += 1;
    else if (was === undefined) changes.push({ path, after: now, kind: 'added' });
    else if (now === undefined) changes.push({ path, before: was, kind: 'removed' });
    else changes.push({ path, before: was, after: now, kind: 'changed' });
  }
  return { changes, unchanged };
}
