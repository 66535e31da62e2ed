import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import superjson from 'superjson';
import { ZodError } from 'zod';
import { AppError, type AppErrorCode } from '@/server/errors/app-error';
import { can, type Permission } from '@/server/rbac/permissions';
import { actorOf, type TrpcContext } from './context';
import { isSameOrigin } from './same-origin';

export interface ProcedureMeta {
  permission?: Permission;
}

const t = initTRPC
  .context<TrpcContext>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const zod = error.cause instanceof ZodError ? error.cause.issues : null;
      return { ...shape, message: zod ? zod.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ') : shape.message, data: { ...shape.data, stack: undefined } };
    },
  });

const TRPC_CODES: Record<AppErrorCode, TRPC_ERROR_CODE_KEY> = {
  bad_request: 'BAD_REQUEST',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  payload_too_large: 'PAYLOAD_TOO_LARGE',
  unavailable: 'SERVICE_UNAVAILABLE',
  unsupported_media_type: 'UNSUPPORTED_MEDIA_TYPE',
  unprocessable: 'UNPROCESSABLE_CONTENT',
  rate_limited: 'TOO_MANY_REQUESTS',
};

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure is built from this: it must declare `meta({ permission })`, is refused
 * without a session or the permission, and mutations must come from this origin.
 */
const guarded = t.procedure.use(async ({ ctx, meta, type, next }) => {
  if (!meta?.permission) {
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Procedure declares no permission' });
  }
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue.' });
  if (type === 'mutation' && !isSameOrigin(ctx.headers)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Cross-origin request refused.' });
  }
  if (!can(ctx.user.roles, meta.permission)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: `You need the ${meta.permission} permission for this.` });
  }
  const result = await next({ ctx: { ...ctx, user: ctx.user, actor: actorOf(ctx.user, ctx.origin) } });
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: TRPC_CODES[cause.code], message: cause.message, cause });
  }
  return result;
});

/** A procedure that requires `permission`; the declaration is what the RBAC test reads. */
export function authorized(permission: Permission) {
  return guarded.meta({ permission });
}
