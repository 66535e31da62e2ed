// PostgreSQL array literals for set-based statements: a whole column travels as ONE text
// parameter (`$n::text[]`, unnested server-side), so a 10,000-row batch uses a handful of
// parameters — far below postgres.js's 65,534 — and one statement.

function quoted(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/** `{"a","b\"c",NULL}`: every element quoted, so 'NULL' or ',' inside a value stay text. */
export function textArrayLiteral(values: readonly (string | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) out += ',';
    out += value === null || value === undefined ? 'NULL' : quoted(value);
  }
  return `${out}}`;
}

/** Elements known to need no quoting (numbers, UUIDs, ISO timestamps, inner array literals quoted by the caller). */
export function plainArrayLiteral(values: readonly (string | number | null)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) out += ',';
    out += value === null || value === undefined ? 'NULL' : String(value);
  }
  return `${out}}`;
}

/** `{"{1,2,NULL}","{3,4,5}"}`: inner real[] literals as elements of a text[]. */
export function nestedArrayLiteral(inner: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < inner.length; i++) {
    if (i > 0) out += ',';
    out += `"${inner[i]}"`;
  }
  return `${out}}`;
}
