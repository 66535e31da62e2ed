import { NextResponse, type NextRequest } from 'next/server';
import { REQUEST_URL_HEADER } from '@/app/_components/request-url';

// Tells pages which address was asked for (app/_components/request-url.ts), so a signed-out
// visitor is sent to sign in with the way back. Pages only: the REST API, tRPC and static
// files never pass through here.
export function proxy(request: NextRequest) {
  const url = request.nextUrl;
  const search = new URLSearchParams(url.search);
  // A client-side navigation asks for the same page with `_rsc`: the destination is the page.
  search.delete('_rsc');
  const query = search.toString();
  const headers = new Headers(request.headers);
  headers.set(REQUEST_URL_HEADER, `${url.pathname}${query ? `?${query}` : ''}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ['/((?!api/|_next/|icon\\.svg|favicon\\.ico).*)'],
};
