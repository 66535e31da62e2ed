import { describe, expect, it } from 'vitest';
import type { Feature } from '@/server/registry/feature-schema';
import { scanBatchHead, scanEvents } from './event-batch-scanner';
import { EventCopyRows } from '../event-copy-rows';
import { checkEvents, type ValidationContext } from '../event-validation';

// The scanner must never change an answer: whatever it accepts, the general path
// (JSON.parse → checkEvents → EventCopyRows) accepts too and encodes to the same bytes.
// Checked on batches generated with every variation the scanner handles or must refuse,
// and on random byte-level mutations of them.

const MODEL_ID = '5b0c6f1e-8d4f-4c1b-9a57-0f1e2d3c4b5a';
const FEATURES: Feature[] = [
  { name: 'age', type: 'numeric', description: '', min: 18, max: 75 },
  { name: 'income', type: 'numeric', description: '' },
  { name: 'ratio', type: 'numeric', description: '' },
  { name: 'employment', type: 'categorical', description: '', categories: ['salaried', 'self_employed', 'retired'] },
  { name: 'purpose', type: 'categorical', description: '', categories: ['car', 'home', 'café'] },
] as Feature[];
const NOW = Date.parse('2026-11-30T12:00:00.000Z');

function contextFor(taskType: string, classes?: string[]): ValidationContext {
  return {
    features: FEATURES,
    taskType,
    classes,
    versions: new Map([
      [1, '0f0e0d0c-0b0a-4908-8706-050403020100'],
      [2, '1f1e1d1c-1b1a-4918-9716-151413121110'],
    ]),
    earliest: NOW - 30 * 86_400_000,
    latest: NOW + 86_400_000,
  };
}
const CLASSIFIER = contextFor('binary_classification', ['repaid', 'defaulted']);
const OPEN_LABELS = contextFor('binary_classification');
const REGRESSION = contextFor('regression');
const MULTICLASS = contextFor('multiclass_classification', ['repaid', 'defaulted', 'late']);
const PROBABILITY_ROWS = [
  ['0.25', '0.25', '0.5'],
  ['0.1', '0.2', '0.7'],
  ['1', '0', '0'],
  ['0.3333', '0.3333', '0.3334'],
  ['0.9995', '0', '0'],
  ['1e-50', '0.5', '0.5'],
  ['5e-1', '0.25', '2.5e-1'],
];
const BAD_PROBABILITY_ROWS = [['0.5', '0.5'], ['0.5', '0.5', '0.1'], ['-0.1', '0.6', '0.5'], ['"0.5"', '0.25', '0.25'], ['null', '0.5', '0.5'], ['0.9985', '0', '0'], ['1.5', '-0.25', '-0.25'], ['0.5', '0.25', '0.25', '0']];

function general(body: Buffer, context: ValidationContext): Buffer | 'refused' {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return 'refused';
  }
  const envelope = parsed as { model?: unknown; events?: unknown };
  if (typeof parsed !== 'object' || parsed === null || envelope.model !== 'm' || !Array.isArray(envelope.events) || envelope.events.length < 1) return 'refused';
  const rows = new EventCopyRows(MODEL_ID, envelope.events.length, FEATURES.length);
  return checkEvents(envelope.events, context, rows).ok ? rows.finish() : 'refused';
}

function fast(body: Buffer, context: ValidationContext): Buffer | null {
  const head = scanBatchHead(body);
  if (!head || head.model !== 'm') return null;
  const rows = new EventCopyRows(MODEL_ID, 1, FEATURES.length);
  return scanEvents(body, head, context, rows) ? rows.finish() : null;
}

/** Deterministic PRNG (mulberry32). */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Random = ReturnType<typeof random>;

