// How Vigil retries outbound webhook deliveries. Pure: the delivery task and the page read it.

/** Attempts per message, the first included; after the last failure the delivery is `failed`. */
export const MAX_DELIVERY_ATTEMPTS = 6;

/** Wait before attempt n + 1 after attempt n failed: 30 s, 2 min, 10 min, 1 h, 6 h (about 7 h 13 min in all). */
export const RETRY_DELAYS_SECONDS = [30, 120, 600, 3600, 21_600] as const;

/** A receiver gets this long to answer, connection included. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * After the last attempt starts, its result must be recorded within this time; otherwise
 * (the worker died mid-request) a watchdog job marks the delivery failed.
 */
export const LAST_ATTEMPT_GRACE_SECONDS = 120;

/** Seconds to wait after attempt `attempt` (1-based) fails, or null when it was the last. */
export function retryDelaySeconds(attempt: number): number | null {
  if (!Number.isInteger(attempt) || attempt < 1 || attempt >= MAX_DELIVERY_ATTEMPTS) return null;
  return RETRY_DELAYS_SECONDS[attempt - 1] ?? null;
}

/**
 * When the job that follows attempt `attempt` should run: the next attempt, or for the
 * last one the watchdog that fails a delivery whose result never came back.
 */
export function followUpDelaySeconds(attempt: number): number {
  return retryDelaySeconds(attempt) ?? LAST_ATTEMPT_GRACE_SECONDS;
}

/** Only 2xx is success; redirects are not followed (Standard Webhooks receivers answer directly). */
export function isDelivered(statusCode: number): boolean {
  return statusCode >= 200 && statusCode < 300;
}

/** "30 s", "2 min", "6 h": for the page and messages. */
export function formatDelay(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 360) / 10} h`;
}
