import { numericValue } from '@/server/registry/numeric-label';
import { ByteRangeSet } from './byte-range-set';
import type { EventCopyRows } from '../event-copy-rows';
import { parseCanonicalEventTime, parseEventTime } from '../event-time';
import { probabilitiesRefusal, probabilitySumProblem } from '../event-probabilities';
import { fitsReal, MAX_ATTRIBUTE_NAME, MAX_ATTRIBUTES, MAX_EVENTS_PER_BATCH, MAX_TEXT, type ValidationContext } from '../event-validation';

// The fast path of POST /api/v1/events: scans the body's bytes and encodes the COPY BINARY
// rows straight from them — no JSON.parse, no object or string per value. JSON.parse of a
// batch built ~15 objects and strings per event that the validator then walked and the
// garbage collector swept; those were about half of the web process's CPU per event.
//
// It accepts only what it can tell the general path (JSON.parse → checkEvents →
// EventCopyRows) would accept AND encode to the same bytes: `{"model": …, "events": […]}`
// in that order, strings in well-formed UTF-8 without escapes, plain numbers, no duplicate
// or unknown keys, every value valid. Anything else — an escape, malformed UTF-8, an exponent
// it cannot convert exactly, whitespace inside `attributes`, any invalid value — makes it give up
// (null) and the general path parses the body and answers, per-row errors included. So it
// never refuses a batch itself; event-batch-scanner.test.ts checks the equivalence on
// generated and mutated batches.

const enum C {
  Tab = 9,
  Newline = 10,
  Return = 13,
  Space = 32,
  Quote = 34,
  Plus = 43,
  Comma = 44,
  Minus = 45,
  Dot = 46,
  Zero = 48,
  Nine = 57,
  Colon = 58,
  UpperE = 69,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  LowerE = 101,
  LowerF = 102,
  LowerN = 110,
  LowerT = 116,
  OpenBrace = 123,
  CloseBrace = 125,
}

const DAY_MS = 86_400_000;
/** Decimal mantissas up to 15 digits are exact doubles, as are powers of ten up to 1e22. */
const MAX_EXACT_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

/**
 * A key (or category) as the JSON string that sends it without escapes, `"<bytes>"`, for
 * Scanner#key: its bytes quotes included, and those as little-endian 32-bit words at
 * offsets 0, 4, 8, … with the last one ending where the string ends (it may overlap the one
 * before), so matching it costs a word comparison per four bytes.
 */
class Quoted {
  readonly quoted: Uint8Array;
  readonly words: Int32Array;

  constructor(readonly bytes: Uint8Array) {
    const n = bytes.length + 2;
    this.quoted = new Uint8Array(Math.max(n, 4));
    this.quoted[0] = C.Quote;
    this.quoted.set(bytes, 1);
    this.quoted[n - 1] = C.Quote;
    const view = new DataView(this.quoted.buffer);
    const words: number[] = [];
    for (let at = 0; at + 4 < n; at += 4) words.push(view.getInt32(at, true));
    if (n >= 4) words.push(view.getInt32(n - 4, true));
    this.words = Int32Array.from(words);
  }

  /** Length of the quoted string. */
  get length(): number {
    return this.bytes.length + 2;
  }

  /** The text's UTF-8 bytes quoted, or null when a JSON string without escapes cannot hold them (a quote, backslash or control byte). */
  static of(text: string): Quoted | null {
    const bytes = utf8(text);
    return bytes.every((c) => c !== C.Quote && c !== C.Backslash && c >= 0x20) ? new Quoted(bytes) : null;
  }
}

/** A key the format itself names (plain ASCII, so never null). */
const fixedKey = (text: string) => new Quoted(utf8(text));
const KEY_MODEL = fixedKey('model');
const KEY_EVENTS = fixedKey('events');
const KEY_SCORE = fixedKey('score');
const KEY_LABEL = fixedKey('label');
const KEY_PROBABILITIES = fixedKey('probabilities');
const EVENT_KEYS = ['requestId', 'time', 'version', 'features', 'prediction', 'latencyMs', 'attributes'].map(fixedKey);
const REQUEST_ID = 0;
const TIME = 1;
const VERSION = 2;
const FEATURES = 3;
const PREDICTION = 4;
const LATENCY = 5;
const ATTRIBUTES = 6;
const REQUIRED = (1 << REQUEST_ID) | (1 << TIME) | (1 << VERSION) | (1 << FEATURES) | (1 << PREDICTION);

