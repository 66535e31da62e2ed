import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Standard Webhooks (https://www.standardwebhooks.com): the signed content is
// `${webhook-id}.${webhook-timestamp}.${body}`, so a signature cannot be replayed with a
// different id or time, and the timestamp tolerance bounds how long a capture stays useful.

const SECRET_PREFIX = 'whsec_';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const UNIX_SECONDS = /^\d{1,15}$/;
/** A sender may list several signatures (key rotation); more than this is not a real sender. */
const MAX_SIGNATURES = 16;
const MIN_KEY_BYTES = 24;

export type StandardWebhookFailure = 'missing_headers' | 'stale_timestamp' | 'bad_signature';

export type StandardWebhookVerification =
  | { ok: true; id: string; timestamp: Date }
  | { ok: false; reason: StandardWebhookFailure; message: string };

/**
 * The HMAC key inside `whsec_<base64>` (the prefix is optional, as in the reference
 * libraries). The spec asks for 24 to 64 bytes; a shorter key, empty above all, is guessable.
 */
function secretKey(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
  if (key.length < MIN_KEY_BYTES) throw new Error(`webhook secret must be whsec_ followed by base64 of at least ${MIN_KEY_BYTES} bytes`);
  return key;
}

function signatureBytes(key: Buffer, id: string, seconds: number, body: Uint8Array): Buffer {
  return createHmac('sha256', key).update(`${id}.${seconds}.`, 'utf8').update(body).digest();
}

function toBytes(body: string | Uint8Array): Uint8Array {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

/** The `webhook-signature` header value (`v1,<base64>`) for one message. */
export function signStandardWebhook(secret: string, id: string, timestamp: Date, body: string | Uint8Array): string {
  const seconds = Math.floor(timestamp.getTime() / 1000);
  return `v1,${signatureBytes(secretKey(secret), id, seconds, toBytes(body)).toString('base64')}`;
}

/** Decodes the `v1` entries of a `webhook-signature` header; other versions (e.g. `v1a`) are not ours to check. */
function v1Signatures(header: string): Buffer[] {
  const signatures: Buffer[] = [];
  for (const entry of header.split(' ').slice(0, MAX_SIGNATURES)) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    const encoded = entry.slice(comma + 1);
    if (BASE64.test(encoded)) signatures.push(Buffer.from(encoded, 'base64'));
  }
  return signatures;
}

/**
 * Verifies a Standard Webhooks delivery against any of `secrets` (several during rotation).
 * Throws only for a malformed configured secret, which is a setup error, not a bad request.
 */
export function verifyStandardWebhook(
  headers: Headers,
  rawBody: Uint8Array,
  secrets: readonly string[],
  now: Date = new Date(),
  toleranceSeconds = 300,
): StandardWebhookVerification {
  const id = headers.get('webhook-id');
  const timestampHeader = headers.get('webhook-timestamp');
  const signatureHeader = headers.get('webhook-signature');
  if (!id || !timestampHeader || !signatureHeader) {
    return { ok: false, reason: 'missing_headers', message: 'webhook-id, webhook-timestamp and webhook-signature are required' };
  }
  if (!UNIX_SECONDS.test(timestampHeader)) {
    return { ok: false, reason: 'missing_headers', message: 'webhook-timestamp must be whole unix seconds' };
  }
  const seconds = Number(timestampHeader);
  const skew = Math.floor(now.getTime() / 1000) - seconds;
  if (Math.abs(skew) > toleranceSeconds) {
    const direction = skew > 0 ? 'old' : 'far in the future';
    return {
      ok: false,
      reason: 'stale_timestamp',
      message: `webhook-timestamp is ${Math.abs(skew)}s ${direction}; the tolerance is ${toleranceSeconds}s`,
    };
  }

  const received = v1Signatures(signatureHeader);
  let verified = false;
  // Check every pair rather than stopping at the first hit, so timing does not reveal which matched.
  for (const secret of secrets) {
    const expected = signatureBytes(secretKey(secret), id, seconds, rawBody);
    for (const candidate of received) {
      if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) verified = true;
    }
  }
  if (!verified) return { ok: false, reason: 'bad_signature', message: 'no webhook-signature matches a configured secret' };
  return { ok: true, id, timestamp: new Date(seconds * 1000) };
}

/**
 * A new secret for an inbound webhook. GitHub takes any string, so hex keeps it copy-safe;
 * Standard Webhooks secrets are `whsec_` + base64 of the key bytes.
 */
export function generateWebhookSecret(kind: 'github' | 'standard'): string {
  const key = randomBytes(32);
  return kind === 'github' ? key.toString('hex') : SECRET_PREFIX + key.toString('base64');
}
