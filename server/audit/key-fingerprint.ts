import { createHash, createPublicKey, type KeyObject } from 'node:crypto';

/**
 * What an auditor pins: SHA-256 of the raw 32-byte Ed25519 public key, as hex. The raw key
 * (not its PEM or DER wrapping) so the same key always has the same fingerprint.
 */
export function publicKeyFingerprint(key: string | KeyObject): string {
  const publicKey = typeof key === 'string' ? createPublicKey(key) : key.type === 'private' ? createPublicKey(key) : key;
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error('Audit signatures use Ed25519 keys only');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  return createHash('sha256').update(raw).digest('hex');
}

/** Accepts a fingerprint as people paste it: any case, with colons or spaces between bytes. */
export function parseFingerprint(text: string): string | null {
  const hex = text.replace(/[\s:]/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}
