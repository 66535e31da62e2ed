import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dataDir } from '@/server/config/data-dir';

// Small secrets that must be usable later (e.g. HMAC keys for inbound webhooks) cannot be
// hashed like API tokens, so they are sealed with AES-256-GCM under one key per installation.

const KEY_BYTES = 32;
const IV_BYTES = 12; // the size GCM is specified for; other sizes get hashed into one
const TAG_BYTES = 16;
const KEY_ENV = 'VIGIL_SECRETS_KEY';
const KEY_FILE = 'secrets-key';
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A sealed secret that cannot be opened: wrong key, truncated, or altered. */
export class SecretOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretOpenError';
  }
}

function assertKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new Error(`secrets key must be ${KEY_BYTES} bytes, got ${key.length}`);
}

/** Encrypts `plaintext`; returns base64 of iv(12) | tag(16) | ciphertext. A fresh iv every call. */
export function sealSecret(plaintext: string, key: Buffer): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
}

/** Decrypts what `sealSecret` produced; throws `SecretOpenError` when the tag does not verify. */
export function openSecret(sealed: string, key: Buffer): string {
  assertKey(key);
  if (!BASE64.test(sealed)) throw new SecretOpenError('sealed secret is not base64');
  const bytes = Buffer.from(sealed, 'base64');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new SecretOpenError('sealed secret is too short to contain iv and tag');
  const iv = bytes.subarray(0, IV_BYTES);
  const tag = bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    // Node only says "Unsupported state or unable to authenticate data"; say what it means.
    throw new SecretOpenError('sealed secret failed authentication: wrong secrets key, or the data was altered');
  }
}

function decodeKey(encoded: string, origin: string): Buffer {
  const trimmed = encoded.trim();
  const bytes = BASE64.test(trimmed) ? Buffer.from(trimmed, 'base64') : Buffer.alloc(0);
  if (bytes.length !== KEY_BYTES) {
    // Never echo the value: it is (meant to be) a secret.
    throw new Error(`${origin} must be base64 of exactly ${KEY_BYTES} bytes (generate one with: openssl rand -base64 32)`);
  }
  return bytes;
}

/**
 * Creates the key file without ever exposing a half-written or second key: the content is
 * written to a private temporary file and hard-linked into place, which fails if another
 * process (web and worker start together) got there first; then everyone reads the winner.
 */
function readOrCreateKeyFile(file: string): Buffer {
  try {
    return decodeKey(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, randomBytes(KEY_BYTES).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return decodeKey(readFileSync(file, 'utf8'), file);
}

/**
 * The key from `envValue` when set, else from `directory`. Blank counts as unset, like the
 * other persistent secrets (compose files often pass `VAR=${VAR}` through empty).
 */
export function readSecretsKey(source: { envValue: string | undefined; directory: string }): Buffer {
  if (source.envValue?.trim()) return decodeKey(source.envValue, KEY_ENV);
  return readOrCreateKeyFile(path.join(source.directory, KEY_FILE));
}

let cachedKey: Buffer | null = null;

/** The installation's secrets key: `VIGIL_SECRETS_KEY`, else `<data dir>/secrets-key`; read once per process. */
export function loadSecretsKey(): Buffer {
  cachedKey ??= readSecretsKey({ envValue: process.env[KEY_ENV], directory: dataDir() });
  return cachedKey;
}
