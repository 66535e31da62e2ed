// The production web process (`npm start` and `npm run start:web` run it; `next dev` stays
// as it is): the built Next.js app behind a node:http server that answers the two
// high-volume traffic endpoints, POST /api/v1/events and /api/v1/labels, itself.
//
// Why: Next.js's router costs ~1.5–2 ms of CPU per request before a route handler runs
// (measured: a 401 on a tiny body cost `next start` 2.3 ms of CPU per request on the
// 2-core benchmark machine), which for batches of 1,000 events is ~2 µs per event, about a
// sixth of the web process's cost of ingestion. Served here, the same handlers (same auth,
// limits, errors, OpenAPI spec; their routes under app/api/v1 still serve `next dev`) skip it.
// Everything else, pages, tRPC and the other REST endpoints, goes to Next.js unchanged.
import http from 'node:http';
import next from 'next';
import { forwardingHeaderRewriter } from '@/server/auth/forwarded-headers';
import { trustedProxiesFromEnv } from '@/server/config/trusted-proxies';
import { pageRequestScope } from '@/server/errors/page-status';
import { RETRY_AFTER_SECONDS } from '@/server/errors/public-error';
import type { Endpoint } from '@/server/rest/api-endpoint';
import { serveEndpoint } from '@/server/rest/node-http-endpoint';
import { ingestEventsEndpoint, recordLabelsEndpoint } from '@/server/traffic/events-api';

const DRAIN_MS = 10_000;
const port = Number(process.env.PORT ?? 3000);

/** Request paths (exact, query string aside) that skip Next.js for POST. */
const served = new Map<string, Endpoint>([
  ['/api/v1/events', ingestEventsEndpoint],
  ['/api/v1/labels', recordLabelsEndpoint],
]);

function pathOf(url: string | undefined): string {
  const raw = url ?? '/';
  const query = raw.indexOf('?');
  return query < 0 ? raw : raw.slice(0, query);
}

// Forwarding headers count only from VIGIL_TRUSTED_PROXIES; every request gets the client's
// address in a header of ours that clients cannot set (server/auth/forwarded-headers.ts).
const rewriteForwarding = forwardingHeaderRewriter(trustedProxiesFromEnv());

const app = next({ dev: false, dir: process.cwd(), port, hostname: 'localhost' });
const handle = app.getRequestHandler();
await app.prepare();
process.title = 'vigil-web';

/** Hands a page request to Next.js; if it failed on an unreachable database, its 500 goes out as 503 (server/errors/page-status.ts). */
function servePage(req: http.IncomingMessage, res: http.ServerResponse): void {
  const writeHead = res.writeHead.bind(res) as (status: number, ...rest: unknown[]) => http.ServerResponse;
  const scope = pageRequestScope();
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    const answered = scope.status(status);
    if (answered !== status) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    return writeHead(answered, ...rest);
  }) as typeof res.writeHead;
  scope.run(() => void handle(req, res));
}

const server = http.createServer((req, res) => {
  rewriteForwarding(req);
  const endpoint = req.method === 'POST' ? served.get(pathOf(req.url)) : undefined;
  if (endpoint) void serveEndpoint(endpoint, req, res);
  else servePage(req, res);
});
// All interfaces, as `next start -p` listens.
server.listen(port, () => console.log(`[web] listening on port ${port}`));
server.on('error', (error) => {
  console.error(`[web] cannot listen on port ${port}: ${error.message}`);
  process.exit(1);
});

let stopping = false;
async function stop(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  // Requests in flight (an event batch being stored, say) get their answers; idle
  // keep-alive connections close now, the rest after DRAIN_MS at the latest.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
  await closed;
  clearTimeout(timer);
  await app.close().catch(() => {});
  process.exit(signal === 'SIGINT' ? 130 : 143);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
