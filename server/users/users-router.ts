import { authorized, router } from '@/server/trpc/init';
import { listUsers } from './user-queries';
import { createUserSchema, setActiveSchema, setRolesSchema } from './user-schemas';
import { createUser, setUserActive, setUserRoles } from './users-service';

export const usersRouter = router({
  list: authorized('users:read').query(({ ctx }) => listUsers(ctx.database)),
  create: authorized('users:manage')
    .input(createUserSchema)
    .mutation(({ ctx, input }) => createUser(ctx.database, ctx.actor, input)),
  setRoles: authorized('users:manage')
    .input(setRolesSchema)
    .mutation(({ ctx, input }) => setUserRoles(ctx.database, ctx.actor, input)),
  setActive: authorized('users:manage')
    .input(setActiveSchema)
    .mutation(({ ctx, input }) => setUserActive(ctx.database, ctx.actor, input)),
});
