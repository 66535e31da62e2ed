// A web process for workers/multi-process.integration.test.ts: POST /api/v1/events and
// GET /api/health, answered by the very handlers `npm start`'s web process uses (the events
// endpoint as runtime/web-server.ts serves it, health through its Next.js route module), on
// a bare node:http server. Next.js itself is left out because the tests run before (and
// without) `next build`, and two Next.js servers would cost the 2-core CI machine more
// than the whole test; what the test checks (ingestion and health from two processes) does
// not go through Next's router. Listens on PORT (0: any free port) and prints the port.
import http from 'node:http';
import { GET as health } from '@/app/api/health/route';
import { serveEndpoint } from '@/server/rest/node-http-endpoint';
import { ingestEventsEndpoint } from '@/server/traffic/events-api';

async function answer(response: Response, res: http.ServerResponse): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, { ...Object.fromEntries(response.headers), 'content-length': String(body.length) }).end(body);
}

const server = http.createServer((req, res) => {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method === 'POST' && path === '/api/v1/events') void serveEndpoint(ingestEventsEndpoint, req, res);
  else if (req.method === 'GET' && path === '/api/health') void health().then((response) => answer(response, res));
  else res.writeHead(404, { 'content-type': 'application/json' }).end('{"code":"not_found"}');
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`[web] listening on port ${typeof address === 'object' && address ? address.port : '?'}`);
});

function stop() {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