const WHITESPACE = ['', '', '', ' ', '\n  ', '\t', '\r\n'];
const NUMBERS = ['0', '-0', '1', '42', '-7', '3.5', '0.25', '-0.125', '1e2', '1E-3', '2.5e+1', '1.0', '0.1', '123456789012345', '1234567890123456789', '0.000001', '1e39', '1e-50', '1e999', '-1e999', '5e-324', '01', '1.', '.5', '+1', '0x10', '1e', 'NaN', 'Infinity'];
const STRINGS = ['"salaried"', '"retired"', '"café"', '"caf\\u00e9"', '"sala\\"ried"', '"home"', '"unknown_value"', '""', '"a\\nb"', '"\\ud83d\\ude00"', '"\\ud800"', '"x"'];
const TIMES = ['"2026-11-30T10:00:00.000Z"', '"2026-11-29T23:59:59.999Z"', '"2026-11-30T10:00:00Z"', '"2026-11-30T11:00:00.000+01:00"', '"2026-11-30 10:00:00.5z"', '"2026-02-30T10:00:00.000Z"', '"2025-01-01T00:00:00.000Z"', '"2026-12-05T00:00:00.000Z"', '"yesterday"', '1764496800000', '"2026-11-30T10:00:00.000\\u005a"'];

class BatchText {
  constructor(private readonly r: Random) {}

  ws(): string {
    return this.r.pick(WHITESPACE);
  }

  object(members: [string, string][], { shuffle = true, compact = false } = {}): string {
    const list = [...members];
    if (shuffle && this.r.chance(0.3)) list.sort(() => this.r.next() - 0.5);
    const gap = () => (compact ? '' : this.ws());
    return `{${gap()}${list.map(([k, v]) => `${k}${gap()}:${gap()}${v}`).join(`${gap()},${gap()}`)}${gap()}}`;
  }

  number(valid: boolean): string {
    return valid ? this.r.pick(['0', '1', '42', '3.5', '0.25', '-0', '1e2', '2.5', '61.75', '0.1']) : this.r.pick(NUMBERS);
  }

  feature(feature: Feature, chaos: number): string {
    const r = this.r;
    if (r.chance(0.08)) return 'null';
    if (r.chance(chaos)) return r.pick([...NUMBERS, ...STRINGS, 'true', 'false', '[]', '{}']);
    if (feature.type === 'categorical') return r.chance(0.85) ? `"${r.pick(feature.categories)}"` : r.pick(STRINGS);
    return this.number(!r.chance(chaos * 3));
  }

  attributes(chaos: number): string {
    const r = this.r;
    const values = ['"female"', '"30_to_50"', 'true', 'false', 'null', '7', '-3', '0', '12345', ...(r.chance(chaos) ? ['1.5', '-0', '1e3', '007', '"é"', '"a\\"b"', '[]', '{}', `"${'x'.repeat(201)}"`] : [])];
    const keys = ['"gender"', '"age_band"', '"region"', '"tier"', ...(r.chance(chaos) ? ['"7"', '""', '"gender"', '"__proto__"', `"${'k'.repeat(101)}"`, '"ünï"'] : [])];
    const n = r.int(4);
    const members: [string, string][] = Array.from({ length: n }, (_, i) => [r.chance(0.7) ? keys[i % 4]! : r.pick(keys), r.pick(values)]);
    return this.object(members, { compact: !r.chance(chaos * 2) });
  }

  probabilities(chaos: number): string {
    const r = this.r;
    const values = r.chance(chaos * 5) ? r.pick(BAD_PROBABILITY_ROWS) : r.pick(PROBABILITY_ROWS);
    if (r.chance(chaos)) return r.pick(['null', '{}', '"x"', '1', '[]']);
    if (r.chance(0.5)) return `[${values.join(`${this.ws()},`)}]`;
    const keys = ['"repaid"', '"defaulted"', '"late"', ...(r.chance(chaos) ? ['"maybe"', '"repaid"'] : [])];
    return this.object(values.map((v, i) => [keys[i] ?? r.pick(keys), v]));
  }

