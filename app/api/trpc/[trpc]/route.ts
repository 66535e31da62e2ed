import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@/server/app-router';
import { createRequestContext } from '@/server/trpc/request-context';

function handler(request: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: () => createRequestContext(request.headers),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? ''} failed:`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
