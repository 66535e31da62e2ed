import type { RequestOrigin } from './actor';

/** Client IP and user agent; the first X-Forwarded-For hop is the client behind a proxy. */
export function originFromHeaders(headers: Headers): RequestOrigin {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  const ip = forwarded || headers.get('x-real-ip') || null;
  return { ip: ip ? ip.replace(/^::ffff:/, '') : null, userAgent: headers.get('user-agent')?.slice(0, 400) ?? null };
}