/** Thrown to give up; caught once per batch (cheaper than checking a result at every step). */
const GIVE_UP = Symbol('give up');

export interface BatchHead {
  model: string;
  /** Offset just past the `[` that opens the events. */
  eventsAt: number;
}

export interface ScannedBatch {
  count: number;
  /** Distinct UTC days (epoch ms / 86,400,000) of the events. */
  days: number[];
}

class Scanner {
  i = 0;
  /** The body as a DataView, for Scanner#key's word comparisons. */
  private readonly view: DataView;

  constructor(readonly b: Buffer) {
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  fail(): never {
    throw GIVE_UP;
  }

  /** Skips whitespace; returns the next byte (NaN at the end). */
  peek(): number {
    const b = this.b;
    let i = this.i;
    let c = b[i]!;
    // Compact JSON, the common case: no whitespace to skip (and `undefined > 32` is false).
    if (c > C.Space) return c;
    while (c === C.Space || c === C.Newline || c === C.Tab || c === C.Return) c = b[++i]!;
    this.i = i;
    return i < b.length ? c : Number.NaN;
  }

  expect(c: number): void {
    if (this.peek() !== c) this.fail();
    this.i++;
  }

  /** UTF-16 length of the last string scanned (what a JavaScript string's length would be). */
  units = 0;
  /** Whether the last string scanned was all ASCII. */
  ascii = true;

  /**
   * A string without escapes, in well-formed UTF-8 (anything else gives up: the general
   * path's toString('utf8') would replace a malformed sequence); returns its content's
   * start, its end being this.i − 1. Sets `units` and `ascii`.
   */
  string(): number {
    if (this.peek() !== C.Quote) this.fail();
    const b = this.b;
    const start = ++this.i;
    let i = start;
    let units = 0;
    let ascii = true;
    for (;;) {
      const c = b[i];
      if (c === C.Quote) break;
      if (c === undefined || c === C.Backslash || c < 0x20) this.fail();
      if (c < 0x80) i++;
      else {
        i += this.sequence(c, i);
        ascii = false;
        // Four-byte sequences are surrogate pairs in UTF-16.
        if (c >= 0xf0) units++;
      }
      units++;
    }
    this.i = i + 1;
    this.units = units;
    this.ascii = ascii;
    return start;
  }

  /** Length of the well-formed UTF-8 sequence that starts with `lead` at `i` (RFC 3629: no overlongs, surrogates or code points past U+10FFFF). */
  private sequence(lead: number, i: number): number {
    const b = this.b;
    const c1 = b[i + 1]!;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      if (c1 >= 0x80 && c1 <= 0xbf) return 2;
      return this.fail();
    }
    if (lead >= 0xe0 && lead <= 0xef) {
      if (lead === 0xe0) low = 0xa0;
      else if (lead === 0xed) high = 0x9f;
      const c2 = b[i + 2]!;
      if (c1 >= low && c1 <= high && c2 >= 0x80 && c2 <= 0xbf) return 3;
      return this.fail();
    }
    if (lead >= 0xf0 && lead <= 0xf4) {
      if (lead === 0xf0) low = 0x90;
      else if (lead === 0xf4) high = 0x8f;
      const c2 = b[i + 2]!;
      const c3 = b[i + 3]!;
      if (c1 >= low && c1 <= high && c2 >= 0x80 && c2 <= 0xbf && c3 >= 0x80 && c3 <= 0xbf) return 4;
    }
    return this.fail();
  }

  /**
   * Consumes `"<key>"` when those exact bytes come next (after peek()) and returns true;
   * else consumes nothing. Exactly what string() followed by was() would accept (a Quoted
   * holds no quote, backslash or control byte), without scanning the string first — the
   * common case, keys in the order clients send them, costs a comparison per four bytes.
   */
  key(key: Quoted | null | undefined): boolean {
    if (!key) return false;
    const i = this.i;
    const n = key.length;
    if (i + n > this.b.length) return false;
    if (n < 4) {
      for (let k = 0; k < n; k++) if (this.b[i + k] !== key.quoted[k]) return false;
    } else {
      const view = this.view;
      const words = key.words;
      const last = words.length - 1;
      for (let k = 0; k < last; k++) if (view.getInt32(i + 4 * k, true) !== words[k]) return false;
      if (view.getInt32(i + n - 4, true) !== words[last]) return false;
    }
    this.i = i + n;
    return true;
  }

