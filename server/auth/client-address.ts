import { isIP } from 'node:net';
import { normalizeAddress, type TrustedProxies } from '@/server/config/trusted-proxies';

/**
 * The client's address as the web server (runtime/web-server.ts) worked it out from the
 * socket and trusted proxies. The server drops any copy a client sends before setting it.
 */
export const CLIENT_ADDRESS_HEADER = 'x-vigil-client-address';

// Process-wide, not module state: Next.js bundles its own copy of this module.
const TRUSTED_MARK = Symbol.for('vigil.client-address-header-trusted');
type Marked = Record<symbol, boolean | undefined>;

/**
 * Called by the web server, which sets the header on every request. Without it (`next dev`)
 * nothing guarantees a client did not write the header, so it is not believed.
 */
export function trustClientAddressHeader(): void {
  (globalThis as unknown as Marked)[TRUSTED_MARK] = true;
}

export function clientAddressHeaderTrusted(): boolean {
  return (globalThis as unknown as Marked)[TRUSTED_MARK] === true;
}

/** One X-Forwarded-For entry as a bare address: some proxies add a port or IPv6 brackets. */
function hopAddress(hop: string): string {
  const value = normalizeAddress(hop);
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) return bracketed[1]!;
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(value);
  return withPort ? withPort[1]! : value;
}

/**
 * The socket peer, unless it is a trusted proxy: then the rightmost X-Forwarded-For hop that
 * is not itself a trusted proxy. Hops further left were written by whoever connected to the
 * outermost proxy, so they prove nothing; neither does anything left of a malformed hop.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string | null {
  if (!peer) return null;
  let address = normalizeAddress(peer);
  if (!trusted.has(address)) return address;
  const hops = [forwardedFor ?? []].flat().join(',').split(',').map(hopAddress).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (isIP(hop) === 0) break;
    address = hop;
    if (!trusted.has(hop)) break;
  }
  return address;
}
