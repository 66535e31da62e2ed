import { describe, expect, it } from 'vitest';
import { parseTrustedProxies } from '@/server/config/trusted-proxies';
import { clientAddress } from './client-address';

const none = parseTrustedProxies('');
const proxies = parseTrustedProxies('10.0.0.0/8');

describe('clientAddress', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(clientAddress('198.51.100.4', '203.0.113.1', none)).toBe('198.51.100.4');
    expect(clientAddress('::ffff:198.51.100.4', undefined, none)).toBe('198.51.100.4');
    expect(clientAddress(undefined, '203.0.113.1', none)).toBeNull();
  });

  it('is the socket peer when that peer is not a trusted proxy', () => {
    expect(clientAddress('198.51.100.4', '203.0.113.1, 10.0.0.2', proxies)).toBe('198.51.100.4');
  });

  it('behind trusted proxies, is the rightmost hop that is not one of them', () => {
    // The client prepended a fake hop; the proxy appended the address it really saw.
    expect(clientAddress('10.0.0.1', '1.1.1.1, 203.0.113.9', proxies)).toBe('203.0.113.9');
    // Two proxies: the inner one reports the outer one, which reports the client.
    expect(clientAddress('10.0.0.1', '1.1.1.1, 203.0.113.9, 10.0.0.2', proxies)).toBe('203.0.113.9');
    // Repeated headers count as one list.
    expect(clientAddress('10.0.0.1', ['1.1.1.1', '203.0.113.9, 10.0.0.2'], proxies)).toBe('203.0.113.9');
  });

  it('strips ports and brackets some proxies add', () => {
    expect(clientAddress('10.0.0.1', '203.0.113.9:51234', proxies)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.1', '[2001:db8::7]:443', proxies)).toBe('2001:db8::7');
  });

  it('stops at a malformed hop: nothing left of it can be believed', () => {
    expect(clientAddress('10.0.0.1', '203.0.113.9, garbage, 10.0.0.2', proxies)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.1', 'garbage', proxies)).toBe('10.0.0.1');
  });

  it('is the proxy itself when it forwards nothing (its own health checks)', () => {
    expect(clientAddress('10.0.0.1', undefined, proxies)).toBe('10.0.0.1');
    expect(clientAddress('10.0.0.1', '', proxies)).toBe('10.0.0.1');
  });
});
