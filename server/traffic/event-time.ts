// Event times: ISO-8601 / RFC 3339 date-times with an explicit offset, kept to the
// millisecond (finer digits are truncated) so a keyset cursor built from a JavaScript
// Date addresses a stored row exactly.

const ISO_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|z|[+-]\d{2}:\d{2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  if (month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1]!;
}

/** `YYYY-MM-DDTHH:MM:SS.sssZ` (what Date#toISOString writes, so what most clients send), without a regex. */
const CANONICAL_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];
// Positions and codes of - - T : : . Z
const CANONICAL_SEPARATORS: [number, number][] = [[4, 45], [7, 45], [10, 84], [13, 58], [16, 58], [19, 46], [23, 90]];

/**
 * parseEventTime of the 24 bytes at `at` when they are the canonical form, else NaN (then
 * they are not, or name no real date). Byte-level, for the ingestion scanner; strings of
 * that form are copied into a byte scratch to come here too.
 */
export function parseCanonicalEventTime(b: Uint8Array, at: number): number {
  for (let k = 0; k < CANONICAL_DIGITS.length; k++) {
    const c = b[at + CANONICAL_DIGITS[k]!]!;
    if (c < 48 || c > 57) return Number.NaN;
  }
  for (let k = 0; k < CANONICAL_SEPARATORS.length; k++) if (b[at + CANONICAL_SEPARATORS[k]![0]] !== CANONICAL_SEPARATORS[k]![1]) return Number.NaN;
  // Each pair of digits: 10 × first + second, with the '0' offsets (48 × 11 = 528) taken off once.
  const year = (b[at]! * 10 + b[at + 1]! - 528) * 100 + b[at + 2]! * 10 + b[at + 3]! - 528;
  const month = b[at + 5]! * 10 + b[at + 6]! - 528;
  const day = b[at + 8]! * 10 + b[at + 9]! - 528;
  const hour = b[at + 11]! * 10 + b[at + 12]! - 528;
  const minute = b[at + 14]! * 10 + b[at + 15]! - 528;
  const second = b[at + 17]! * 10 + b[at + 18]! - 528;
  const millis = b[at + 20]! * 100 + b[at + 21]! * 10 + b[at + 22]! - 5328;
  if (hour > 23 || minute > 59 || second > 59) return Number.NaN;
  const date = (year * 100 + month) * 100 + day;
  if (date !== lastDate) {
    if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return Number.NaN;
    lastDate = date;
    lastDayMs = Date.UTC(year, month - 1, day);
  }
  return lastDayMs + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
}

// The last valid date parsed and its midnight: a batch's events mostly share a day, and
// Date.UTC is a runtime call.
let lastDate = -1;
let lastDayMs = 0;

const scratch = new Uint8Array(24);

function parseCanonicalText(text: string): number {
  for (let i = 0; i < 24; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) return Number.NaN;
    scratch[i] = c;
  }
  return parseCanonicalEventTime(scratch, 0);
}

/** Epoch milliseconds of an ISO-8601 date-time with offset, or NaN when it is not one (or not a real date). */
export function parseEventTime(text: string): number {
  if (text.length === 24 && text.charCodeAt(23) === 90) {
    const canonical = parseCanonicalText(text);
    // Not canonical (a space for the T, say): the general form below decides.
    if (!Number.isNaN(canonical)) return canonical;
  }
  const m = ISO_WITH_OFFSET.exec(text);
  if (!m) return Number.NaN;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return Number.NaN;
  const millis = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  let offsetMinutes = 0;
  const zone = m[8]!;
  if (zone !== 'Z' && zone !== 'z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return Number.NaN;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}
