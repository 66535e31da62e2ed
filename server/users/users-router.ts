import { authorized, router } from '@/server/trpc/init';
import { listWindowSchema } from '@/server/validation/input-primitives';
import { listUsers } from './user-queries';
import { changeOwnPassword, resetUserPassword } from '@/server/auth/password-change';
import { changeOwnPasswordSchema, createUserSchema, resetPasswordSchema, setActiveSchema, setRolesSchema } from './user-schemas';
import { createUser, setUserActive, setUserRoles } from './users-service';

export const usersRouter = router({
  list: authorized('users:read')
    .input(listWindowSchema.optional())
    .query(({ ctx, input }) => listUsers(ctx.database, input)),
  create: authorized('users:manage')
    .input(createUserSchema)
    .mutation(({ ctx, input }) => createUser(ctx.database, ctx.actor, input)),
  setRoles: authorized('users:manage')
    .input(setRolesSchema)
    .mutation(({ ctx, input }) => setUserRoles(ctx.database, ctx.actor, input)),
  setActive: authorized('users:manage')
    .input(setActiveSchema)
    .mutation(({ ctx, input }) => setUserActive(ctx.database, ctx.actor, input)),
  resetPassword: authorized('users:manage')
    .input(resetPasswordSchema)
    .mutation(({ ctx, input }) => resetUserPassword(ctx.database, ctx.actor, input)),
  /** Everyone's own password; the one procedure open to a user who must still replace a one-time password. */
  changeOwnPassword: authorized('portal:view')
    .meta({ beforePasswordChange: true })
    .input(changeOwnPasswordSchema)
    .mutation(({ ctx, input }) => changeOwnPassword(ctx.database, ctx.actor, input, ctx.sessionId)),
});
