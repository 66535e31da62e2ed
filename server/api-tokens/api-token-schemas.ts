import { z } from 'zod';
import { singleLineText } from '@/server/validation/input-primitives';
import { TOKEN_SCOPES } from '@/server/rbac/permissions';

export const createTokenSchema = z.object({
  name: singleLineText(100, { trim: true }).min(1, 'Name the token after the system that will use it'),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1, 'Choose at least one scope'),
  /** Days until expiry; omit for a token that does not expire. */
  expiresInDays: z.number().int().min(1).max(730).optional(),
});

export const revokeTokenSchema = z.object({ tokenId: z.uuid() });
