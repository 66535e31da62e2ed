import { describe, expect, it } from 'vitest';
import { generateWebhookSecret, verifyStandardWebhook } from '@/server/inbound-webhooks/standard-webhooks';
import { followUpDelaySeconds, formatDelay, isDelivered, MAX_DELIVERY_ATTEMPTS, retryDelaySeconds } from './delivery-policy';
import { buildMessage, defaultText, redactUrl, serializeMessage, signedRequest } from './outbound-message';

describe('outbound message', () => {
  const message = buildMessage('alert.opened', { alert: { id: 'a1' } }, 'Drift on *credit-risk*', new Date('2025-01-01T00:00:00Z'));

  it('is signed per Standard Webhooks so the reference verification accepts it', () => {
    const secret = generateWebhookSecret('standard');
    const at = new Date();
    const { headers, body } = signedRequest(secret, 'msg_1', message, at);
    expect(headers).toMatchObject({ 'content-type': 'application/json', 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)) });
    expect(verifyStandardWebhook(new Headers(headers), Buffer.from(body), [secret], at)).toMatchObject({ ok: true, id: 'msg_1' });
    expect(verifyStandardWebhook(new Headers(headers), Buffer.from(body.replace('credit', 'debit')), [secret], at).ok).toBe(false);
  });

  it('has a Slack text beside type, timestamp and data, in the same byte order however stored', () => {
    expect(JSON.parse(serializeMessage(message))).toEqual({ type: 'alert.opened', timestamp: '2025-01-01T00:00:00.000Z', text: 'Drift on *credit-risk*', data: { alert: { id: 'a1' } } });
    const reordered = { data: message.data, text: message.text, timestamp: message.timestamp, type: message.type };
    expect(serializeMessage(reordered)).toBe(serializeMessage(message));
    expect(defaultText('test', {})).toMatch(/Test message from Vigil/);
  });

  it('hides the secret-bearing part of chat webhook URLs', () => {
    expect(redactUrl('https://hooks.slack.com/services/T000/B000/XXXXsecretYYYY')).toBe('https://hooks.slack.com/…YYYY');
    expect(redactUrl('https://user:pw@example.com/')).toBe('https://example.com');
    expect(redactUrl('not a url')).toBe('(invalid URL)');
  });
});

describe('retry policy', () => {
  it('backs off 30 s, 2 min, 10 min, 1 h, 6 h and gives up after the sixth attempt', () => {
    expect([1, 2, 3, 4, 5].map(retryDelaySeconds)).toEqual([30, 120, 600, 3600, 21_600]);
    expect(retryDelaySeconds(MAX_DELIVERY_ATTEMPTS)).toBeNull();
    expect(MAX_DELIVERY_ATTEMPTS).toBe(6);
    expect(followUpDelaySeconds(6)).toBe(120);
    expect([30, 120, 21_600].map(formatDelay)).toEqual(['30 s', '2 min', '6 h']);
  });

  it('counts only 2xx as delivered', () => {
    expect([200, 204, 299].every(isDelivered)).toBe(true);
    expect([199, 301, 404, 500].some(isDelivered)).toBe(false);
  });
});
