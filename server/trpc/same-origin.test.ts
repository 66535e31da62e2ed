import { describe, expect, it } from 'vitest';
import { isSameOrigin } from './same-origin';

const h = (init: Record<string, string>) => new Headers(init);

describe('isSameOrigin', () => {
  it('accepts a request whose Origin names this host', () => {
    expect(isSameOrigin(h({ host: 'vigil.example:3000', origin: 'http://vigil.example:3000' }))).toBe(true);
    expect(isSameOrigin(h({ host: 'internal:3000', 'x-forwarded-host': 'vigil.example', 'x-forwarded-proto': 'https', origin: 'https://vigil.example' }))).toBe(true);
    expect(isSameOrigin(h({ host: 'internal:3000', 'x-forwarded-host': 'vigil.example, internal', 'x-forwarded-proto': 'https, http', origin: 'https://vigil.example' }))).toBe(true);
  });

  it('compares the scheme too: the same host over the other scheme is another origin', () => {
    // Behind a TLS proxy: a page served over plain http (say, by a spoofing network) must not post.
    expect(isSameOrigin(h({ host: 'vigil.example', 'x-forwarded-proto': 'https', origin: 'http://vigil.example' }))).toBe(false);
    // Served over http, a request claiming an https origin is not ours either.
    expect(isSameOrigin(h({ host: 'vigil.example', 'x-forwarded-proto': 'http', origin: 'https://vigil.example' }))).toBe(false);
    expect(isSameOrigin(h({ host: 'vigil.example', origin: 'https://vigil.example' }))).toBe(false);
    expect(isSameOrigin(h({ host: 'vigil.example', 'x-forwarded-proto': 'HTTPS', origin: 'https://vigil.example' }))).toBe(true);
  });

  it('refuses other origins, a missing Origin and cross-site fetches', () => {
    expect(isSameOrigin(h({ host: 'vigil.example', origin: 'https://evil.example' }))).toBe(false);
    expect(isSameOrigin(h({ host: 'vigil.example' }))).toBe(false);
    expect(isSameOrigin(h({ host: 'vigil.example', origin: 'null' }))).toBe(false);
    expect(isSameOrigin(h({ host: 'vigil.example', origin: 'https://vigil.example', 'sec-fetch-site': 'cross-site' }))).toBe(false);
  });
});
