import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { REQUEST_URL_HEADER } from './request-url';

/**
 * Sends a signed-out visitor to sign in, and back to the page they asked for afterwards: a
 * link from an alert or a chat message lands where it points. The sign-in page accepts only
 * same-site paths as the destination.
 */
export async function redirectToSignIn(): Promise<never> {
  const asked = (await headers()).get(REQUEST_URL_HEADER);
  redirect(asked && asked.startsWith('/') && asked !== '/' ? `/sign-in?callbackUrl=${encodeURIComponent(asked)}` : '/sign-in');
}
