import { appRouter } from '@/server/app-router';
import { handleTrpcRequest } from '@/server/trpc/http-handler';
import { createRequestContext } from '@/server/trpc/request-context';

// Errors are logged (once, without parameter values) and made public by server/trpc.
function handler(request: Request) {
  return handleTrpcRequest(appRouter, request, () => createRequestContext(request.headers));
}

export { handler as GET, handler as POST };