  /** Whether the string that ended at this.i (content from `start`) equals `key`. */
  was(start: number, key: Uint8Array): boolean {
    const end = this.i - 1;
    if (end - start !== key.length) return false;
    const b = this.b;
    for (let k = 0; k < key.length; k++) if (b[start + k] !== key[k]) return false;
    return true;
  }

  /** The last string scanned (content from `start`) as a JavaScript string. */
  text(start: number): string {
    // Buffer#latin1Slice / utf8Slice: what toString() calls, without its argument checks.
    const b = this.b as unknown as { latin1Slice(start: number, end: number): string; utf8Slice(start: number, end: number): string };
    return this.ascii ? b.latin1Slice(start, this.i - 1) : b.utf8Slice(start, this.i - 1);
  }

  /** A JSON number, as JSON.parse would read it. */
  number(): number {
    const b = this.b;
    let i = this.i;
    const start = i;
    const negative = b[i] === C.Minus;
    if (negative) i++;
    let mantissa = 0;
    let digits = 0;
    let c = b[i]!;
    if (c === C.Zero) c = b[++i]!;
    else if (c > C.Zero && c <= C.Nine) {
      do {
        mantissa = mantissa * 10 + (c - C.Zero);
        digits++;
        c = b[++i]!;
      } while (c >= C.Zero && c <= C.Nine);
    } else this.fail();
    let scale = 0;
    if (c === C.Dot) {
      c = b[++i]!;
      if (!(c >= C.Zero && c <= C.Nine)) this.fail();
      do {
        mantissa = mantissa * 10 + (c - C.Zero);
        if (digits > 0 || c !== C.Zero) digits++;
        scale++;
        c = b[++i]!;
      } while (c >= C.Zero && c <= C.Nine);
    }
    let exact = digits <= MAX_EXACT_DIGITS && scale < POWERS_OF_TEN.length;
    if (c === C.LowerE || c === C.UpperE) {
      c = b[++i]!;
      if (c === C.Plus || c === C.Minus) c = b[++i]!;
      if (!(c >= C.Zero && c <= C.Nine)) this.fail();
      do c = b[++i]!;
      while (c >= C.Zero && c <= C.Nine);
      exact = false;
    }
    this.i = i;
    if (!exact) return Number(b.toString('latin1', start, i));
    const value = scale === 0 ? mantissa : mantissa / POWERS_OF_TEN[scale]!;
    return negative ? -value : value;
  }

  /** `null` (consumed, true) or not (nothing consumed, false). */
  isNull(): boolean {
    const b = this.b;
    const i = this.i;
    if (b[i] !== C.LowerN) return false;
    if (b[i + 1] !== 117 || b[i + 2] !== 108 || b[i + 3] !== 108) this.fail();
    this.i = i + 4;
    return true;
  }

  /** After a member: true when another follows (`,`), false at `close`. */
  more(close: number): boolean {
    const c = this.peek();
    this.i++;
    if (c === C.Comma) return true;
    if (c !== close) this.fail();
    return false;
  }
}

/** `{"model": "<name>", "events": [` at the start of the body, or null. */
export function scanBatchHead(body: Buffer): BatchHead | null {
  const s = new Scanner(body);
  try {
    s.expect(C.OpenBrace);
    if (!s.was(s.string(), KEY_MODEL.bytes)) return null;
    s.expect(C.Colon);
    const model = s.text(s.string());
    s.expect(C.Comma);
    if (!s.was(s.string(), KEY_EVENTS.bytes)) return null;
    s.expect(C.Colon);
    s.expect(C.OpenBracket);
    return { model, eventsAt: s.i };
  } catch (error) {
    if (error === GIVE_UP) return null;
    throw error;
  }
}

/** What a model's schema looks like to the scanner, prepared once per batch. */
class Schema {
  readonly width: number;
  /**
   * The features' names, and per feature its categories (categorical) or null (numeric), for
   * Scanner#key and #was. A name or category with a quote, backslash or control character is
   * null: JSON can only send it escaped, and escapes make string() give up.
   */
  readonly names: (Quoted | null)[];
  readonly categories: ((Quoted | null)[] | null)[];
  readonly classes: { bytes: Uint8Array; name: string }[] | null;
  readonly classifier: boolean;
  /** The classes as object keys when the model takes probabilities (event-probabilities.ts), else null. */
  readonly probabilityKeys: (Quoted | null)[] | null;

