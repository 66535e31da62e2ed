import { desc, eq, isNull, and } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '@/db/client';
import { apiTokens, users } from '@/db/schema';
import { recordAudit } from '@/server/audit/record-audit';
import type { Actor } from '@/server/auth/actor';
import { AppError } from '@/server/errors/app-error';
import type { ListWindow } from '@/server/validation/input-primitives';
import type { createTokenSchema, revokeTokenSchema } from './api-token-schemas';
import { generateTokenSecret } from './token-secret';

export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Newest first; `window` pages through them (up to 500 without it). */
export async function listTokens(database: Database, window: ListWindow = {}): Promise<TokenView[]> {
  return database
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      scopes: apiTokens.scopes,
      createdBy: users.email,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .leftJoin(users, eq(users.id, apiTokens.createdBy))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .limit(window.limit ?? 500)
    .offset(window.offset ?? 0);
}

/** Creates a token; the secret is returned this once and only its hash is stored. */
export async function createToken(database: Database, actor: Actor, input: z.infer<typeof createTokenSchema>) {
  const { secret, prefix, secretHash } = generateTokenSecret();
  const scopes = [...new Set(input.scopes)].sort();
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const token = await database.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ name: input.name, prefix, secretHash, scopes, expiresAt, createdBy: actor.type === 'user' ? actor.id : null })
      .returning({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix });
    await recordAudit(tx, actor, {
      action: 'api_token.created',
      target: { type: 'api_token', id: row!.id, label: input.name },
      after: { name: input.name, prefix, scopes, expiresAt: expiresAt?.toISOString() ?? null },
    });
    return row!;
  });
  return { ...token, scopes, expiresAt, secret };
}

export async function revokeToken(database: Database, actor: Actor, input: z.infer<typeof revokeTokenSchema>) {
  return database.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, input.tokenId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix });
    if (!row) {
      const [exists] = await tx.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.id, input.tokenId));
      throw exists ? new AppError('conflict', 'This token is already revoked.') : new AppError('not_found', 'No such token.');
    }
    await recordAudit(tx, actor, {
      action: 'api_token.revoked',
      target: { type: 'api_token', id: row.id, label: row.name },
      details: { prefix: row.prefix },
    });
    return row;
  });
}
