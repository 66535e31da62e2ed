import { z } from 'zod';
import { anyText, singleLineText } from '@/server/validation/input-primitives';
import { ROLES } from '@/server/rbac/permissions';
import { MIN_PASSWORD_LENGTH } from '@/server/users/password';

export const roleListSchema = z.array(z.enum(ROLES)).min(1, 'Choose at least one role').max(ROLES.length);

export const createUserSchema = z.object({
  email: z.email('Enter a valid email address').max(254),
  name: singleLineText(120, { trim: true }).min(1, 'Enter a name'),
  roles: roleListSchema,
  /** Leave empty to generate a one-time password that is shown once. */
  password: anyText(200).min(MIN_PASSWORD_LENGTH, `Passwords need at least ${MIN_PASSWORD_LENGTH} characters`).optional(),
});

export const setRolesSchema = z.object({ userId: z.uuid(), roles: roleListSchema });
export const setActiveSchema = z.object({ userId: z.uuid(), active: z.boolean() });

export const resetPasswordSchema = z.object({ userId: z.uuid() });
export const changeOwnPasswordSchema = z.object({
  currentPassword: anyText(200).min(1, 'Enter your current password'),
  newPassword: anyText(200).min(MIN_PASSWORD_LENGTH, `Passwords need at least ${MIN_PASSWORD_LENGTH} characters`),
});
