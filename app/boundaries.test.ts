import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Architecture rules the design brief sets, checked on every `npm test`.
const root = path.resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) return sources(rel);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith('.test.ts') ? [rel] : [];
  });
}

/** Value (non-type) import specifiers of a file. */
function valueImports(file: string): string[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  return [...text.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]!);
}

const appFiles = sources('app');
const clientFiles = appFiles.filter((f) => /^\s*['"]use client['"]/.test(readFileSync(path.join(root, f), 'utf8')));

// Pure modules (no I/O, no secrets) that client components may use at run time.
const CLIENT_SAFE_SERVER_MODULES = new Set(['@/server/rbac/permissions', '@/server/api-tokens/scopes', '@/server/registry/feature-schema']);

describe('module boundaries', () => {
  it('app/ never imports db/ directly: data goes handler → service → db', () => {
    const offenders = appFiles.flatMap((f) => valueImports(f).filter((s) => s.startsWith('@/db')).map((s) => `${f} → ${s}`));
    expect(offenders).toEqual([]);
  });

  it('client components import no server module except the pure shared ones', () => {
    expect(clientFiles.length).toBeGreaterThan(3);
    const offenders = clientFiles.flatMap((f) =>
      valueImports(f)
        .filter((s) => (s.startsWith('@/server') || s.startsWith('@/db') || s.startsWith('@/workers')) && !CLIENT_SAFE_SERVER_MODULES.has(s))
        .map((s) => `${f} → ${s}`),
    );
    expect(offenders).toEqual([]);
  });

  it('server/ never imports from app/', () => {
    const offenders = sources('server').flatMap((f) => valueImports(f).filter((s) => s.startsWith('@/app')).map((s) => `${f} → ${s}`));
    expect(offenders).toEqual([]);
  });
});