  constructor(readonly context: ValidationContext) {
    this.width = context.features.length;
    this.names = context.features.map((f) => Quoted.of(f.name));
    this.categories = context.features.map((f) => (f.type === 'categorical' ? f.categories.map((c) => Quoted.of(c)) : null));
    this.classes = context.classes && context.classes.length > 0 ? context.classes.map((name) => ({ bytes: utf8(name), name })) : null;
    this.classifier = context.taskType !== 'regression';
    const classes = context.classes && context.classes.length > 0 ? context.classes : null;
    this.probabilityKeys = probabilitiesRefusal(String(context.taskType), classes) === null ? classes!.map((c) => Quoted.of(c)) : null;
  }
}

/** One event's values, collected in whatever order its keys come and handed to the rows in column order. */
class EventValues {
  /** The request id's bytes in the body (UTF-8 as stored: no escapes). */
  requestIdStart = 0;
  requestIdEnd = 0;
  time = 0;
  versionId = '';
  readonly features: Float64Array;
  /** Per feature: 0 absent, 1 value, 2 null. */
  readonly present: Uint8Array;
  score: number | null = null;
  label: string | null = null;
  latency: number | null = null;
  attributesStart = -1;
  attributesEnd = -1;
  /** Class probabilities in class order, when `hasProbabilities`. */
  readonly probabilities: Float64Array;
  hasProbabilities = false;

  constructor(width: number, classes: number) {
    this.features = new Float64Array(width);
    this.present = new Uint8Array(width);
    this.probabilities = new Float64Array(classes);
  }
}

class EventScanner extends Scanner {
  private readonly values: EventValues;
  private readonly requestIds: ByteRangeSet;
  private readonly days = new Set<number>();
  private readonly attributeKeys: number[] = [];

  constructor(
    body: Buffer,
    private readonly schema: Schema,
    private readonly rows: EventCopyRows,
  ) {
    super(body);
    this.values = new EventValues(schema.width, schema.probabilityKeys?.length ?? 0);
    // ~350 bytes of JSON per event of 8 features; it grows if that guess is low.
    this.requestIds = new ByteRangeSet(body, Math.min(MAX_EVENTS_PER_BATCH, Math.ceil(body.length / 300)));
  }

  events(at: number): ScannedBatch {
    this.i = at;
    let count = 0;
    if (this.peek() === C.CloseBracket) this.fail();
    do {
      if (++count > MAX_EVENTS_PER_BATCH) this.fail();
      this.event();
    } while (this.more(C.CloseBracket));
    this.expect(C.CloseBrace);
    if (!Number.isNaN(this.peek())) this.fail();
    return { count, days: [...this.days] };
  }

  private event(): void {
    const v = this.values;
    const context = this.schema.context;
    v.present.fill(0);
    v.score = v.label = v.latency = null;
    v.attributesStart = -1;
    v.hasProbabilities = false;
    let seen = 0;
    let guess = 0;
    this.expect(C.OpenBrace);
    if (this.peek() === C.CloseBrace) this.fail();
    do {
      this.peek();
      // Clients send the keys in one order: try the one after the last first.
      const field = this.key(EVENT_KEYS[guess]) ? guess : this.eventKey(this.string());
      guess = field + 1;
      if (seen & (1 << field)) this.fail();
      seen |= 1 << field;
      this.expect(C.Colon);
      this.peek();
      if (field === REQUEST_ID) {
        const start = this.string();
        if (this.units < 1 || this.units > MAX_TEXT) this.fail();
        // Equal bytes ⇔ equal strings: both are well-formed UTF-8 without escapes.
        if (!this.requestIds.add(start, this.i - 1)) this.fail();
        v.requestIdStart = start;
        v.requestIdEnd = this.i - 1;
      } else if (field === TIME) {
        const start = this.string();
        const time = this.i - 1 - start === 24 ? parseCanonicalEventTime(this.b, start) : Number.NaN;
        // Other forms (offsets, no fraction) are read as text, as the general path reads them.
        const parsed = Number.isNaN(time) ? parseEventTime(this.text(start)) : time;
        if (!(parsed >= context.earliest && parsed <= context.latest)) this.fail();
        v.time = parsed;
      } else if (field === VERSION) {
        const version = this.number();
        const id = Number.isInteger(version) && version >= 1 ? context.versions.get(version) : undefined;
        if (id === undefined) this.fail();
        v.versionId = id;
      } else if (field === FEATURES) this.features();
      else if (field === PREDICTION) this.prediction();
      else if (field === LATENCY) {
        if (!this.isNull()) {
          const latency = this.number();
          if (!(latency >= 0) || !fitsReal(latency)) this.fail();
          v.latency = latency;
        }
      } else if (field === ATTRIBUTES && !this.isNull()) this.attributes();
    } while (this.more(C.CloseBrace));
    if ((seen & REQUIRED) !== REQUIRED) this.fail();
    this.days.add(Math.floor(v.time / DAY_MS));
    this.emit();
  }

