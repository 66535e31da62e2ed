import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { z } from 'zod';
import type { Database } from '@/db/client';

// Generated input for the edge fuzz suites (server/trpc and server/rest *-fuzz tests): values
// shaped by each operation's own zod schema (so most of them get past parsing and reach the
// services and the database), then with one value somewhere replaced by something hostile —
// the attack run's cases and their relatives. New procedures and endpoints are covered by
// deriving from their schemas; nothing here names one.

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  minItems?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
};

/** What the attack run sent, and its relatives: every one must be refused with a 4xx or stored correctly, never a 5xx. */
export const HOSTILE_VALUES: readonly unknown[] = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '\udc00\ud800',
  '\u001b[31m',
  'line\nbreak',
  '',
  ' ',
  'x'.repeat(5000),
  "'; drop table users; --",
  '../../etc/passwd',
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  'NaN',
  '1e999',
  2_147_483_648,
  -2_147_483_649,
  2 ** 53,
  1e308,
  -1e308,
  1e-320,
  0,
  -1,
  0.5,
  true,
  null,
  [],
  ['\u0000'],
  {},
  { '\ud800': 1 },
  { nested: { deeper: ['\u0000'] } },
];

/** Hostile values that only superjson can carry (tRPC): dates no database stores. */
export const HOSTILE_DATES: readonly Date[] = [new Date('0000-01-01T00:00:00Z'), new Date(8.64e15), new Date(-8.64e15), new Date(Number.NaN)];

export interface SchemaHints {
  /** Values to prefer for strings that must look like a model slug (an existing model reaches deeper). */
  modelNames?: readonly string[];
  /** Values to prefer for integers (existing version numbers). */
  integers?: readonly number[];
}

const SLUG = '^[a-z0-9]+(?:-[a-z0-9]+)*$';

/** The JSON Schema of a zod input schema, with dates marked so the generator makes Dates. */
export function inputJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      const type = (ctx.zodSchema as { _zod: { def: { type: string } } })._zod.def.type;
      if (type === 'date') (ctx.jsonSchema as JsonSchema).format = 'x-date';
    },
  }) as JsonSchema;
}

function stringArbitrary(schema: JsonSchema, hints: SchemaHints): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 40, Math.max(min, 40));
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'date':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'email':
      return fc.emailAddress();
    case 'uri':
      return fc.webUrl();
  }
  if (schema.pattern === SLUG && hints.modelNames?.length) return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...hints.modelNames) }, { weight: 1, arbitrary: fc.stringMatching(new RegExp(SLUG)).filter((s) => s.length >= 2 && s.length <= 64) });
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length >= min && s.length <= (schema.maxLength ?? Infinity));
  return fc.string({ minLength: min, maxLength: max, unit: 'grapheme' });
}

function numberArbitrary(schema: JsonSchema, integer: boolean, hints: SchemaHints): fc.Arbitrary<number> {
  const low = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + (integer ? 1 : Number.EPSILON) : -1e6);
  const high = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - (integer ? 1 : Number.EPSILON) : 1e6);
  if (integer) {
    const from = Math.max(low, Number.MIN_SAFE_INTEGER);
    const to = Math.min(high, Number.MAX_SAFE_INTEGER);
    const near = (hints.integers ?? []).filter((n) => n >= from && n <= to);
    const range = fc.integer({ min: Math.max(from, -1e9), max: Math.min(to, 1e9) });
    return near.length ? fc.oneof(fc.constantFrom(...near), range) : range;
  }
  return fc.double({ min: Math.max(low, -1e12), max: Math.min(high, 1e12), noNaN: true, noDefaultInfinity: true });
}

