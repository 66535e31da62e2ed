// Next.js answers a page whose server component threw with 500, whatever the error: the App
// Router cannot choose the status. A page that failed because PostgreSQL is unreachable should
// answer 503 with Retry-After, as every API does. So such a failure marks the moment in a
// process-wide slot (globalThis: Next's bundled server code and the web server's own modules
// are separate module instances in one process), and the web server (runtime/web-server.ts)
// turns a page's 500 written within a few seconds of it into 503.

const SLOT = Symbol.for('vigil.databaseUnavailableAt');
const WINDOW_MS = 5_000;

type Slots = Record<symbol, number | undefined>;

export function markDatabaseUnavailable(now = Date.now()): void {
  (globalThis as unknown as Slots)[SLOT] = now;
}

/** The status a page response should carry: 503 for a 500 soon after the database was found unreachable. */
export function pageStatus(status: number, now = Date.now()): number {
  const at = (globalThis as unknown as Slots)[SLOT];
  return status === 500 && at !== undefined && now - at >= 0 && now - at < WINDOW_MS ? 503 : status;
}
