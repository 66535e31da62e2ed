import { AppError } from '@/server/errors/app-error';

// What every piece of text that comes in must be, wherever it comes from: well-formed
// Unicode (a lone surrogate is mangled to U+FFFD on its way to PostgreSQL, so two distinct
// ids would become one) and free of NUL (text and jsonb cannot hold it). Pure; shared by
// the zod primitives, the request-body decoder and the tRPC and REST edges.

// ES2024 string methods (Node ≥ 20 has them; the project's TypeScript lib is ES2023).
declare global {
  interface String {
    isWellFormed(): boolean;
    toWellFormed(): string;
  }
}

export type TextKind =
  /** Anything storable: passwords, CSV cells. */
  | 'any'
  /** Free text over several lines: tab, line feed and carriage return allowed. */
  | 'multiline'
  /** Names, ids, labels: no control characters at all. */
  | 'single-line';

/** Why `value` is not acceptable text of `kind`, or null when it is. */
export function textProblem(value: string, kind: TextKind = 'any'): string | null {
  if (!value.isWellFormed()) return 'is not well-formed Unicode (it contains a lone surrogate)';
  if (kind === 'any') return value.includes('\u0000') ? 'must not contain NUL characters' : null;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0) return 'must not contain NUL characters';
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      if (kind === 'multiline' && (c === 0x09 || c === 0x0a || c === 0x0d)) continue;
      return 'must not contain control characters';
    }
  }
  return null;
}

export interface TextFinding {
  /** Where the text sits, e.g. ['events', 3, 'attributes', 'gender'] (a key names itself). */
  path: (string | number)[];
  message: string;
}

/** `text` fit to quote in a message or a log: NUL, control characters and lone surrogates as JSON escapes. */
export function printable(text: string): string {
  return textProblem(text, 'single-line') ? JSON.stringify(text).slice(1, -1) : text;
}

/** `events.3.requestId`, or `input` for the value itself. */
export function pathText(path: readonly (string | number)[]): string {
  return path.length ? path.join('.') : 'input';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The first string (value or object key) inside a JSON-like value that is not acceptable
 * text (`any`: NUL or lone surrogate), or null. Nested payloads bound for jsonb are covered
 * too, keys included.
 */
export function findTextProblem(value: unknown, path: (string | number)[] = []): TextFinding | null {
  if (typeof value === 'string') {
    const message = textProblem(value);
    return message ? { path, message } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findTextProblem(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) {
      const message = textProblem(key);
      if (message) return { path: [...path, printable(key)], message: `its key ${message}` };
      const found = findTextProblem(value[key], [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

/** Throws a 400 naming the field when `value` carries unacceptable text anywhere. */
export function assertWellFormedText(value: unknown, path: (string | number)[] = []): void {
  const found = findTextProblem(value, path);
  if (found) {
    const where = pathText(found.path);
    throw new AppError('bad_request', `${where}: ${found.message}.`, [{ path: where, message: found.message }]);
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Request bytes as text, refused (400) when they are not valid UTF-8: a lenient decoder
 * would turn every malformed sequence into U+FFFD, merging distinct values.
 */
export function decodeUtf8(bytes: Uint8Array, what = 'The request body'): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new AppError('bad_request', `${what} is not valid UTF-8.`);
  }
}

/** `text` of a text body, refused (400 naming the line) when it holds a NUL. */
function refuseNul(text: string, what: string): string {
  const nul = text.indexOf('\u0000');
  if (nul >= 0) throw new AppError('bad_request', `${what} contains a NUL character on line ${text.slice(0, nul).split('\n').length}.`);
  return text;
}

/** A text request body (CSV): strict UTF-8 and no NUL anywhere (400 naming the line). */
export function decodeTextBody(bytes: Uint8Array, what = 'The file'): string {
  return refuseNul(decodeUtf8(bytes, what), what);
}

/**
 * decodeTextBody for a body read chunk by chunk, so its bytes are never held whole: `push`
 * each chunk (a character may straddle two), then `end` for the text. Same refusals.
 */
export function textBodyDecoder(what = 'The file'): { push(chunk: Uint8Array): void; end(): string } {
  // One decoder per body: streaming keeps the unfinished sequence between chunks.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const parts: string[] = [];
  const decode = (chunk?: Uint8Array) => {
    try {
      parts.push(chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode());
    } catch {
      throw new AppError('bad_request', `${what} is not valid UTF-8.`);
    }
  };
  return {
    push: (chunk) => decode(chunk),
    end: () => {
      decode();
      return refuseNul(parts.join(''), what);
    },
  };
}

/** A JSON request body: strict UTF-8 and valid JSON (400 otherwise); its strings are not checked. */
export function parseJsonText(bytes: Uint8Array): unknown {
  const text = decodeUtf8(bytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON.');
  }
}

/**
 * Parses a JSON request body: strict UTF-8, valid JSON, and no NUL or lone surrogate in any
 * string or key (400 naming the path). JSON text can only carry those as `\u` escapes once
 * the bytes are valid UTF-8, so bodies without escapes skip the walk. (Batch endpoints whose
 * validators check every string themselves, reporting per row, use parseJsonText.)
 */
export function parseJsonRequestBody(bytes: Uint8Array): unknown {
  const text = decodeUtf8(bytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON.');
  }
  if (text.includes('\\u')) assertWellFormedText(value);
  return value;
}
