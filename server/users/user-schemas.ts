import { z } from 'zod';
import { ROLES } from '@/server/rbac/permissions';
import { MIN_PASSWORD_LENGTH } from '@/server/users/password';

export const roleListSchema = z.array(z.enum(ROLES)).min(1, 'Choose at least one role').max(ROLES.length);

export const createUserSchema = z.object({
  email: z.email('Enter a valid email address').max(254),
  name: z.string().trim().min(1, 'Enter a name').max(120),
  roles: roleListSchema,
  /** Leave empty to generate a one-time password that is shown once. */
  password: z.string().min(MIN_PASSWORD_LENGTH, `Passwords need at least ${MIN_PASSWORD_LENGTH} characters`).max(200).optional(),
});

export const setRolesSchema = z.object({ userId: z.uuid(), roles: roleListSchema });
export const setActiveSchema = z.object({ userId: z.uuid(), active: z.boolean() });
