import { z } from 'zod';
import { findTextProblem, textProblem, type TextKind } from './text-checks';

// The zod building blocks every input schema (tRPC inputs, REST bodies, query strings) is
// made of, so a value the database cannot store is refused at the edge with a 400 naming
// the field, never by PostgreSQL with a 500: text is well-formed Unicode without NUL (and
// without control characters where a line of text is expected), integers fit the int4
// columns they go to, numbers fit their real/double columns, dates lie in a range both
// JavaScript and PostgreSQL print the same way, and jsonb payloads hold only such text.
// Pure and client-safe.

export const INT4_MAX = 2_147_483_647;
export const INT4_MIN = -2_147_483_648;
/** Largest finite 4-byte float (PostgreSQL `real`). */
export const REAL_MAX = 3.4028234663852886e38;
/** Dates outside these years are typos or unit mistakes, and years 0 or past 9999 do not round-trip through ISO text. */
export const MIN_DATE = new Date('1900-01-01T00:00:00.000Z');
export const MAX_DATE = new Date('9999-12-31T23:59:59.999Z');

interface TextOptions {
  /** Trim surrounding whitespace before the length checks. */
  trim?: boolean;
}

function textOf(kind: TextKind, max: number, options: TextOptions) {
  const base = options.trim ? z.string().trim() : z.string();
  return base.max(max).superRefine((value, ctx) => {
    const problem = textProblem(value, kind);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** A name, id, label or search term: one line, no control characters. */
export function singleLineText(max: number, options: TextOptions = {}) {
  return textOf('single-line', max, options);
}

/** Free text (descriptions, comments, reasons): line breaks and tabs allowed, other control characters not. */
export function multilineText(max: number, options: TextOptions = {}) {
  return textOf('multiline', max, options);
}

/** Text taken as it is (passwords): only well-formed and without NUL. */
export function anyText(max: number) {
  return textOf('any', max, {});
}

/** An integer for an int4 column, at least `min` (default 1: versions, counts). */
export function int4(min = 1, max = INT4_MAX) {
  return z.number().int().min(Math.max(min, INT4_MIN)).max(Math.min(max, INT4_MAX));
}

/** The same from a query string or path segment ("3"). */
export function int4FromText(min = 1, max = INT4_MAX) {
  return z.coerce.number().int().min(Math.max(min, INT4_MIN)).max(Math.min(max, INT4_MAX));
}

/** Rows to skip before a page of a long list; bounded so a hostile offset cannot make the database walk millions of rows. */
export const MAX_LIST_OFFSET = 100_000;
export function listOffset() {
  return z.number().int().min(0).max(MAX_LIST_OFFSET).default(0);
}

/** The same from a query string ("50"), for REST lists. */
export function listOffsetFromText() {
  return z.coerce.number().int().min(0).max(MAX_LIST_OFFSET).default(0);
}

/** A page of a list that has no filter of its own: at most 500 rows, `offset` in. */
export const listWindowSchema = z.object({ limit: z.number().int().min(1).max(500).default(500), offset: listOffset() });
export type ListWindow = z.input<typeof listWindowSchema>;

/** Digits from a query string as the number they spell; anything else is left for the schema to refuse. */
function wholeNumberFromText(value: unknown): unknown {
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
}

/** listWindowSchema read from a query string (`?limit=50&offset=100`): the same bounds and defaults. */
export const listWindowQuerySchema = z.object({
  limit: z.preprocess(wholeNumberFromText, listWindowSchema.shape.limit),
  offset: z.preprocess(wholeNumberFromText, listWindowSchema.shape.offset),
});

/** A number for a `real` column: finite and within a 4-byte float's range (underflow to 0 refused too). */
export function realNumber() {
  return z.number().superRefine((value, ctx) => {
    const rounded = Math.fround(value);
    if (!Number.isFinite(rounded) || (rounded === 0 && value !== 0)) ctx.addIssue({ code: 'custom', message: `must fit a 4-byte float (|x| ≤ ${REAL_MAX.toExponential(4)}, not below 1.2e-38 in magnitude)` });
  });
}

/** A number for a `double precision` column or a jsonb number: finite (zod's number already refuses ±Infinity and NaN). */
export function doubleNumber() {
  return z.number();
}

const dateRangeMessage = `must lie between ${MIN_DATE.toISOString().slice(0, 10)} and ${MAX_DATE.toISOString().slice(0, 10)}`;

/** A Date (superjson carries real ones) in the sane range. */
export function dateInRange() {
  return z.date().min(MIN_DATE, dateRangeMessage).max(MAX_DATE, dateRangeMessage);
}

/** A Date from anything `new Date()` reads (ISO text, epoch ms), in the sane range. */
export function coercedDateInRange() {
  return z.coerce.date().min(MIN_DATE, dateRangeMessage).max(MAX_DATE, dateRangeMessage);
}

/** An ISO-8601 date-time with an explicit offset, in the sane range. */
export function isoDateTime() {
  return z.iso.datetime({ offset: true }).superRefine((value, ctx) => {
    const time = Date.parse(value);
    if (!(time >= MIN_DATE.getTime() && time <= MAX_DATE.getTime())) ctx.addIssue({ code: 'custom', message: dateRangeMessage });
  });
}

/**
 * Any JSON value bound for a jsonb column: finite numbers, and keys and strings at any depth
 * without NUL or lone surrogates (jsonb refuses `\u0000` and unpaired surrogate escapes).
 */
export function jsonValue() {
  // Typed `unknown` on input (callers pass parsed JSON files), JSON on output.
  return z.unknown().pipe(z.json()).superRefine((value, ctx) => {
    const found = findTextProblem(value);
    if (found) ctx.addIssue({ code: 'custom', path: found.path, message: found.message });
  });
}
