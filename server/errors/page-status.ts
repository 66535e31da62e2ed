import { AsyncLocalStorage } from 'node:async_hooks';

// Next.js answers a page whose server component threw with 500, whatever the error: the App
// Router cannot choose the status. A page that failed because PostgreSQL is unreachable should
// answer 503 with Retry-After, as every API does. So the web server (runtime/web-server.ts)
// serves each page request in a scope; a failure published as "unavailable" marks the scope it
// happened in (async context follows the render through awaits and timers), and that
// response's 500 goes out as 503, however long the render took. The storage lives on
// globalThis: Next's bundled server code and the web server's own modules are separate
// module instances in one process. `next dev` has no scope: its pages keep Next's 500.

interface PageRequestScope {
  databaseUnavailable: boolean;
}

const STORAGE = Symbol.for('vigil.pageRequestScope');
const slots = globalThis as unknown as { [STORAGE]?: AsyncLocalStorage<PageRequestScope> };

function storage(): AsyncLocalStorage<PageRequestScope> {
  return (slots[STORAGE] ??= new AsyncLocalStorage<PageRequestScope>());
}

/** Called where a database failure is published: the page request it happened in answers 503. */
export function markDatabaseUnavailable(): void {
  const scope = storage().getStore();
  if (scope) scope.databaseUnavailable = true;
}

/** A scope for one page request: `run` serves it inside, `status` maps the status its response writes. */
export function pageRequestScope(): { run: (serve: () => void) => void; status: (written: number) => number } {
  const scope: PageRequestScope = { databaseUnavailable: false };
  return {
    run: (serve) => storage().run(scope, serve),
    status: (written) => (written === 500 && scope.databaseUnavailable ? 503 : written),
  };
}
