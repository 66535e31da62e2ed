import canonicalize from 'canonicalize';

/** RFC 8785 (JCS) canonical JSON: sorted keys, ECMAScript number form, no whitespace. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('Value cannot be canonicalized to JSON');
  return text;
}
