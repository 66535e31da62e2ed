import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '@/server/errors/app-error';
import { anyText, coercedDateInRange, dateInRange, int4, int4FromText, isoDateTime, jsonValue, listWindowQuerySchema, MAX_LIST_OFFSET, multilineText, realNumber, singleLineText } from './input-primitives';
import { decodeTextBody, decodeUtf8, findTextProblem, parseJsonRequestBody, textProblem } from './text-checks';

const issues = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  return parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('text primitives', () => {
  it('refuse NUL and lone surrogates in every kind of text, naming the reason', () => {
    for (const schema of [singleLineText(100), multilineText(100), anyText(100)]) {
      expect(issues(schema, 'a\u0000b')).toEqual([': must not contain NUL characters']);
      expect(issues(schema, 'a\ud800')).toEqual([': is not well-formed Unicode (it contains a lone surrogate)']);
      expect(issues(schema, '\udc00a')).not.toBeNull();
      expect(issues(schema, 'ok 😀 ü')).toBeNull();
    }
  });

  it('single lines refuse control characters, free text keeps line breaks and tabs', () => {
    expect(issues(singleLineText(100), 'a\nb')).toEqual([': must not contain control characters']);
    expect(issues(singleLineText(100), 'a\u0085b')).not.toBeNull();
    expect(issues(multilineText(100), 'a\n\tb\r\n')).toBeNull();
    expect(issues(multilineText(100), 'a\u001bb')).toEqual([': must not contain control characters']);
    expect(issues(anyText(100), 'a\u001bb')).toBeNull();
  });

  it('keep length limits and trim before them when asked', () => {
    expect(issues(singleLineText(3), 'abcd')).not.toBeNull();
    expect(singleLineText(3, { trim: true }).parse('  abc  ')).toBe('abc');
    expect(issues(singleLineText(10, { trim: true }).min(1), '   ')).not.toBeNull();
  });
});

describe('number and date primitives', () => {
  it('int4 refuses what an int4 column cannot hold', () => {
    expect(issues(int4(), 2_147_483_647)).toBeNull();
    expect(issues(int4(), 2_147_483_648)).not.toBeNull();
    expect(issues(int4(), 0)).not.toBeNull();
    expect(issues(int4(0), 0)).toBeNull();
    expect(issues(int4FromText(), '2147483648')).not.toBeNull();
    expect(int4FromText().parse('7')).toBe(7);
  });

  it('a list window from a query string keeps the bounds and defaults of listWindowSchema', () => {
    expect(listWindowQuerySchema.parse({})).toEqual({ limit: 500, offset: 0 });
    expect(listWindowQuerySchema.parse({ limit: '20', offset: String(MAX_LIST_OFFSET) })).toEqual({ limit: 20, offset: MAX_LIST_OFFSET });
    for (const query of [{ limit: '0' }, { limit: '501' }, { limit: '' }, { limit: '1e2' }, { limit: ' 5' }, { offset: '-1' }, { offset: String(MAX_LIST_OFFSET + 1) }, { offset: '9'.repeat(40) }]) {
      expect(issues(listWindowQuerySchema, query), JSON.stringify(query)).not.toBeNull();
    }
  });

  it('realNumber refuses overflow and underflow of a 4-byte float', () => {
    expect(issues(realNumber(), 1e308)).not.toBeNull();
    expect(issues(realNumber(), -3.5e38)).not.toBeNull();
    expect(issues(realNumber(), 1e-50)).not.toBeNull();
    expect(issues(realNumber(), 3.4e38)).toBeNull();
    expect(issues(realNumber(), 0)).toBeNull();
    expect(issues(realNumber(), Number.POSITIVE_INFINITY)).not.toBeNull();
  });

  it('dates must lie between 1900 and 9999', () => {
    expect(issues(coercedDateInRange(), '0000-01-01T00:00:00Z')).not.toBeNull();
    expect(issues(coercedDateInRange(), '+010000-01-01T00:00:00Z')).not.toBeNull();
    expect(issues(coercedDateInRange(), 'not a date')).not.toBeNull();
    expect(issues(coercedDateInRange(), '2026-03-01T00:00:00Z')).toBeNull();
    expect(issues(dateInRange(), new Date('0000-01-01T00:00:00Z'))).not.toBeNull();
    expect(issues(dateInRange(), new Date(Number.NaN))).not.toBeNull();
    expect(issues(isoDateTime(), '0000-01-01T00:00:00Z')).not.toBeNull();
    expect(issues(isoDateTime(), '2026-03-01T00:00:00+02:00')).toBeNull();
  });
});

describe('jsonValue', () => {
  it('finds NUL and lone surrogates at any depth, in keys too, and names the path', () => {
    expect(issues(jsonValue(), { a: [{ b: 'x\u0000' }] })).toEqual(['a.0.b: must not contain NUL characters']);
    expect(issues(jsonValue(), { a: { 'k\ud800': 1 } })).toEqual(['a.k\\ud800: its key is not well-formed Unicode (it contains a lone surrogate)']);
    expect(issues(jsonValue(), { a: [1, 'two', null, { three: true }] })).toBeNull();
    expect(issues(z.object({ p: jsonValue() }), { p: { deep: ['\udfff'] } })).toEqual(['p.deep.0: is not well-formed Unicode (it contains a lone surrogate)']);
  });
});

describe('request text', () => {
  it('decodes UTF-8 strictly: malformed bytes are refused, not replaced', () => {
    expect(decodeUtf8(Buffer.from('héllo'))).toBe('héllo');
    expect(() => decodeUtf8(Uint8Array.from([0x61, 0xff]))).toThrow(AppError);
    expect(() => decodeUtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toThrow(/not valid UTF-8/); // an encoded surrogate
    expect(() => decodeTextBody(Buffer.from('a,b\n1,\u00002\n'))).toThrow(/NUL character on line 2/);
  });

  it('refuses JSON bodies carrying NUL or lone surrogates as escapes, naming the path', () => {
    expect(() => parseJsonRequestBody(Buffer.from('{"a":[{"b":"\\u0000"}]}'))).toThrow('a.0.b: must not contain NUL characters.');
    expect(() => parseJsonRequestBody(Buffer.from('{"x":{"\\ud800":1}}'))).toThrow('x.\\ud800: its key is not well-formed');
    expect(parseJsonRequestBody(Buffer.from('{"a":"\\ud83d\\ude00 \\\\u0000"}'))).toEqual({ a: '😀 \\u0000' });
    expect(() => parseJsonRequestBody(Buffer.from('{"a":'))).toThrow('The request body is not valid JSON.');
    // The message quotes the key escaped: it is stored in refusal logs (a raw NUL there failed the insert; found by the REST fuzz).
    const message = (() => {
      try {
        parseJsonRequestBody(Buffer.from('{"a\\u0000b":1}'));
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toBe('a\\u0000b: its key must not contain NUL characters.');
  });

  it('textProblem and findTextProblem agree on what is acceptable', () => {
    expect(textProblem('plain')).toBeNull();
    expect(findTextProblem({ a: 'plain', b: ['x', 1, { c: null }] })).toBeNull();
    expect(findTextProblem(['\u0000'])).toEqual({ path: [0], message: 'must not contain NUL characters' });
  });
});
