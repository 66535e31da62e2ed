// What an error boundary can tell about a server failure. Next.js hands it the digest of a
// server error, never its message. Vigil's own digests name the failure's kind and, when it
// was logged, the request id it was logged under: `vigil-<code>` or `vigil-<code>:<requestId>`
// (server/errors/public-error.ts `digestOf`; load-or-refuse.ts for a page's bad parameters).
// Any other digest is Next.js's hash of the error, which the server log prints beside it.
// Pure: used by the error boundaries in the browser.

/** The digest of a page asked for with parameters it cannot use (a version that is not a number). */
export const BAD_REQUEST_DIGEST = 'vigil-bad_request';

export interface ErrorReference {
  /** `bad_request`, `unavailable`, `internal`, … for Vigil's digests; null otherwise. */
  code: string | null;
  requestId: string | null;
  /** What to quote to an administrator: the request id, else the digest, else nothing. */
  reference: string | null;
}

const VIGIL_DIGEST = /^vigil-([a-z_]+)(?::([A-Za-z0-9-]+))?$/;

export function errorReference(error: unknown): ErrorReference {
  const digest = typeof error === 'object' && error !== null && 'digest' in error && typeof error.digest === 'string' ? error.digest : null;
  const match = digest ? VIGIL_DIGEST.exec(digest) : null;
  if (match) return { code: match[1]!, requestId: match[2] ?? null, reference: match[2] ?? null };
  return { code: null, requestId: null, reference: digest };
}

/** An error carrying a digest the boundary recognises, for a page's unusable parameters. */
export class BadPageRequest extends Error {
  readonly digest = BAD_REQUEST_DIGEST;

  constructor(message: string) {
    super(message);
    this.name = 'BadPageRequest';
  }
}
