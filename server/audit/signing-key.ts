import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dataDir } from '@/server/config/data-dir';

export interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
}

function fromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('The audit signing key must be an Ed25519 key');
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const raw = publicKey.export({ type: 'spki', format: 'der' });
  return { privateKey, publicKeyPem, keyId: createHash('sha256').update(raw).digest('hex').slice(0, 16) };
}

/**
 * The Ed25519 key that signs audit checkpoints: VIGIL_AUDIT_SIGNING_KEY (PKCS#8 PEM) when
 * set, as every worker of a real deployment must share one key; otherwise a key generated
 * once into the data directory for the embedded default.
 */
export function loadSigningKey(): SigningKey {
  const fromEnv = process.env.VIGIL_AUDIT_SIGNING_KEY;
  if (fromEnv) return fromPem(fromEnv.replace(/\\n/g, '\n'));
  const file = path.join(dataDir(), 'audit-signing-key.pem');
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  }
  return fromPem(readFileSync(file, 'utf8'));
}
