import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SecretOpenError, loadSecretsKey, openSecret, readSecretsKey, sealSecret } from './secret-box';

const key = randomBytes(32);
const directories: string[] = [];

function temporaryDirectory(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'vigil-secrets-'));
  directories.push(directory);
  return directory;
}

afterEach(() => {
  vi.unstubAllEnvs();
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function flipByte(sealed: string, index: number): string {
  const bytes = Buffer.from(sealed, 'base64');
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}

describe('sealSecret / openSecret', () => {
  it('opens what it sealed, including non-ASCII and empty secrets', () => {
    for (const secret of ['whsec_abc123', 'pässwörd 🔐', '']) {
      expect(openSecret(sealSecret(secret, key), key)).toBe(secret);
    }
  });

  it('lays out iv(12) | tag(16) | ciphertext and never stores the plaintext', () => {
    const sealed = sealSecret('hunter2-hunter2', key);
    const bytes = Buffer.from(sealed, 'base64');
    expect(bytes.length).toBe(12 + 16 + Buffer.byteLength('hunter2-hunter2'));
    expect(bytes.includes(Buffer.from('hunter2'))).toBe(false);
  });

  it('uses a fresh iv each time, so equal secrets do not look equal at rest', () => {
    expect(sealSecret('same', key)).not.toBe(sealSecret('same', key));
  });

  it('refuses to open with the wrong key', () => {
    const sealed = sealSecret('secret', key);
    expect(() => openSecret(sealed, randomBytes(32))).toThrow(SecretOpenError);
    expect(() => openSecret(sealed, randomBytes(32))).toThrow(/wrong secrets key, or the data was altered/);
  });

  it('detects tampering with the iv, the tag or the ciphertext', () => {
    const sealed = sealSecret('secret value', key);
    for (const index of [0, 11, 12, 27, 28, 35]) {
      expect(() => openSecret(flipByte(sealed, index), key)).toThrow(SecretOpenError);
    }
  });

  it('rejects truncated and non-base64 input with a clear message', () => {
    expect(() => openSecret(Buffer.alloc(20).toString('base64'), key)).toThrow(/too short/);
    expect(() => openSecret('not base64!', key)).toThrow(/not base64/);
    const sealed = Buffer.from(sealSecret('abcdef', key), 'base64');
    expect(() => openSecret(sealed.subarray(0, sealed.length - 1).toString('base64'), key)).toThrow(SecretOpenError);
  });

  it('insists on a 32-byte key', () => {
    expect(() => sealSecret('x', randomBytes(16))).toThrow(/32 bytes/);
    expect(() => openSecret(sealSecret('x', key), randomBytes(31))).toThrow(/32 bytes/);
  });
});

describe('readSecretsKey', () => {
  it('takes a base64 key from the environment', () => {
    const encoded = key.toString('base64');
    expect(readSecretsKey({ envValue: encoded, directory: temporaryDirectory() }).equals(key)).toBe(true);
  });

  it('rejects an environment key of the wrong size without echoing it', () => {
    const tooShort = randomBytes(16).toString('base64');
    const read = () => readSecretsKey({ envValue: tooShort, directory: temporaryDirectory() });
    expect(read).toThrow(/VIGIL_SECRETS_KEY must be base64 of exactly 32 bytes/);
    try {
      read();
    } catch (error) {
      expect((error as Error).message).not.toContain(tooShort);
    }
    expect(() => readSecretsKey({ envValue: 'not*base64', directory: temporaryDirectory() })).toThrow(/VIGIL_SECRETS_KEY/);
  });

  it('generates a key file once, private to the owner, and reuses it', () => {
    const directory = path.join(temporaryDirectory(), 'nested', 'data');
    const first = readSecretsKey({ envValue: undefined, directory });
    const file = path.join(directory, 'secrets-key');
    expect(first.length).toBe(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64').equals(first)).toBe(true);
    expect(readSecretsKey({ envValue: undefined, directory }).equals(first)).toBe(true);
  });

  it('treats a blank environment value as unset', () => {
    const directory = temporaryDirectory();
    const fromFile = readSecretsKey({ envValue: undefined, directory });
    expect(readSecretsKey({ envValue: '  ', directory }).equals(fromFile)).toBe(true);
  });

  it('keeps an existing key file rather than replacing it', () => {
    const directory = temporaryDirectory();
    writeFileSync(path.join(directory, 'secrets-key'), key.toString('base64'), { mode: 0o600 });
    expect(readSecretsKey({ envValue: undefined, directory }).equals(key)).toBe(true);
  });

  it('fails loudly on a damaged key file instead of making a new key', () => {
    const directory = temporaryDirectory();
    const file = path.join(directory, 'secrets-key');
    writeFileSync(file, 'garbage', { mode: 0o600 });
    expect(() => readSecretsKey({ envValue: undefined, directory })).toThrow(/secrets-key must be base64 of exactly 32 bytes/);
    expect(readFileSync(file, 'utf8')).toBe('garbage');
  });
});

describe('loadSecretsKey', () => {
  it('reads the data directory key once per process', () => {
    const directory = temporaryDirectory();
    vi.stubEnv('VIGIL_DATA_DIR', directory);
    vi.stubEnv('VIGIL_SECRETS_KEY', '');
    const first = loadSecretsKey();
    expect(readFileSync(path.join(directory, 'secrets-key'), 'utf8').trim()).toBe(first.toString('base64'));

    vi.stubEnv('VIGIL_SECRETS_KEY', randomBytes(32).toString('base64'));
    expect(loadSecretsKey()).toBe(first);
  });
});
