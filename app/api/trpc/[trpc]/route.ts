import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { db } from '@/db/client';
import { getSessionUser } from '@/server/auth/session-user';
import { appRouter } from '@/server/trpc/app-router';
import { buildContext } from '@/server/trpc/context';

function handler(request: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: async () => buildContext(db(), await getSessionUser(), request.headers),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? ''} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
