import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, signStandardWebhook, verifyStandardWebhook } from './standard-webhooks';

// The example published with the Standard Webhooks specification and reference libraries.
const spec = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: new Date(1614265330 * 1000),
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const encode = (text: string) => new TextEncoder().encode(text);

function headers(values: Record<string, string>): Headers {
  return new Headers(values);
}

function specHeaders(signature = spec.signature): Headers {
  return headers({ 'webhook-id': spec.id, 'webhook-timestamp': '1614265330', 'webhook-signature': signature });
}

describe('signStandardWebhook', () => {
  it("reproduces the specification's example signature", () => {
    expect(signStandardWebhook(spec.secret, spec.id, spec.timestamp, spec.body)).toBe(spec.signature);
    expect(signStandardWebhook(spec.secret, spec.id, spec.timestamp, encode(spec.body))).toBe(spec.signature);
  });

  it('rejects a secret that is not base64', () => {
    expect(() => signStandardWebhook('whsec_not base64!', spec.id, spec.timestamp, spec.body)).toThrow(/base64/);
  });
});

describe('verifyStandardWebhook', () => {
  it("accepts the specification's example at its own time", () => {
    expect(verifyStandardWebhook(specHeaders(), encode(spec.body), [spec.secret], spec.timestamp)).toEqual({
      ok: true,
      id: spec.id,
      timestamp: spec.timestamp,
    });
  });

  it('round-trips a freshly generated secret', () => {
    const secret = generateWebhookSecret('standard');
    const now = new Date('2025-06-01T12:00:00Z');
    const body = '{"type":"model.promoted","data":{"model":"credit-risk","version":3}}';
    const signature = signStandardWebhook(secret, 'msg_1', now, body);
    const result = verifyStandardWebhook(
      headers({ 'webhook-id': 'msg_1', 'webhook-timestamp': String(now.getTime() / 1000), 'webhook-signature': signature }),
      encode(body),
      [secret],
      now,
    );
    expect(result).toEqual({ ok: true, id: 'msg_1', timestamp: now });
  });

  it('finds the valid signature among several and ignores other versions', () => {
    const header = `v1a,c29tZXRoaW5nIGVsc2U= v1,${Buffer.alloc(32).toString('base64')} ${spec.signature}`;
    expect(verifyStandardWebhook(specHeaders(header), encode(spec.body), [spec.secret], spec.timestamp).ok).toBe(true);
  });

  it('accepts a previous secret during rotation', () => {
    const result = verifyStandardWebhook(specHeaders(), encode(spec.body), [generateWebhookSecret('standard'), spec.secret], spec.timestamp);
    expect(result.ok).toBe(true);
  });

  it('rejects an altered body, id or timestamp as a bad signature', () => {
    const at = spec.timestamp;
    const altered = [
      verifyStandardWebhook(specHeaders(), encode('{"test": 2432232315}'), [spec.secret], at),
      verifyStandardWebhook(
        headers({ 'webhook-id': 'msg_other', 'webhook-timestamp': '1614265330', 'webhook-signature': spec.signature }),
        encode(spec.body),
        [spec.secret],
        at,
      ),
      verifyStandardWebhook(
        headers({ 'webhook-id': spec.id, 'webhook-timestamp': '1614265331', 'webhook-signature': spec.signature }),
        encode(spec.body),
        [spec.secret],
        at,
      ),
    ];
    for (const result of altered) expect(result).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a wrong secret, a signature with another version tag, and garbage', () => {
    const body = encode(spec.body);
    const at = spec.timestamp;
    expect(verifyStandardWebhook(specHeaders(), body, [generateWebhookSecret('standard')], at)).toMatchObject({ reason: 'bad_signature' });
    expect(verifyStandardWebhook(specHeaders(), body, [], at)).toMatchObject({ reason: 'bad_signature' });
    const v2 = spec.signature.replace('v1,', 'v2,');
    expect(verifyStandardWebhook(specHeaders(v2), body, [spec.secret], at)).toMatchObject({ reason: 'bad_signature' });
    expect(verifyStandardWebhook(specHeaders('v1,%%%'), body, [spec.secret], at)).toMatchObject({ reason: 'bad_signature' });
  });

  it('refuses to work with an empty or short configured secret (a setup error, not a bad request)', () => {
    const body = encode(spec.body);
    for (const secret of ['whsec_', 'whsec_AAAA', `whsec_${Buffer.alloc(23).toString('base64')}`]) {
      expect(() => verifyStandardWebhook(specHeaders(), body, [secret], spec.timestamp)).toThrow(/at least 24 bytes/);
      expect(() => signStandardWebhook(secret, spec.id, spec.timestamp, body)).toThrow(/at least 24 bytes/);
    }
  });

  it('accepts a secret without the whsec_ prefix, like the reference libraries', () => {
    const bare = spec.secret.slice('whsec_'.length);
    expect(verifyStandardWebhook(specHeaders(), encode(spec.body), [bare], spec.timestamp).ok).toBe(true);
  });

  it('reports missing or malformed headers', () => {
    const body = encode(spec.body);
    const at = spec.timestamp;
    const withoutId = headers({ 'webhook-timestamp': '1614265330', 'webhook-signature': spec.signature });
    expect(verifyStandardWebhook(withoutId, body, [spec.secret], at)).toMatchObject({ ok: false, reason: 'missing_headers' });
    const withoutSignature = headers({ 'webhook-id': spec.id, 'webhook-timestamp': '1614265330' });
    expect(verifyStandardWebhook(withoutSignature, body, [spec.secret], at)).toMatchObject({ reason: 'missing_headers' });
    for (const timestamp of ['1614265330.5', '2021-02-25T15:02:10Z', '-1']) {
      const malformed = headers({ 'webhook-id': spec.id, 'webhook-timestamp': timestamp, 'webhook-signature': spec.signature });
      expect(verifyStandardWebhook(malformed, body, [spec.secret], at)).toMatchObject({ reason: 'missing_headers' });
    }
  });

  it('rejects timestamps outside the tolerance, past or future, before checking the signature', () => {
    const body = encode(spec.body);
    const seconds = (offset: number) => new Date(spec.timestamp.getTime() + offset * 1000);
    expect(verifyStandardWebhook(specHeaders(), body, [spec.secret], seconds(300)).ok).toBe(true);
    expect(verifyStandardWebhook(specHeaders(), body, [spec.secret], seconds(-300)).ok).toBe(true);
    const late = verifyStandardWebhook(specHeaders(), body, [spec.secret], seconds(301));
    expect(late).toMatchObject({ ok: false, reason: 'stale_timestamp', message: expect.stringMatching(/301s old/) });
    const early = verifyStandardWebhook(specHeaders(), body, [spec.secret], seconds(-301));
    expect(early).toMatchObject({ ok: false, reason: 'stale_timestamp', message: expect.stringMatching(/in the future/) });
    expect(verifyStandardWebhook(specHeaders(), body, [spec.secret], seconds(60), 30)).toMatchObject({ reason: 'stale_timestamp' });
  });
});

describe('generateWebhookSecret', () => {
  it('makes 32 random bytes: hex for GitHub, whsec_ base64 for Standard Webhooks', () => {
    const github = generateWebhookSecret('github');
    expect(github).toMatch(/^[0-9a-f]{64}$/);
    const standard = generateWebhookSecret('standard');
    expect(standard).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(standard.slice('whsec_'.length), 'base64').length).toBe(32);
    expect(generateWebhookSecret('github')).not.toBe(github);
  });
});
