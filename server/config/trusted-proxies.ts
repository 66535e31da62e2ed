import { BlockList, isIP } from 'node:net';

/**
 * The reverse proxies whose forwarding headers (X-Forwarded-For, -Proto, -Host) this web
 * process believes. Anyone else could write those headers themselves, so without this list
 * Vigil uses the connection's own address and scheme.
 */
export interface TrustedProxies {
  readonly configured: boolean;
  has(address: string): boolean;
}

/** `::ffff:192.0.2.1` (an IPv4 peer on a dual-stack socket) as `192.0.2.1`; other text unchanged. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(trimmed);
  return mapped ? mapped[1]! : trimmed;
}

/** Parses `VIGIL_TRUSTED_PROXIES`: comma-separated IPv4/IPv6 addresses and CIDR ranges. */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const list = new BlockList();
  const entries = (value ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(normalizeAddress(address));
    const bits = prefix === undefined ? null : Number(prefix);
    const maxBits = family === 6 ? 128 : 32;
    if (family === 0 || extra !== undefined || (bits !== null && !(/^\d{1,3}$/.test(prefix!) && bits <= maxBits))) {
      throw new Error(`VIGIL_TRUSTED_PROXIES: '${entry}' is not an IP address or CIDR range (e.g. 10.0.0.0/8, 192.0.2.7, fd00::/8)`);
    }
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (bits === null) list.addAddress(normalizeAddress(address), type);
    else list.addSubnet(normalizeAddress(address), bits, type);
  }
  return {
    configured: entries.length > 0,
    has(address: string) {
      const normalized = normalizeAddress(address);
      const family = isIP(normalized);
      return family !== 0 && list.check(normalized, family === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

export function trustedProxiesFromEnv(): TrustedProxies {
  return parseTrustedProxies(process.env.VIGIL_TRUSTED_PROXIES);
}