  private eventKey(start: number): number {
    for (let k = 0; k < EVENT_KEYS.length; k++) if (this.was(start, EVENT_KEYS[k]!.bytes)) return k;
    return this.fail();
  }

  private features(): void {
    const { width, names, categories } = this.schema;
    const v = this.values;
    this.expect(C.OpenBrace);
    let count = 0;
    if (this.peek() === C.CloseBrace) this.i++;
    else {
      do {
        this.peek();
        // Clients send the features in one order: try the next one first.
        let f = count < width && this.key(names[count]) ? count : -1;
        if (f < 0) {
          const start = this.string();
          for (let k = 0; f < 0 && k < width; k++) {
            const name = names[k];
            if (name && this.was(start, name.bytes)) f = k;
          }
        }
        if (f < 0 || v.present[f] !== 0) this.fail();
        count++;
        this.expect(C.Colon);
        this.peek();
        if (this.isNull()) {
          v.present[f] = 2;
          continue;
        }
        const cats = categories[f];
        if (cats) {
          let index = -1;
          for (let k = 0; k < cats.length && index < 0; k++) if (this.key(cats[k])) index = k;
          // No category matched: the value must still be a valid string; it is stored as unseen (−1).
          if (index < 0) this.string();
          v.features[f] = index;
        } else {
          if (this.b[this.i] === C.Quote) this.fail();
          const value = this.number();
          if (!fitsReal(value)) this.fail();
          v.features[f] = value;
        }
        v.present[f] = 1;
      } while (this.more(C.CloseBrace));
    }
    if (count !== width) this.fail();
  }

  private prediction(): void {
    const { classes, classifier } = this.schema;
    const v = this.values;
    this.expect(C.OpenBrace);
    let seen = 0;
    if (this.peek() === C.CloseBrace) this.fail();
    do {
      this.peek();
      const field = this.key(KEY_SCORE) ? 1 : this.key(KEY_LABEL) ? 2 : this.key(KEY_PROBABILITIES) ? 4 : this.fail();
      if (seen & field) this.fail();
      seen |= field;
      this.expect(C.Colon);
      this.peek();
      if (this.isNull()) continue;
      if (field === 4) this.probabilities();
      else if (field === 1) {
        if (this.b[this.i] === C.Quote) this.fail();
        const score = this.number();
        if (!Number.isFinite(score) || (classifier && (score < 0 || score > 1)) || !fitsReal(score)) this.fail();
        v.score = score;
      } else {
        const labelStart = this.string();
        if (this.units < 1 || this.units > MAX_TEXT) this.fail();
        if (!classes) {
          v.label = this.text(labelStart);
          // A regression model's logged prediction is a number; the general path says why not.
          if (!classifier && numericValue(v.label) === null) this.fail();
        } else {
          let match = -1;
          for (let k = 0; k < classes.length && match < 0; k++) if (this.was(labelStart, classes[k]!.bytes)) match = k;
          if (match < 0) this.fail();
          v.label = classes[match]!.name;
        }
      }
    } while (this.more(C.CloseBrace));
    if (v.score === null && v.label === null) this.fail();
  }

  /** prediction.probabilities as an array in class order or an object {class: p}; anything unusual gives up. */
  private probabilities(): void {
    const keys = this.schema.probabilityKeys;
    if (!keys) this.fail();
    const v = this.values;
    const into = v.probabilities;
    const k = keys.length;
    if (this.b[this.i] === C.OpenBracket) {
      this.i++;
      for (let c = 0; c < k; c++) {
        if (c > 0) this.expect(C.Comma);
        into[c] = this.probability();
      }
      this.expect(C.CloseBracket);
    } else {
      this.expect(C.OpenBrace);
      let seen = 0;
      if (this.peek() === C.CloseBrace) this.fail();
      const found = new Uint8Array(k);
      do {
        this.peek();
        let c = -1;
        for (let j = 0; j < k && c < 0; j++) if (this.key(keys[j])) c = j;
        if (c < 0 || found[c] !== 0) this.fail();
        found[c] = 1;
        seen++;
        this.expect(C.Colon);
        into[c] = this.probability();
      } while (this.more(C.CloseBrace));
      if (seen !== k) this.fail();
    }
    let sum = 0;
    for (let c = 0; c < k; c++) sum += into[c]!;
    if (probabilitySumProblem(sum) !== null) this.fail();
    v.hasProbabilities = true;
  }

