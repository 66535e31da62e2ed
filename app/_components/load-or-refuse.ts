import { TRPCError } from '@trpc/server';
import { forbidden, notFound, redirect } from 'next/navigation';
import { serverCaller } from '@/server/server-caller';

type Caller = Awaited<ReturnType<typeof serverCaller>>;

/**
 * Loads a page's data through the tRPC caller, so pages are refused by the same permission
 * checks as the API: 403 without the permission, sign-in without a session.
 */
export async function loadOrRefuse<T>(load: (caller: Caller) => Promise<T>): Promise<T> {
  try {
    return await load(await serverCaller());
  } catch (error) {
    if (error instanceof TRPCError) {
      if (error.code === 'FORBIDDEN') forbidden();
      if (error.code === 'UNAUTHORIZED') redirect('/sign-in');
      if (error.code === 'NOT_FOUND') notFound();
    }
    throw error;
  }
}