  event(index: number, chaos: number, multiclass = false): string {
    const r = this.r;
    const maybe = (p: number) => r.chance(p * chaos * 10);
    const members: [string, string][] = [];
    if (!maybe(0.01)) members.push(['"requestId"', maybe(0.02) ? r.pick(['"req-1"', '""', '7', '"\\u0072eq"', '"réq"', `"${'r'.repeat(201)}"`]) : `"req-${index}"`]);
    if (!maybe(0.01)) members.push(['"time"', maybe(0.05) ? r.pick(TIMES) : r.pick(TIMES.slice(0, 2))]);
    if (!maybe(0.01)) members.push(['"version"', maybe(0.03) ? r.pick(['3', '0', '-1', '1.5', '"1"', '1.0', '1e0', '2', 'null']) : '1']);
    if (!maybe(0.01)) {
      const features: [string, string][] = FEATURES.filter(() => !maybe(0.01)).map((f) => [`"${f.name}"`, this.feature(f, chaos)]);
      if (maybe(0.01)) features.push(['"unknown"', '1']);
      if (maybe(0.01)) features.push([`"${FEATURES[0]!.name}"`, '2']);
      members.push(['"features"', maybe(0.01) ? r.pick(['null', '[]', '"x"']) : this.object(features)]);
    }
    if (!maybe(0.01)) {
      const prediction: [string, string][] = [];
      if (!maybe(0.05)) prediction.push(['"score"', maybe(0.05) ? r.pick(['1.5', '-0.1', 'null', '"0.5"', '1e-50', '1']) : r.pick(['0.25', '0.5', '0.875', '0', '1'])]);
      if (!maybe(0.05)) prediction.push(['"label"', maybe(0.05) ? r.pick(['"maybe"', '""', 'null', '3', '"repa\\u0069d"']) : r.pick(['"repaid"', '"defaulted"'])]);
      // (No draw for other models, so their generated batches stay as they were.)
      if (multiclass && r.chance(0.7)) prediction.push(['"probabilities"', this.probabilities(chaos)]);
      if (maybe(0.01)) prediction.push(['"confidence"', '1']);
      members.push(['"prediction"', this.object(prediction)]);
    }
    if (r.chance(0.8)) members.push(['"latencyMs"', maybe(0.05) ? r.pick(['-1', 'null', '"3"', '1e39', '0']) : this.number(true).replace('-0', '0')]);
    if (r.chance(0.8)) members.push(['"attributes"', maybe(0.02) ? r.pick(['null', '[]', '"x"', '1']) : this.attributes(chaos)]);
    if (maybe(0.01)) members.push(['"extra"', '1']);
    if (maybe(0.01)) members.push(['"version"', '2']);
    return maybe(0.005) ? r.pick(['null', '[]', '{}', '1']) : this.object(members);
  }

  batch(chaos: number, multiclass = false): string {
    const r = this.r;
    const events = Array.from({ length: 1 + r.int(6) }, (_, i) => this.event(i, chaos, multiclass));
    const head = r.chance(0.02 * chaos * 10) ? [['"events"', `[${events.join(',')}]`], ['"model"', '"m"']] : [['"model"', '"m"'], ['"events"', `[${this.ws()}${events.join(`${this.ws()},${this.ws()}`)}${this.ws()}]`]];
    if (r.chance(0.01 * chaos * 10)) head.push(['"extra"', '1']);
    return `${this.ws()}{${this.ws()}${head.map(([k, v]) => `${k}${this.ws()}:${this.ws()}${v}`).join(',')}${this.ws()}}${this.ws()}`;
  }
}

function mutate(text: string, r: Random): string {
  const at = r.int(text.length);
  const pieces = ['"', '\\', ',', ':', '{', '}', '[', ']', ' ', '0', '-', '.', 'e', 'n', 'é', '\u0000'];
  switch (r.int(4)) {
    case 0:
      return text.slice(0, at) + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + r.pick(pieces) + text.slice(at);
    case 2:
      return text.slice(0, at) + r.pick(pieces) + text.slice(at + 1);
    default: {
      const length = 1 + r.int(12);
      return text.slice(0, at) + text.slice(at, at + length) + text.slice(at);
    }
  }
}

