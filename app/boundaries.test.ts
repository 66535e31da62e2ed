import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Architecture rules the design brief sets, checked on every `npm test`.
const root = path.resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const rel = path.posix.join(dir, name);
    if (statSync(path.join(root, rel)).isDirectory()) return name === 'fixtures' ? [] : sources(rel);
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
const CLIENT_SAFE_SERVER_MODULES = new Set(['@/server/rbac/permissions', '@/server/registry/feature-schema', '@/server/dashboard/dashboard-range', '@/server/traffic/rollup-buckets', '@/server/statistics/metric-directions']);

// Production files of the whole tree (tests, test kits and test databases excluded).
const LAYERS = ['app', 'server', 'db', 'workers', 'runtime', 'demo'] as const;
const production = LAYERS.flatMap((dir) => sources(dir)).filter((f) => !/test-kit\.ts$|^server\/testing\//.test(f));

// A domain's edge — its tRPC router, REST specs and browser routes — sits above the tRPC/REST
// plumbing, which sits above authentication, which uses domain services (users, audit). So the
// edge files count as a layer of their own: cycles are checked between domain cores and edges.
const EDGE_FILE = /-router\.ts$|-api\.ts$|^session-[a-z-]+\.ts$/;

/** The folder a file belongs to: one per server domain (`server/<domain>`, edge apart), else its top-level folder. */
function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'server' && parts.length > 2) return `server/${parts[1]}${EDGE_FILE.test(parts[parts.length - 1]!) ? ' (edge)' : ''}`;
  return parts[0]!;
}

/** Value imports as repository paths (`@/x` and relative), without packages. */
function localImports(file: string): string[] {
  return valueImports(file).flatMap((spec) => {
    if (spec.startsWith('@/')) return [spec.slice(2)];
    if (spec.startsWith('.')) return [path.posix.join(path.posix.dirname(file), spec)];
    return [];
  });
}

const arrows = production.flatMap((file) => localImports(file).map((target) => ({ file, target, from: folderOf(file), to: folderOf(target) })));

/** Folder-level cycles: strongly connected components of more than one folder (Tarjan). */
function folderCycles(): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const a of arrows) if (a.from !== a.to) edges.set(a.from, (edges.get(a.from) ?? new Set()).add(a.to));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return components;
}

const offending = (rule: (a: (typeof arrows)[number]) => boolean) => arrows.filter(rule).map((a) => `${a.file} → ${a.target}`);

describe('layers', () => {
  it('sees the tree', () => {
    expect(production.length).toBeGreaterThan(200);
    expect(arrows.length).toBeGreaterThan(500);
  });

  it('has no import cycles between folders (server domains, db, workers, runtime, demo, app)', () => {
    expect(folderCycles()).toEqual([]);
  });

  it('db/ is the floor: it imports nothing above it', () => {
    expect(offending((a) => a.from === 'db' && a.to !== 'db')).toEqual([]);
  });

  it('server/ imports neither demo/, runtime/, workers/ nor app/', () => {
    expect(offending((a) => a.from.startsWith('server') && ['demo', 'runtime', 'workers', 'app'].includes(a.to))).toEqual([]);
  });

  it('production code never imports demo/: only the start-up entry point loads the seed', () => {
    expect(offending((a) => a.to === 'demo' && a.from !== 'demo' && a.file !== 'runtime/start.ts')).toEqual([]);
  });

  it('nothing imports runtime/: it sits on top', () => {
    expect(offending((a) => a.to === 'runtime' && a.from !== 'runtime')).toEqual([]);
  });
});

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
