import { signStandardWebhook } from '@/server/inbound-webhooks/standard-webhooks';

// What Vigil sends: a JSON body that Slack-compatible receivers (Slack, Mattermost,
// Rocket.Chat, Teams workflows, Discord's /slack endpoint) show through `text`, and that
// programs read through `type`, `timestamp` and `data`; signed per Standard Webhooks.

/** The stored and sent body of one message; identical on every retry. */
export interface OutboundMessage {
  type: string;
  /** When the event happened (ISO 8601), not when this attempt was made. */
  timestamp: string;
  /** One line for chat receivers (Slack mrkdwn). */
  text: string;
  data: Record<string, unknown>;
}

export function buildMessage(type: string, data: Record<string, unknown>, text: string, at: Date = new Date()): OutboundMessage {
  return { type, timestamp: at.toISOString(), text, data };
}

/** The body as sent, field order fixed so the bytes do not depend on how jsonb stored them. */
export function serializeMessage(message: OutboundMessage): string {
  return JSON.stringify({ type: message.type, timestamp: message.timestamp, text: message.text, data: message.data });
}

export const USER_AGENT = 'Vigil-Webhooks/1.0';

/** Headers and body of one attempt; `at` is the attempt's time, which the signature covers. */
export function signedRequest(secret: string, messageId: string, message: OutboundMessage, at: Date = new Date()) {
  const body = serializeMessage(message);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signStandardWebhook(secret, messageId, at, body),
  };
  return { headers, body };
}

/** Fallback chat line for event types that bring no text of their own. */
export function defaultText(type: string, data: Record<string, unknown>): string {
  if (type === 'test') return ':wave: Test message from Vigil: this webhook is set up correctly.';
  const summary = typeof data.message === 'string' ? `: ${data.message}` : '';
  return `Vigil event \`${type}\`${summary}`;
}

/**
 * A URL as it may be shown or audited: chat webhook URLs carry their secret in the path
 * (hooks.slack.com/services/T…/B…/<secret>) or query, so only the origin and a hint stay.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const rest = `${parsed.pathname}${parsed.search}`;
    if (rest === '/' || rest === '') return parsed.origin;
    return `${parsed.origin}/…${rest.length > 8 ? rest.slice(-4) : ''}`;
  } catch {
    return '(invalid URL)';
  }
}
