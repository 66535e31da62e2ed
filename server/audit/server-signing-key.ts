import { AppError } from '@/server/errors/app-error';
import { publicKeyFingerprint } from './key-fingerprint';
import { processSigningKey, type SigningKey } from './signing-key';

/** The web process's audit key; a clear 503 when it cannot be loaded. */
export function serverSigningKey(): SigningKey {
  try {
    return processSigningKey();
  } catch (error) {
    console.error('Audit signing key unavailable:', (error as Error).message);
    throw new AppError('unavailable', 'The audit signing key is not available to the web server (VIGIL_AUDIT_SIGNING_KEY), so nothing can be signed.');
  }
}

/** The public half of the key, as the page and the REST API publish it for pinning. */
export function publicSigningKey() {
  const key = serverSigningKey();
  return { algorithm: 'Ed25519' as const, fingerprint: publicKeyFingerprint(key.privateKey), keyId: key.keyId, publicKey: key.publicKeyPem };
}
