import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { Endpoint } from './api-endpoint';

// A REST endpoint served on a bare node:http request, without Next.js's router: the same
// handler, authentication, limits and error shapes as its route under app/api/v1. The web
// process (runtime/web-server.ts) serves the high-volume traffic endpoints this way.

function requestOf(req: IncomingMessage): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  // The handlers never read the host from the URL, so a fixed origin spares parsing a client's Host header.
  return new Request(`http://localhost${req.url ?? '/'}`, {
    method: req.method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
}

function fail(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code, message }));
}

/** Answers `req` with `endpoint` (route parameters are not supported: the served paths have none). */
export async function serveEndpoint(endpoint: Endpoint, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let request: Request;
  try {
    request = requestOf(req);
  } catch {
    return fail(res, 400, 'bad_request', 'The request line or headers are malformed.');
  }
  try {
    const response = await endpoint.handle(request, { params: Promise.resolve({}) });
    const body = Buffer.from(await response.arrayBuffer());
    if (res.destroyed) return;
    const headers = new Map<string, string>(response.headers);
    headers.set('content-length', String(body.length));
    res.writeHead(response.status, Object.fromEntries(headers)).end(body);
  } catch (error) {
    // The handlers answer their own errors; this is a defect, logged like Next.js logs one.
    console.error(error);
    fail(res, 500, 'internal', 'Something went wrong on our side.');
  }
}
