import { createHmac, timingSafeEqual } from 'node:crypto';

// GitHub signs the exact bytes it sends, so verification must run on the raw body, before
// any JSON parsing or re-encoding.

const HEADER = /^sha256=([0-9a-f]{64})$/i;

function hmacSha256(rawBody: Uint8Array, secret: string): Buffer {
  return createHmac('sha256', secret).update(rawBody).digest();
}

/** The `X-Hub-Signature-256` value GitHub would send for this body and secret. */
export function signGithubBody(rawBody: Uint8Array, secret: string): string {
  return `sha256=${hmacSha256(rawBody, secret).toString('hex')}`;
}

/**
 * True when `header` is a valid `sha256=<hex>` HMAC of `rawBody` under any of `secrets`
 * (primary first, then the previous one while a rotation is under way). Empty secrets are
 * skipped: an HMAC under an empty key is something anyone can forge.
 */
export function verifyGithubSignature(rawBody: Uint8Array, header: string | null, secrets: readonly string[]): boolean {
  const match = header === null ? null : HEADER.exec(header.trim());
  if (!match?.[1]) return false;
  const received = Buffer.from(match[1], 'hex');
  let verified = false;
  // No early exit: every configured secret costs the same, whichever one matches.
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    const expected = hmacSha256(rawBody, secret);
    if (expected.length === received.length && timingSafeEqual(expected, received)) verified = true;
  }
  return verified;
}
