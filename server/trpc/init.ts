import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { PasswordChangeRequired } from '@/server/auth/password-change-required';
import { can, type Permission } from '@/server/rbac/permissions';
import { findTextProblem, pathText } from '@/server/validation/text-checks';
import { actorOf, type TrpcContext } from './context';
import { isSameOrigin } from './same-origin';
import { publicShape, toTrpcError } from './trpc-errors';

export interface ProcedureMeta {
  permission?: Permission;
  /** Callable by a user who must still replace a one-time password (the change itself). */
  beforePasswordChange?: boolean;
}

const t = initTRPC
  .context<TrpcContext>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    // Every error leaves through here: only public messages (see trpc-errors.ts).
    errorFormatter: ({ shape, error, path }) => publicShape(shape, error, path),
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure is built from this: it must declare `meta({ permission })`, is refused
 * without a session or the permission, and mutations must come from this origin. Input text
 * anywhere (nested jsonb payloads and keys included) must be well-formed and free of NUL
 * before any schema sees it; failures leave as public errors (trpc-errors.ts).
 */
const guarded = t.procedure.use(async ({ ctx, meta, type, path, getRawInput, next }) => {
  if (!meta?.permission) {
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Procedure declares no permission' });
  }
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
  if (ctx.user.mustChangePassword && !meta.beforePasswordChange) {
    const cause = new PasswordChangeRequired();
    throw new TRPCError({ code: 'FORBIDDEN', message: cause.message, cause });
  }
  if (type === 'mutation' && !isSameOrigin(ctx.headers)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Cross-origin request refused.' });
  }
  if (!can(ctx.user.roles, meta.permission)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: `You need the ${meta.permission} permission for this.` });
  }
  const text = findTextProblem(await getRawInput());
  if (text) throw new TRPCError({ code: 'BAD_REQUEST', message: `${pathText(text.path)}: ${text.message}` });
  const result = await next({ ctx: { ...ctx, user: ctx.user, actor: actorOf(ctx.user, ctx.origin) } });
  if (!result.ok) throw toTrpcError(result.error, path);
  return result;
});

/** A procedure that requires `permission`; the declaration is what the RBAC test reads. */
export function authorized(permission: Permission) {
  return guarded.meta({ permission });
}
