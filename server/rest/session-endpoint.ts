import 'server-only';
import type { UserSummary } from '@/server/users/user-queries';
import type { Actor } from '@/server/auth/actor';
import { PASSWORD_CHANGE_REQUIRED_MESSAGE } from '@/server/auth/password-change-required';
import { originFromHeaders } from '@/server/auth/request-origin';
import { getSessionUser } from '@/server/auth/session-user';
import { AppError } from '@/server/errors/app-error';
import { can, type Permission } from '@/server/rbac/permissions';
import { actorOf } from '@/server/trpc/context';
import { isSameOrigin } from '@/server/trpc/same-origin';
import { assertWellFormedText } from '@/server/validation/text-checks';
import { errorResponse } from './json-error';

// Browser routes that are not tRPC (file uploads and downloads) declare their permission
// here, next to the handler, and get the same checks as a tRPC procedure: signed in, the
// permission from the one table, and for state changes the same-origin (CSRF) check. The
// authorization-matrix test walks every endpoint in server/session-endpoints.ts.

export interface SessionEndpointSpec {
  /** What the route does, for errors and the matrix test. */
  name: string;
  permission: Permission;
  /** Changes state: refused unless the request comes from this very origin. */
  mutation: boolean;
}

export interface SessionContext {
  user: UserSummary;
  actor: Actor;
  request: Request;
}

export interface SessionEndpoint<P> {
  spec: SessionEndpointSpec;
  /** Serves a request with the signed-in user of its session cookie. */
  serve(request: Request, params: P): Promise<Response>;
  /** Serves a request as the given user (null: signed out); the route and the tests share it. */
  serveAs(user: UserSummary | null, request: Request, params: P): Promise<Response>;
}

export function sessionEndpoint<P>(spec: SessionEndpointSpec, handler: (context: SessionContext, params: P) => Promise<Response>): SessionEndpoint<P> {
  const serveAs = async (user: UserSummary | null, request: Request, params: P): Promise<Response> => {
    try {
      if (!user) throw new AppError('unauthorized', `Sign in to ${spec.name}.`);
      if (user.mustChangePassword) throw new AppError('forbidden', PASSWORD_CHANGE_REQUIRED_MESSAGE);
      if (spec.mutation && !isSameOrigin(request.headers)) throw new AppError('forbidden', 'Cross-origin request refused.');
      if (!can(user.roles, spec.permission)) throw new AppError('forbidden', `You need the ${spec.permission} permission for this.`);
      assertWellFormedText(params);
      return await handler({ user, actor: actorOf(user, originFromHeaders(request.headers)), request }, params);
    } catch (error) {
      return errorResponse(error, `${request.method} ${new URL(request.url).pathname} (${spec.name})`);
    }
  };
  return { spec, serveAs, serve: async (request, params) => serveAs(await getSessionUser(), request, params) };
}
