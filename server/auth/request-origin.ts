import type { RequestOrigin } from './actor';
import { CLIENT_ADDRESS_HEADER, clientAddressHeaderTrusted } from './client-address';

/**
 * Client address and user agent. The address is the one the web server resolved from the
 * socket and trusted proxies (server/auth/client-address.ts), never a header a client chose;
 * under `next dev`, where no such server runs, it is unknown.
 */
export function originFromHeaders(headers: Headers): RequestOrigin {
  const ip = clientAddressHeaderTrusted() ? headers.get(CLIENT_ADDRESS_HEADER) : null;
  return { ip: ip || null, userAgent: headers.get('user-agent')?.slice(0, 400) ?? null };
}
