import { z } from 'zod';
import { SCOPE_DESCRIPTIONS } from '@/server/rbac/permissions';
import type { Endpoint, EndpointSpec } from '@/server/rest/api-endpoint';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parameters(spec: EndpointSpec) {
  const list: JsonSchema[] = [];
  for (const [where, object] of [['path', spec.params], ['query', spec.query]] as const) {
    if (!object) continue;
    const schema = jsonSchema(object, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      list.push({ name, in: where, required: where === 'path' || (schema.required ?? []).includes(name), schema: property });
    }
  }
  return list;
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (malformed JSON, wrong types); `details` lists the problems',
  401: 'Missing, malformed, unknown, revoked or expired token, or a bad webhook signature',
  403: 'The token lacks the required scope',
  404: 'No such object',
  409: 'Conflicts with the current state (duplicate, replay)',
  411: 'Content-Length required',
  413: 'Body over the size limit',
  415: 'Unsupported content type',
  422: 'Well-formed but unacceptable (checksum mismatch, not ONNX, ...)',
};

function operation(spec: EndpointSpec) {
  const responses: Record<string, unknown> = {};
  const result = spec.result;
  const content = 'schema' in result ? { 'application/json': { schema: jsonSchema(result.schema, 'output') } } : { [result.binary]: { schema: { type: 'string', contentMediaType: result.binary } } };
  for (const success of [result, ...(result.also ?? [])].sort((a, b) => a.status - b.status)) {
    responses[String(success.status)] = { description: success.description, content };
  }
  const errors = new Set(spec.errors);
  if (spec.scope) [401, 403].forEach((s) => errors.add(s));
  for (const status of [...errors].sort()) responses[String(status)] = { $ref: `#/components/responses/E${status}` };
  const body = spec.body;
  return {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    ...(spec.scope ? { security: [{ bearerToken: [] }], 'x-required-scope': spec.scope } : { security: [] }),
    parameters: parameters(spec),
    ...(body
      ? {
          requestBody: {
            required: true,
            content:
              body.kind === 'json'
                ? { 'application/json': { schema: jsonSchema(body.schema, 'input') } }
                : { [body.contentType]: { schema: body.schema ? { ...jsonSchema(body.schema, 'input'), description: body.description } : { type: 'string', contentMediaType: body.contentType, description: body.description } } },
          },
        }
      : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document, generated from the same specs the handlers validate with. */
export function openApiDocument(endpoints: Endpoint[], serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { spec } of endpoints) {
    const path = `/api/v1${spec.path}`;
    paths[path] = { ...paths[path], [spec.method.toLowerCase()]: operation(spec) };
  }
  const statuses = [...new Set(endpoints.flatMap((e) => [...e.spec.errors, ...(e.spec.scope ? [401, 403] : [])]))].sort();
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vigil API',
      version: '1.0.0',
      description: `Machine API of Vigil. Authenticate with \`Authorization: Bearer <token>\`; scopes: ${Object.entries(SCOPE_DESCRIPTIONS)
        .map(([scope, text]) => `\`${scope}\` (${text.toLowerCase()})`)
        .join(', ')}.`,
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      securitySchemes: { bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token created by an admin (vgl_…)' } },
      schemas: { Error: jsonSchema(z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }), 'output') },
      responses: Object.fromEntries(
        statuses.map((s) => [`E${s}`, { description: ERROR_DESCRIPTIONS[s] ?? 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
      ),
    },
  };
}