/** Values shaped like `schema` (mostly valid for it). Recursion through $ref is cut off at a small depth. */
export function arbitraryFor(schema: JsonSchema, hints: SchemaHints = {}, root: JsonSchema = schema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  const next = (s: JsonSchema) => arbitraryFor(s, hints, root, depth + 1);
  if (schema.$ref) {
    const name = schema.$ref.replace('#/$defs/', '');
    const target = root.$defs?.[name];
    return target && depth < 4 ? next(target) : fc.jsonValue({ maxDepth: 1 });
  }
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices?.length) return fc.oneof(...choices.map(next));
  if (schema.allOf?.length) return next(schema.allOf[0]!);
  if (schema.format === 'x-date') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true });
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringArbitrary(schema, hints);
    case 'integer':
      return numberArbitrary(schema, true, hints);
    case 'number':
      return numberArbitrary(schema, false, hints);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (schema.prefixItems) return fc.tuple(...schema.prefixItems.map(next));
      const minLength = schema.minItems ?? 0;
      return fc.array(schema.items ? next(schema.items) : fc.jsonValue({ maxDepth: 1 }), { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 4, 4)) });
    }
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const entries = Object.entries(properties);
      if (entries.length === 0) {
        const values = typeof schema.additionalProperties === 'object' ? next(schema.additionalProperties) : fc.jsonValue({ maxDepth: 1 });
        return fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), values, { maxKeys: 4 });
      }
      const shape = Object.fromEntries(entries.map(([key, value]) => [key, next(value)]));
      return fc.record(shape, { requiredKeys: entries.map(([key]) => key).filter((key) => required.has(key)) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

type Path = (string | number)[];

function pathsOf(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...path, i], out));
  else if (value && typeof value === 'object' && !(value instanceof Date)) for (const [key, item] of Object.entries(value)) pathsOf(item, [...path, key], out);
  return out;
}

function replaceAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, i) => (i === head ? replaceAt(item, rest, replacement) : item));
  const object = value as Record<string, unknown>;
  return { ...object, [head!]: replaceAt(object[head as string], rest, replacement) };
}

function valueAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value);
}

/** A replacement of the same kind as `original` (so the schema's type check passes and the value reaches further), sometimes of any kind. */
function hostileFor(original: unknown, pool: readonly unknown[], pick: number): unknown {
  const sameKind = pool.filter((v) => (original instanceof Date ? v instanceof Date : typeof v === typeof original && !(v instanceof Date) && Array.isArray(v) === Array.isArray(original)));
  const from = pick % 4 !== 0 && sameKind.length ? sameKind : pool;
  return from[Math.floor(pick / 4) % from.length];
}

/**
 * Inputs for one operation: well-shaped ones, well-shaped ones with one value replaced by a
 * hostile one of the same kind (or an added key), and arbitrary JSON.
 */
export function fuzzInputs(schema: JsonSchema, options: { hints?: SchemaHints; hostile?: readonly unknown[] } = {}): fc.Arbitrary<unknown> {
  const hostile = options.hostile ?? HOSTILE_VALUES;
  const shaped = arbitraryFor(schema, options.hints);
  const mutated = fc.tuple(shaped, fc.nat(), fc.nat(), fc.nat({ max: 9 })).map(([value, at, pick, addKey]) => {
    const paths = pathsOf(value);
    // Leaves first: replacing a whole object mostly tests the schema's type check, which never failed.
    const leaves = paths.filter((p) => {
      const leaf = valueAt(value, p);
      return leaf === null || typeof leaf !== 'object' || leaf instanceof Date;
    });
    const path = (leaves.length ? leaves : paths)[at % (leaves.length || paths.length)]!;
    const replacement = hostileFor(valueAt(value, path), hostile, pick);
    if (addKey === 0 && value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
      const key = typeof replacement === 'string' && replacement.length > 0 && replacement.length < 40 ? replacement : 'extra';
      return { ...(value as object), [key]: replacement };
    }
    return replaceAt(value, path, replacement);
  });
  return fc.oneof({ weight: 2, arbitrary: shaped }, { weight: 6, arbitrary: mutated }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) });
}

/** Row counts of every table of the application (partitions counted in their parent), to prove a refusal stored nothing. */
export async function tableCounts(database: Database, except: readonly string[] = []): Promise<Record<string, number>> {
  const tables = await database.execute<{ name: string }>(sql`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by 1`);
  const names = tables.map((t) => t.name).filter((name) => !except.includes(name));
  const rows = await database.execute<Record<string, number>>(sql.raw(`select ${names.map((name) => `(select count(*)::int from "${name}") as "${name}"`).join(', ')}`));
  return rows[0]!;
}
