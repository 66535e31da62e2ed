import { describe, expect, it } from 'vitest';
import { isSameOrigin } from './same-origin';

const h = (init: Record<string, string>) => new Headers(init);

describe('isSameOrigin', () => {
  it('accepts a request whose Origin names this host', () => {
    expect(isSameOrigin(h({ host: 'vigil.example:3000', origin: 'http://vigil.example:3000' }))).toBe(true);
    expect(isSameOrigin(h({ host: 'internal:3000', 'x-forwarded-host': 'vigil.example', origin: 'https://vigil.example' }))).toBe(true);
  });

  it('refuses other origins, a missing Origin and cross-site fetches', () => {
    expect(isSameOrigin(h({ host: 'vigil.example', origin: 'https://evil.example' }))).toBe(false);
    expect(isSameOrigin(h({ host: 'vigil.example' }))).toBe(false);
    expect(isSameOrigin(h({ host: 'vigil.example', origin: 'null' }))).toBe(false);
    expect(isSameOrigin(h({ host: 'vigil.example', origin: 'https://vigil.example', 'sec-fetch-site': 'cross-site' }))).toBe(false);
  });
});
