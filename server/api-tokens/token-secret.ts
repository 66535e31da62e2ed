import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'vgl_';

export function generateTokenSecret(): { secret: string; prefix: string; secretHash: string } {
  const secret = PREFIX + randomBytes(24).toString('base64url');
  return { secret, prefix: secret.slice(0, 12), secretHash: hashTokenSecret(secret) };
}

export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function looksLikeTokenSecret(value: string): boolean {
  return /^vgl_[A-Za-z0-9_-]{32}$/.test(value);
}
