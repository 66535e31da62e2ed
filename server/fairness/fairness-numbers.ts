// How undefined and infinite values travel through the fairness core and its report.
//
// Inside the computation (group rates, disparities, entropy indices) a value is
// `number | null`: null where the reference libraries give NaN (0/0: a rate with an empty
// denominator, a difference involving one), and ±Infinity kept as a JavaScript number where
// they give ±inf (x/0 with x > 0: an AIF360 ratio whose privileged value is 0, or a
// generalized entropy index with alpha ≤ 0 when some benefit is 0).
//
// JSON has no Infinity (JSON.stringify writes null, silently merging "infinite" into
// "undefined"), so the report — the JSON the service stores and the API returns — carries
// the fields that can be infinite as an ExtendedNumber: a finite number, null for NaN, or
// the string 'Infinity' / '-Infinity'. Fields that cannot be infinite stay `number | null`.
// The fixtures use the same encoding.

export type ExtendedNumber = number | null | 'Infinity' | '-Infinity';

/** NaN (and null) → null; ±Infinity → 'Infinity' / '-Infinity'; a finite number as it is. */
export function encodeExtended(value: number | null): ExtendedNumber {
  if (value === null || Number.isNaN(value)) return null;
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  return value;
}

/** The inverse of encodeExtended, with NaN for null (for arithmetic on stored reports). */
export function decodeExtended(value: ExtendedNumber): number {
  if (value === null) return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  return value;
}

/** NaN → null: the core's own representation of an undefined value. */
export function nanToNull(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

/** A finite-or-null value for fields that cannot be infinite. */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
