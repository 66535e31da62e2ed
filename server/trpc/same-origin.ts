/**
 * CSRF defence for state-changing requests, on top of SameSite cookies: the browser's
 * Origin must name this very scheme and host. The web server keeps X-Forwarded-Proto/-Host
 * only from trusted proxies and Next.js fills them in from the socket otherwise.
 */
export function isSameOrigin(headers: Headers): boolean {
  const fetchSite = headers.get('sec-fetch-site');
  if (fetchSite && fetchSite !== 'same-origin') return false;
  const origin = headers.get('origin');
  // A chain of proxies may list one value per hop: the first is what the browser used.
  const first = (value: string | null) => value?.split(',')[0]?.trim() || null;
  const host = first(headers.get('x-forwarded-host')) ?? headers.get('host');
  const scheme = first(headers.get('x-forwarded-proto'))?.toLowerCase() ?? 'http';
  if (!origin || !host) return false;
  try {
    const url = new URL(origin);
    return url.protocol === `${scheme}:` && url.host === host;
  } catch {
    return false;
  }
}