function compare(text: string | Buffer, context: ValidationContext): 'fast' | 'general-only' | 'refused' {
  const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const scanned = fast(body, context);
  const expected = general(body, context);
  if (scanned !== null) {
    if (expected === 'refused') throw new Error(`the scanner accepted a batch the general path refuses:\n${body.toString('hex')}`);
    if (!scanned.equals(expected)) throw new Error(`the scanner encoded a batch differently:\n${body.toString('hex')}`);
    return 'fast';
  }
  return expected === 'refused' ? 'refused' : 'general-only';
}

describe('event batch scanner', () => {
  it('takes batches as JSON.stringify writes them, with the same COPY bytes as the general path', () => {
    const events = Array.from({ length: 50 }, (_, i) => ({
      requestId: `req-${i}`,
      time: new Date(NOW - i * 60_000).toISOString(),
      version: 1 + (i % 2),
      features: { age: 20 + i, income: 12.5 * i, ratio: i / 7, employment: i % 5 === 0 ? 'unlisted' : 'salaried', purpose: i % 3 === 0 ? null : i % 3 === 1 ? 'café' : 'home' },
      prediction: { score: (i % 10) / 10, label: i % 2 ? 'repaid' : 'defaulted' },
      latencyMs: 1.25 + i,
      attributes: { gender: 'female', age_band: '30_to_50', vip: i % 2 === 0, tier: i, note: null, city: i % 4 === 0 ? 'Zürich 😀 東京' : 'Oslo' },
    }));
    for (const context of [CLASSIFIER, OPEN_LABELS]) expect(compare(JSON.stringify({ model: 'm', events }), context)).toBe('fast');
    expect(compare(JSON.stringify({ model: 'm', events: events.map((e) => ({ ...e, prediction: { score: e.prediction.score * 100 } })) }), REGRESSION)).toBe('fast');
  });

  it('takes pretty-printed batches with members in any order', () => {
    const event = { attributes: { gender: 'male' }, latencyMs: 3, prediction: { label: 'repaid', score: 0.5 }, features: { purpose: 'car', employment: 'retired', ratio: -0, income: 1e2, age: 31 }, version: 1, time: '2026-11-30T10:00:00+01:00', requestId: 'r' };
    // Whitespace inside attributes makes the scanner give way (their bytes are stored as sent).
    const text = JSON.stringify({ model: 'm', events: [event] }, null, 2).replace(/"attributes": \{\s+"gender": "male"\s+\}/, '"attributes": {"gender":"male"}');
    expect(compare(text, CLASSIFIER)).toBe('fast');
  });

  it.each([
    ['an escaped string', (t: string) => t.replace('"req-0"', '"req\\u002d0"')],
    ['an escape in an attribute', (t: string) => t.replace('"female"', '"fe\\tmale"')],
    ['model after events', () => '{"events":[],"model":"m"}'],
    ['a member beside model and events', (t: string) => t.replace('{"model"', '{"extra":1,"model"')],
    ['whitespace inside attributes', (t: string) => t.replace('{"gender":"female"}', '{ "gender": "female" }')],
    ['an exponent too large for a real', (t: string) => t.replace('"age":40', '"age":1e39')],
  ])('gives way on %s', (_, change) => {
    const base = JSON.stringify({
      model: 'm',
      events: [{ requestId: 'req-0', time: '2026-11-30T10:00:00.000Z', version: 1, features: { age: 40, income: 1, ratio: 0.5, employment: 'salaried', purpose: 'car' }, prediction: { score: 0.5 }, attributes: { gender: 'female' } }],
    });
    expect(compare(base, CLASSIFIER)).toBe('fast');
    const changed = change(base);
    expect(changed).not.toBe(base);
    expect(fast(Buffer.from(changed), CLASSIFIER)).toBeNull();
  });

  // Each a single fault in an otherwise valid batch: the scanner must leave every one to the general path.
  type Event = Record<string, unknown> & { features: Record<string, unknown>; prediction: Record<string, unknown>; attributes?: unknown };
  const valid = (): Event[] =>
    [0, 1, 2].map((i) => ({
      requestId: `req-${i}`,
      time: '2026-11-30T10:00:00.000Z',
      version: 1,
      features: { age: 40, income: 1.5, ratio: 0.5, employment: 'salaried', purpose: 'car' },
      prediction: { score: 0.5, label: 'repaid' },
      latencyMs: 2,
      attributes: { gender: 'female', band: 'b' },
    }));
  const faults: [string, (events: Event[]) => void][] = [
    ['a request id twice', (e) => (e[2]!.requestId = 'req-0')],
    ['an empty request id', (e) => (e[1]!.requestId = '')],
    ['a request id of 201 characters', (e) => (e[1]!.requestId = 'r'.repeat(201))],
    ['a numeric request id', (e) => (e[1]!.requestId = 7)],
    ['no request id', (e) => delete e[1]!.requestId],
    ['a date that does not exist', (e) => (e[1]!.time = '2026-02-30T10:00:00.000Z')],
    ['a time before the retention period', (e) => (e[1]!.time = '2025-01-01T00:00:00.000Z')],
    ['a time two days ahead', (e) => (e[1]!.time = '2026-12-02T13:00:00.000Z')],
    ['an unknown version', (e) => (e[1]!.version = 3)],
    ['version 0', (e) => (e[1]!.version = 0)],
    ['a fractional version', (e) => (e[1]!.version = 1.5)],
    ['a version as a string', (e) => (e[1]!.version = '1')],
    ['a missing feature', (e) => delete e[1]!.features.ratio],
    ['an undeclared feature', (e) => (e[1]!.features.height = 1)],
    ['a string for a numeric feature', (e) => (e[1]!.features.age = '40')],
    ['a number for a categorical feature', (e) => (e[1]!.features.purpose = 2)],
    ['a feature too large for a real', (e) => (e[1]!.features.income = 1e39)],
    ['a feature that underflows a real', (e) => (e[1]!.features.income = 1e-50)],
    ['features as an array', (e) => (e[1]!.features = [] as unknown as Record<string, unknown>)],
    ['a score above 1', (e) => (e[1]!.prediction.score = 1.5)],
    ['a score as a string', (e) => (e[1]!.prediction.score = '0.5')],
    ['neither score nor label', (e) => (e[1]!.prediction = { score: null, label: null })],
    ['a label that is not a class', (e) => (e[1]!.prediction.label = 'maybe')],
    ['an unknown prediction member', (e) => (e[1]!.prediction.confidence = 1)],
    ['a negative latency', (e) => (e[1]!.latencyMs = -1)],
    ['a latency as a string', (e) => (e[1]!.latencyMs = '2')],
    ['an index-like attribute after another', (e) => (e[1]!.attributes = { gender: 'female', 7: 'x' })],
    ['33 attributes', (e) => (e[1]!.attributes = Object.fromEntries(Array.from({ length: 33 }, (_, k) => [`a${k}`, k])))],
    ['an attribute name of 101 characters', (e) => (e[1]!.attributes = { ['k'.repeat(101)]: 1 })],
    ['an attribute value of 201 characters', (e) => (e[1]!.attributes = { note: 'x'.repeat(201) })],
    ['a nested attribute', (e) => (e[1]!.attributes = { nested: { a: 1 } })],
    ['a fractional attribute', (e) => (e[1]!.attributes = { tier: 1.5 })],
    ['attributes as an array', (e) => (e[1]!.attributes = ['female'])],
    ['an unknown event member', (e) => (e[1]!.extra = true)],
  ];

  it.each(faults)('leaves a batch with %s to the general path', (_, fault) => {
    const events = valid();
    expect(compare(JSON.stringify({ model: 'm', events }), CLASSIFIER)).toBe('fast');
    fault(events);
    const text = JSON.stringify({ model: 'm', events });
    expect(compare(text, CLASSIFIER)).not.toBe('fast');
  });

  it.each([
    ['a duplicate attribute name', '"attributes":{"gender":"female","band":"b"}', '"attributes":{"gender":"female","band":"b","gender":"male"}'],
    ['an attribute written -0', '"band":"b"', '"band":-0'],
    ['an attribute with a leading zero', '"band":"b"', '"band":007'],
    ['a duplicate feature', '"age":40', '"age":40,"age":41'],
    ['a member after the events', '}]}', '}],"extra":1}'],
    ['trailing bytes', '}]}', '}]}x'],
  ])('leaves a batch with %s to the general path', (_, from, to) => {
    const text = JSON.stringify({ model: 'm', events: valid() });
    const changed = text.replace(from, to);
    expect(changed).not.toBe(text);
    expect(compare(changed, CLASSIFIER)).not.toBe('fast');
  });

  it('matches keys and categories whole, not by prefix (the fast comparison of the expected key)', () => {
    const text = JSON.stringify({ model: 'm', events: valid() });
    // Near misses of a key are refused by both paths…
    for (const [from, to] of [['"age":40', '"ag":40'], ['"age":40', '"agex":40'], ['"time":', '"tim":'], ['"time":', '"times":'], ['"score":', '"scores":'], ['"label":', '"labe":']]) {
      const changed = text.replace(from!, to!);
      expect(changed).not.toBe(text);
      expect(compare(changed, CLASSIFIER)).toBe('refused');
    }
    // …and near misses of a category are unseen categories (−1), stored the same by both.
    for (const to of ['"salarie"', '"salaried2"', '""']) expect(compare(text.replace('"salaried"', to), CLASSIFIER)).toBe('fast');
  });

  it('takes class probabilities as an array or an object, stored in class order as the general path stores them', () => {
    const events = valid().map((e, i) => ({ ...e, prediction: { label: 'late', probabilities: i === 0 ? [0.1, 0.2, 0.7] : { late: 0.7, repaid: 0.1, defaulted: 0.2 } } }));
    expect(compare(JSON.stringify({ model: 'm', events }), MULTICLASS)).toBe('fast');
    const asArray = fast(Buffer.from(JSON.stringify({ model: 'm', events: events.map((e) => ({ ...e, prediction: { label: 'late', probabilities: [0.1, 0.2, 0.7] } })) })), MULTICLASS);
    expect(asArray).not.toBeNull();
    expect(asArray!.equals(fast(Buffer.from(JSON.stringify({ model: 'm', events })), MULTICLASS)!)).toBe(true);
    // Probabilities are refused for a binary model, and wrong vectors for a multiclass one, by both paths.
    expect(compare(JSON.stringify({ model: 'm', events: valid().map((e) => ({ ...e, prediction: { label: 'repaid', probabilities: [0.5, 0.5] } })) }), CLASSIFIER)).toBe('refused');
    for (const probabilities of [[0.5, 0.5], [0.5, 0.4, 0.2], { repaid: 0.5, defaulted: 0.5 }, { repaid: 0.5, defaulted: 0.25, late: 0.25, maybe: 0 }, [0.5, 0.5, Number.NaN]]) {
      expect(compare(JSON.stringify({ model: 'm', events: valid().map((e) => ({ ...e, prediction: { label: 'late', probabilities } })) }), MULTICLASS)).toBe('refused');
    }
  });

  it('leaves an empty batch and one over 10,000 events to the general path', () => {
    expect(fast(Buffer.from('{"model":"m","events":[]}'), CLASSIFIER)).toBeNull();
    const event = valid()[0]!;
    const many = Array.from({ length: 10_001 }, (_, i) => ({ ...event, requestId: `r${i}` }));
    expect(fast(Buffer.from(JSON.stringify({ model: 'm', events: many })), CLASSIFIER)).toBeNull();
    expect(compare(JSON.stringify({ model: 'm', events: many.slice(0, 10_000) }), CLASSIFIER)).toBe('fast');
  });

  it('never accepts what the general path refuses nor encodes differently: 20,000 generated batches', () => {
    const r = random(20261201);
    const text = new BatchText(r);
    const outcomes = { fast: 0, 'general-only': 0, refused: 0 };
    for (let n = 0; n < 20_000; n++) {
      const context = r.pick([CLASSIFIER, CLASSIFIER, OPEN_LABELS, REGRESSION, MULTICLASS]);
      outcomes[compare(text.batch(r.pick([0, 0.002, 0.01, 0.05]), context === MULTICLASS), context)]++;
    }
    // Every kind of outcome occurs, so the generator exercises both sides of each rule.
    expect(outcomes.fast).toBeGreaterThan(3_000);
    expect(outcomes['general-only']).toBeGreaterThan(1_000);
    expect(outcomes.refused).toBeGreaterThan(1_000);
  });

  it('takes well-formed UTF-8 and measures lengths in UTF-16 units, as JavaScript does', () => {
    const event = (requestId: string, attributes: Record<string, unknown>) => ({ ...valid()[0]!, requestId, attributes });
    // 100 emoji are 200 UTF-16 units (the limit) but 400 bytes; one more is over it.
    expect(compare(JSON.stringify({ model: 'm', events: [event('😀'.repeat(100), { note: 'é'.repeat(200), ['ü'.repeat(100)]: 1 })] }), CLASSIFIER)).toBe('fast');
    expect(compare(JSON.stringify({ model: 'm', events: [event('😀'.repeat(101), {})] }), CLASSIFIER)).toBe('refused');
    expect(compare(JSON.stringify({ model: 'm', events: [event('r', { note: '東'.repeat(201) })] }), CLASSIFIER)).toBe('refused');
    expect(compare(JSON.stringify({ model: 'm', events: [event('r', { ['ü'.repeat(101)]: 1 })] }), CLASSIFIER)).toBe('refused');
  });

  it.each([
    ['a lone continuation byte', [0x80]],
    ['a truncated two-byte sequence', [0xc3]],
    ['an overlong encoding', [0xc0, 0xaf]],
    ['an overlong three-byte sequence', [0xe0, 0x80, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a lead byte past F4', [0xf5, 0x80, 0x80, 0x80]],
    ['an overlong four-byte sequence', [0xf0, 0x80, 0x80, 0xaf]],
    ['an invalid lead byte', [0xff]],
  ])('gives way on %s', (_, bytes) => {
    const text = JSON.stringify({ model: 'm', events: valid() });
    const at = text.indexOf('req-1') + 4;
    const body = Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from(bytes), Buffer.from(text.slice(at))]);
    expect(fast(body, CLASSIFIER)).toBeNull();
    expect(compare(body, CLASSIFIER)).not.toBe('fast');
  });

  it('never accepts what the general path refuses nor encodes differently: 20,000 batches with random bytes', () => {
    const r = random(99);
    const text = new BatchText(r);
    let accepted = 0;
    for (let n = 0; n < 20_000; n++) {
      const body = Buffer.from(text.batch(0).replace(/"salaried"/g, '"salarié 😀"').replace(/"female"/g, '"Zoë"'));
      for (let k = 1 + r.int(2); k > 0; k--) {
        const at = r.int(body.length);
        // Mostly bytes of multi-byte sequences, so that malformed ones are common.
        body[at] = r.chance(0.8) ? 0x80 + r.int(0x80) : r.int(0x80);
      }
      if (compare(body, r.pick([CLASSIFIER, OPEN_LABELS])) === 'fast') accepted++;
    }
    expect(accepted).toBeGreaterThan(100);
  });

  it('never accepts what the general path refuses nor encodes differently: 20,000 mutated batches', () => {
    const r = random(7);
    const text = new BatchText(r);
    let accepted = 0;
    for (let n = 0; n < 20_000; n++) {
      const context = r.pick([CLASSIFIER, REGRESSION, MULTICLASS]);
      let batch = text.batch(0, context === MULTICLASS);
      for (let k = 1 + r.int(3); k > 0; k--) batch = mutate(batch, r);
      if (compare(batch, context) === 'fast') accepted++;
    }
    // Mutations that keep the batch valid (a digit more, a space) are still taken.
    expect(accepted).toBeGreaterThan(100);
  });
});
