import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dataDir } from '@/server/config/data-dir';

/** A random base64url secret generated once into the data directory (readable by its owner only). */
export function generatedSecret(fileName: string): string {
  const file = path.join(dataDir(), fileName);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** A secret from the environment, or one generated once into the data directory. */
export function persistentSecret(envName: string, fileName: string): string {
  return process.env[envName] || generatedSecret(fileName);
}
