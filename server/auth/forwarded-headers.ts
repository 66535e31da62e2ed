import type { IncomingMessage } from 'node:http';
import type { TrustedProxies } from '@/server/config/trusted-proxies';
import { CLIENT_ADDRESS_HEADER, clientAddress, trustClientAddressHeader } from './client-address';

/** Headers only a proxy should write; from anyone else they are dropped, and Next.js derives its own from the socket. */
const FORWARDING_HEADERS = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'x-real-ip', 'forwarded'];

/** Replaces the headers named in `drop` (lower case) on both views Node keeps of them. */
function rewriteHeaders(req: IncomingMessage, drop: ReadonlySet<string>, add: [string, string] | null): void {
  const headers = req.headers;
  for (const name of drop) delete headers[name];
  const raw: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (!drop.has(req.rawHeaders[i]!.toLowerCase())) raw.push(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  }
  if (add) {
    headers[add[0]] = add[1];
    raw.push(add[0], add[1]);
  }
  req.rawHeaders = raw;
}

/**
 * For the web server: a function that, for each request, believes forwarding headers only
 * from `trusted` proxies and sets the client's address in CLIENT_ADDRESS_HEADER (after
 * dropping any copy the client sent). Logs once when a proxy that is not trusted seems to be in front.
 */
export function forwardingHeaderRewriter(trusted: TrustedProxies, warn: (message: string) => void = console.warn): (req: IncomingMessage) => void {
  trustClientAddressHeader();
  let warned = false;
  return (req) => {
    const peer = req.socket.remoteAddress;
    const fromProxy = peer !== undefined && trusted.has(peer);
    const forwardedFor = req.headers['x-forwarded-for'];
    if (!fromProxy && forwardedFor !== undefined && !warned) {
      warned = true;
      warn(`[web] ignoring X-Forwarded-For from ${peer ?? 'an unknown peer'}: if that is your reverse proxy, list it in VIGIL_TRUSTED_PROXIES`);
    }
    const address = clientAddress(peer, forwardedFor, trusted);
    const drop = new Set([CLIENT_ADDRESS_HEADER, ...(fromProxy ? [] : FORWARDING_HEADERS)]);
    rewriteHeaders(req, drop, address ? [CLIENT_ADDRESS_HEADER, address] : null);
  };
}
