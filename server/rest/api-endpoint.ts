import type { z } from 'zod';
import { db, type Database } from '@/db/client';
import type { Actor } from '@/server/auth/actor';
import { authenticateBearer } from '@/server/api-tokens/authenticate-token';
import type { TokenScope } from '@/server/rbac/permissions';
import { originFromHeaders } from '@/server/auth/request-origin';
import { AppError } from '@/server/errors/app-error';
import { parseJsonRequestBody } from '@/server/validation/text-checks';
import { errorResponse } from './json-error';
import { readRawBody } from './raw-body';
import { checkedParams, strictSearchParams } from './request-text';

const MAX_JSON_BYTES = 1024 * 1024;

// Raw bodies are read by the handler itself (uploads, signed webhooks); `schema` only documents them.
type Body = { kind: 'json'; schema: z.ZodType } | { kind: 'raw'; contentType: string; description: string; schema?: z.ZodType };
/** `status` is what a plain return answers; `also` lists the other successes the handler answers itself, with the same body. */
type Result = { status: number; description: string; also?: { status: number; description: string }[] } & ({ schema: z.ZodType } | { binary: string });

/** Everything about one REST operation: what it needs, what it takes, what it answers. */
export interface EndpointSpec {
  operationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** OpenAPI-style path below /api/v1, e.g. `/models/{name}`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** Token scope required; null for endpoints that authenticate otherwise (signed webhooks). */
  scope: TokenScope | null;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: Body;
  result: Result;
  /** Error statuses worth documenting besides 401/403 (added for scoped endpoints). */
  errors: number[];
}

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;
type JsonBody<S extends EndpointSpec> = S['body'] extends { kind: 'json'; schema: infer B } ? Infer<B> : undefined;

export interface EndpointContext<S extends EndpointSpec> {
  request: Request;
  database: Database;
  actor: S['scope'] extends TokenScope ? Extract<Actor, { type: 'token' }> : null;
  params: Infer<S['params']>;
  query: Infer<S['query']>;
  body: JsonBody<S>;
}

type Output<S extends EndpointSpec> = S['result'] extends { schema: infer R } ? z.input<R & z.ZodType> : never;

export interface Endpoint<S extends EndpointSpec = EndpointSpec> {
  spec: S;
  handle: (request: Request, route: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
}

async function readJson(request: Request): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > MAX_JSON_BYTES) throw new AppError('payload_too_large', `JSON bodies are limited to ${MAX_JSON_BYTES} bytes.`);
  return parseJsonRequestBody(await readRawBody(request, MAX_JSON_BYTES, `JSON bodies are limited to ${MAX_JSON_BYTES} bytes.`));
}

/**
 * Binds a spec to its handler: the token scope is checked, params, query and JSON body are
 * parsed with the spec's zod schemas (text strictly decoded and well-formed first), and
 * every error becomes `{code, message}` (server/errors decides what may be said). The same
 * spec feeds /api/v1/openapi.json, so documentation and validation cannot drift apart.
 */
export function endpoint<S extends EndpointSpec>(spec: S, handler: (ctx: EndpointContext<S>) => Promise<Output<S> | Response>): Endpoint<S> {
  return {
    spec,
    async handle(request, route) {
      try {
        const database = db();
        const actor = spec.scope
          ? await authenticateBearer(database, request.headers.get('authorization'), spec.scope, originFromHeaders(request.headers))
          : null;
        const params = spec.params ? spec.params.parse(checkedParams(await route.params)) : undefined;
        const query = spec.query ? spec.query.parse(strictSearchParams(request.url)) : undefined;
        const body = spec.body?.kind === 'json' ? spec.body.schema.parse(await readJson(request)) : undefined;
        const result = await handler({ request, database, actor, params, query, body } as EndpointContext<S>);
        if (result instanceof Response) return result;
        return Response.json(result, { status: spec.result.status });
      } catch (error) {
        return errorResponse(error, `${spec.method} /api/v1${spec.path}`);
      }
    },
  };
}
