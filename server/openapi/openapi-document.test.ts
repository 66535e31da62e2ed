import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { API_ENDPOINTS, openApiEndpoint } from './api-catalog';
import { openApiDocument } from './openapi-document';

const root = path.resolve(import.meta.dirname, '../..');
const document = openApiDocument(API_ENDPOINTS, 'http://vigil.test');

describe('OpenAPI document', () => {
  it('validates as OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(document));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every operation with its scope and error shape', () => {
    const createVersion = document.paths['/api/v1/models/{name}/versions']!.post as Record<string, unknown>;
    expect(createVersion['x-required-scope']).toBe('registry:write');
    expect(Object.keys(createVersion.responses as object)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '404', '409', '422']));
    expect(JSON.stringify(createVersion.requestBody)).toContain('artifactSha256');
    const startShadow = document.paths['/api/v1/models/{name}/shadow-runs']!.post as Record<string, unknown>;
    expect(startShadow['x-required-scope']).toBe('shadow:write');
    expect(Object.keys(startShadow.responses as object)).toEqual(expect.arrayContaining(['202', '400', '401', '403', '404', '413', '422']));
    const listShadow = document.paths['/api/v1/models/{name}/shadow-runs']!.get as { parameters: { name: string; in: string; required: boolean }[] };
    expect(listShadow.parameters.filter((p) => p.in === 'query')).toEqual([expect.objectContaining({ name: 'limit', required: false }), expect.objectContaining({ name: 'offset', required: false })]);
  });

  it('lists every success status an operation answers', () => {
    const successes = (path: string, method: string) =>
      Object.keys((document.paths[path]![method] as { responses: object }).responses).filter((status) => status.startsWith('2'));
    expect(successes('/api/v1/webhooks/github', 'post')).toEqual(['200', '202']);
    expect(successes('/api/v1/artifacts/sha256/{digest}', 'put')).toEqual(['200', '201']);
    expect(successes('/api/v1/events', 'post')).toEqual(['200', '201']);
    expect(successes('/api/v1/kpis', 'post')).toEqual(['200', '201']);
    expect(successes('/api/v1/kpi-definitions/{name}', 'put')).toEqual(['200', '201']);
    expect(successes('/api/v1/webhooks/ci', 'post')).toEqual(['201']);
    expect(successes('/api/v1/models/{name}/shadow-runs', 'post')).toEqual(['202']);
  });

  it('documents itself, and is served with no database to talk to', async () => {
    // endpoint() opens its pool lazily; nothing may connect to this closed port.
    process.env.DATABASE_URL ??= 'postgres://nobody@127.0.0.1:1/none';
    const self = document.paths['/api/v1/openapi.json']!.get as Record<string, unknown>;
    expect(self).toMatchObject({ operationId: 'getOpenApiDocument', security: [] });
    const served = await openApiEndpoint.handle(new Request('http://vigil.test/api/v1/openapi.json'), { params: Promise.resolve({}) });
    expect(served.status).toBe(200);
    expect(((await served.json()) as typeof document).paths['/api/v1/openapi.json']).toEqual(JSON.parse(JSON.stringify(document.paths['/api/v1/openapi.json'])));
  });

  // The route file that serves each documented operation must exist and export its method.
  it.each(API_ENDPOINTS.map((e) => e.spec))('$method $path is served by a route file', (spec) => {
    const file = path.join(root, 'app/api/v1', spec.path.replace(/\{(\w+)\}/g, '[$1]'), 'route.ts');
    expect(existsSync(file), file).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`export const ${spec.method}\\b`));
  });
});