  private probability(): number {
    const c = this.peek();
    if (c !== C.Minus && !(c >= C.Zero && c <= C.Nine)) this.fail();
    const p = this.number();
    if (!(p >= 0 && p <= 1)) this.fail();
    return p;
  }

  /**
   * Attributes are stored as the compact JSON the general path writes (keys in order,
   * no whitespace, numbers as String(n) writes them); accepted here only when the bytes
   * already are exactly that, so they are copied as they are.
   */
  private attributes(): void {
    const b = this.b;
    const keys = this.attributeKeys;
    keys.length = 0;
    const start = this.i;
    if (b[this.i++] !== C.OpenBrace) this.fail();
    if (b[this.i] === C.CloseBrace) this.i++;
    else {
      for (;;) {
        if (b[this.i] !== C.Quote) this.fail();
        const key = this.string();
        // Index-like keys ("7") would come first in JavaScript's property order: not here.
        if (this.units < 1 || this.units > MAX_ATTRIBUTE_NAME || (b[key]! >= C.Zero && b[key]! <= C.Nine)) this.fail();
        for (const other of keys) if (this.sameString(other, key)) this.fail();
        keys.push(key);
        if (keys.length > MAX_ATTRIBUTES) this.fail();
        if (b[this.i++] !== C.Colon) this.fail();
        const c = b[this.i];
        if (c === C.Quote) {
          this.string();
          if (this.units > MAX_TEXT) this.fail();
        } else if (c === C.LowerT) this.literal('true');
        else if (c === C.LowerF) this.literal('false');
        else if (c === C.LowerN) this.literal('null');
        else this.canonicalInteger();
        const next = b[this.i++];
        if (next === C.CloseBrace) break;
        if (next !== C.Comma) this.fail();
      }
    }
    this.values.attributesStart = start;
    this.values.attributesEnd = this.i;
  }

  private literal(word: 'true' | 'false' | 'null'): void {
    for (let k = 0; k < word.length; k++) if (this.b[this.i + k] !== word.charCodeAt(k)) this.fail();
    this.i += word.length;
  }

  /** An integer written as String(n) would write it: no sign but a minus, no leading zero, no −0. */
  private canonicalInteger(): void {
    const b = this.b;
    let i = this.i;
    if (b[i] === C.Minus) i++;
    const first = i;
    while (b[i]! >= C.Zero && b[i]! <= C.Nine) i++;
    const digits = i - first;
    if (digits === 0 || digits > MAX_EXACT_DIGITS || (b[first] === C.Zero && (digits > 1 || first > this.i))) this.fail();
    const c = b[i];
    if (c === C.Dot || c === C.LowerE || c === C.UpperE) this.fail();
    this.i = i;
  }

  /** Whether the strings whose contents start at `a` and `b` (both already scanned) are equal. */
  private sameString(a: number, start: number): boolean {
    const b = this.b;
    let k = 0;
    for (; b[a + k] !== C.Quote && b[start + k] !== C.Quote; k++) if (b[a + k] !== b[start + k]) return false;
    return b[a + k] === C.Quote && b[start + k] === C.Quote;
  }

  private emit(): void {
    const rows = this.rows;
    const v = this.values;
    rows.beginRow();
    rows.requestIdBytes(this.b, v.requestIdStart, v.requestIdEnd);
    rows.time(v.time);
    rows.version(v.versionId);
    rows.beginFeatures(this.schema.width);
    for (let f = 0; f < this.schema.width; f++) rows.feature(v.present[f] === 1 ? v.features[f]! : null);
    rows.endFeatures();
    rows.prediction(v.score, v.label);
    rows.latency(v.latency);
    if (v.attributesStart < 0) rows.attributes(null);
    else rows.attributesJson(this.b, v.attributesStart, v.attributesEnd);
    rows.probabilities(v.hasProbabilities ? v.probabilities : null);
  }
}

/**
 * Scans the events of a batch whose head scanBatchHead read, encoding each into `rows`;
 * null when the general path must decide (then `rows` holds a partial stream: discard it).
 */
export function scanEvents(body: Buffer, head: BatchHead, context: ValidationContext, rows: EventCopyRows): ScannedBatch | null {
  try {
    return new EventScanner(body, new Schema(context), rows).events(head.eventsAt);
  } catch (error) {
    if (error === GIVE_UP) return null;
    throw error;
  }
}
