import { TRPCError } from '@trpc/server';
import { forbidden, notFound, redirect } from 'next/navigation';
import { CHANGE_PASSWORD_PATH, PasswordChangeRequired } from '@/server/auth/password-change-required';
import { serverCaller } from '@/server/server-caller';
import { BadPageRequest } from './error-reference';
import { redirectToSignIn } from './sign-in-redirect';

type Caller = Awaited<ReturnType<typeof serverCaller>>;

/**
 * Loads a page's data through the tRPC caller, so pages are refused by the same permission
 * checks as the API: 403 without the permission, sign-in (and back) without a session, 404
 * for what does not exist, and a 400 message in the portal for parameters the procedure
 * refuses (`?a=abc`), never a 500.
 */
export async function loadOrRefuse<T>(load: (caller: Caller) => Promise<T>): Promise<T> {
  try {
    return await load(await serverCaller());
  } catch (error) {
    if (error instanceof TRPCError) {
      // Layout and page render in parallel: the page must not show a 403 where the layout redirects.
      if (error.cause instanceof PasswordChangeRequired) redirect(CHANGE_PASSWORD_PATH);
      if (error.code === 'FORBIDDEN') forbidden();
      if (error.code === 'UNAUTHORIZED') await redirectToSignIn();
      if (error.code === 'NOT_FOUND') notFound();
      // A refusal logged with a request id already carries a digest the error page reads.
      if (error.code === 'BAD_REQUEST' && !('digest' in error && error.digest)) throw new BadPageRequest(error.message);
    }
    throw error;
  }
}
