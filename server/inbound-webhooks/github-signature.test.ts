import { describe, expect, it } from 'vitest';
import { signGithubBody, verifyGithubSignature } from './github-signature';

const body = new TextEncoder().encode('{"action":"published","zen":"Keep it logically awesome."}');

describe('GitHub X-Hub-Signature-256', () => {
  it("matches GitHub's documented example", () => {
    // https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries#testing-the-webhook-payload-validation
    const example = new TextEncoder().encode('Hello, World!');
    const header = 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17';
    expect(signGithubBody(example, "It's a Secret to Everybody")).toBe(header);
    expect(verifyGithubSignature(example, header, ["It's a Secret to Everybody"])).toBe(true);
  });

  it('accepts a body signed with the secret', () => {
    expect(verifyGithubSignature(body, signGithubBody(body, 's3cret'), ['s3cret'])).toBe(true);
  });

  it('accepts the fallback secret during rotation, and the primary', () => {
    const secrets = ['new-secret', 'old-secret'];
    expect(verifyGithubSignature(body, signGithubBody(body, 'old-secret'), secrets)).toBe(true);
    expect(verifyGithubSignature(body, signGithubBody(body, 'new-secret'), secrets)).toBe(true);
  });

  it('rejects another secret, an altered body, or no secrets at all', () => {
    const header = signGithubBody(body, 's3cret');
    expect(verifyGithubSignature(body, header, ['other'])).toBe(false);
    const altered = new Uint8Array(body);
    altered[2] = 0x42;
    expect(verifyGithubSignature(altered, header, ['s3cret'])).toBe(false);
    expect(verifyGithubSignature(body, header, [])).toBe(false);
  });

  it('never accepts a signature made with an empty secret', () => {
    expect(verifyGithubSignature(body, signGithubBody(body, ''), [''])).toBe(false);
  });

  it('treats missing or malformed headers as simply not verified', () => {
    const hex = signGithubBody(body, 's3cret').slice('sha256='.length);
    for (const header of [null, '', hex, `sha1=${hex}`, `sha256=${hex.slice(0, 62)}`, `sha256=${hex}00`, `sha256=${'z'.repeat(64)}`]) {
      expect(verifyGithubSignature(body, header, ['s3cret'])).toBe(false);
    }
  });

  it('accepts upper-case hex (the comparison is on bytes)', () => {
    const header = signGithubBody(body, 's3cret');
    expect(verifyGithubSignature(body, `sha256=${header.slice(7).toUpperCase()}`, ['s3cret'])).toBe(true);
  });
});
