import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { API_ENDPOINTS } from './api-catalog';
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
  });

  // The route file that serves each documented operation must exist and export its method.
  it.each(API_ENDPOINTS.map((e) => e.spec))('$method $path is served by a route file', (spec) => {
    const file = path.join(root, 'app/api/v1', spec.path.replace(/\{(\w+)\}/g, '[$1]'), 'route.ts');
    expect(existsSync(file), file).toBe(true);
    expect(readFileSync(file, 'utf8')).toMatch(new RegExp(`export const ${spec.method}\\b`));
  });
});
