import { z } from 'zod';
import { TOKEN_SCOPES } from '@/server/rbac/permissions';

export const createTokenSchema = z.object({
  name: z.string().trim().min(1, 'Name the token after the system that will use it').max(100),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1, 'Choose at least one scope'),
  /** Days until expiry; omit for a token that does not expire. */
  expiresInDays: z.number().int().min(1).max(730).optional(),
});

export const revokeTokenSchema = z.object({ tokenId: z.uuid() });
