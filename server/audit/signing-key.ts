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

/** A fresh key (tests, benchmarks, a forger's key in the forgery tests). */
export function generateSigningKey(): SigningKey {
  return fromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
}

/**
 * The Ed25519 key that signs audit checkpoints and export manifests: VIGIL_AUDIT_SIGNING_KEY
 * (PKCS#8 PEM) when set, as every web and worker process of a real deployment must share one
 * key; otherwise a key generated once into the data directory for the embedded default.
 */
export function loadSigningKey(): SigningKey {
  const fromEnv = process.env.VIGIL_AUDIT_SIGNING_KEY;
  if (fromEnv) return fromPem(fromEnv.replace(/\\n/g, '\n'));
  const file = path.join(dataDir(), 'audit-signing-key.pem');
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // The web and worker processes start together: whoever wrote first wins, both read it.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return fromPem(readFileSync(file, 'utf8'));
}

let processKey: SigningKey | undefined;

/** The key, loaded once per process (the web process signs export manifests with it). */
export function processSigningKey(): SigningKey {
  processKey ??= loadSigningKey();
  return processKey;
}
