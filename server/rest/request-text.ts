import { assertWellFormedText, decodeUtf8 } from '@/server/validation/text-checks';

// Query strings and path segments are text that comes in too. URLSearchParams decodes
// percent-escapes leniently (%FF and %FE both become U+FFFD), so the query is decoded here
// strictly; path parameters arrive decoded and are checked for NUL and lone surrogates.

function percentDecode(text: string, name: string): string {
  const plus = text.replace(/\+/g, ' ');
  if (!plus.includes('%')) return plus;
  const bytes: number[] = [];
  for (let i = 0; i < plus.length; i++) {
    const c = plus.charCodeAt(i);
    if (c === 0x25 && /^[0-9A-Fa-f]{2}$/.test(plus.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(plus.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) bytes.push(c);
    else {
      // (URL serializes non-ASCII as escapes already; kept for completeness.)
      const point = String.fromCodePoint(plus.codePointAt(i)!);
      for (const b of Buffer.from(point, 'utf8')) bytes.push(b);
      i += point.length - 1;
    }
  }
  return decodeUtf8(Uint8Array.from(bytes), `The query parameter ${name}`);
}

/** The query string of `url` as name → value (the last of repeated names, as Object.fromEntries gave), strictly decoded. */
export function strictSearchParams(url: string): Record<string, string> {
  const search = new URL(url).search.slice(1);
  const result: Record<string, string> = {};
  if (!search) return result;
  for (const pair of search.split('&')) {
    if (!pair) continue;
    const at = pair.indexOf('=');
    const name = percentDecode(at < 0 ? pair : pair.slice(0, at), 'name');
    result[name] = percentDecode(at < 0 ? '' : pair.slice(at + 1), name);
  }
  assertWellFormedText(result);
  return result;
}

/** Route parameters as Next.js decoded them, refused (400) when they carry NUL or lone surrogates. */
export function checkedParams<P extends Record<string, string | string[]>>(params: P): P {
  assertWellFormedText(params);
  return params;
}
