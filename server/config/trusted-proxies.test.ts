import { describe, expect, it } from 'vitest';
import { parseTrustedProxies } from './trusted-proxies';

describe('VIGIL_TRUSTED_PROXIES', () => {
  it('trusts nothing when unset or empty', () => {
    for (const value of [undefined, '', ' , ']) {
      const trusted = parseTrustedProxies(value);
      expect(trusted.configured).toBe(false);
      expect(trusted.has('127.0.0.1')).toBe(false);
    }
  });

  it('accepts addresses and CIDR ranges of both families, IPv4-mapped peers included', () => {
    const trusted = parseTrustedProxies('10.0.0.0/8, 192.0.2.7 ,fd00::/8,::1');
    expect(trusted.configured).toBe(true);
    expect(trusted.has('10.20.30.40')).toBe(true);
    expect(trusted.has('::ffff:10.1.2.3')).toBe(true);
    expect(trusted.has('192.0.2.7')).toBe(true);
    expect(trusted.has('192.0.2.8')).toBe(false);
    expect(trusted.has('fd12:3456::1')).toBe(true);
    expect(trusted.has('::1')).toBe(true);
    expect(trusted.has('11.0.0.1')).toBe(false);
    expect(trusted.has('not an address')).toBe(false);
  });

  it('refuses entries that are not addresses or ranges, naming them', () => {
    for (const bad of ['proxy.internal', '10.0.0.0/33', '10.0.0.0/8/1', 'fd00::/129', '10.0.0.0/x', '300.1.1.1']) {
      expect(() => parseTrustedProxies(`192.0.2.1,${bad}`)).toThrow(new RegExp(`'${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}' is not an IP address`));
    }
  });
});
