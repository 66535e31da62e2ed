import net from 'node:net';
import postgres from 'postgres';
import type { Executor } from '@/db/client';
import { rawSql } from '../raw-sql';

// Event batches are stored with COPY … FROM STDIN (FORMAT binary): PostgreSQL's bulk path
// (multi-row heap inserts) is 2–3× cheaper than INSERT … SELECT FROM unnest for the same
// rows, and the binary format spares it parsing floats, timestamps and array literals
// (about 30 % less server time than COPY text for inference_events).
//
// postgres.js does not set TCP_NODELAY, and it sends COPY's data and its closing CopyDone
// message as two socket writes: with Nagle's algorithm the small CopyDone waits for the
// server's delayed ACK, ~40 ms per batch (measured: 44 ms vs 1.9 ms per 1,000-row COPY).
// So COPY runs on a small pool of its own beside the shared one — same server, database
// and credentials, sockets with TCP_NODELAY — whose idle connection closes after 10 s.
// (If db/client.ts gave the shared pool TCP_NODELAY sockets, this pool could go.)

/**
 * COPY connections per process (VIGIL_INGEST_COPY_CONNECTIONS, default 2): two let one
 * batch's commit wait for its WAL flush while the next is copied; more take the CPU the web
 * process needs on a small machine (measurements in bench/README.md). With a larger database
 * server, raise it.
 */
function copyPoolSize(): number {
  const n = Number(process.env.VIGIL_INGEST_COPY_CONNECTIONS ?? 2);
  return Number.isInteger(n) && n >= 1 && n <= 32 ? n : 2;
}
const pools = new WeakMap<object, postgres.Sql>();

type Options = postgres.Sql['options'] & { connect_timeout?: number };

function noDelaySocket(options: Options): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = options.path ? net.connect({ path: options.path }) : net.connect({ host: options.host[0], port: options.port[0] ?? 5432, noDelay: true });
    socket.setNoDelay(true);
    const timer = setTimeout(() => socket.destroy(Object.assign(new Error('connect timeout'), { code: 'CONNECT_TIMEOUT' })), (options.connect_timeout ?? 30) * 1000);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeListener('error', reject);
      resolve(socket);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/**
 * The COPY pool for a database's shared pool, or null inside a transaction (where COPY must
 * run on the transaction's own connection and the caller falls back to INSERT).
 */
export function copyPool(executor: Executor): postgres.Sql | null {
  const main = rawSql(executor) as postgres.Sql & { begin?: unknown };
  if (typeof main.begin !== 'function') return null;
  let pool = pools.get(main);
  if (!pool) {
    const options = main.options as Options;
    // Already-parsed options (postgres.js passes objects carrying `shared` through as they are).
    pool = postgres({
      ...options,
      max: copyPoolSize(),
      idle_timeout: 10,
      socket: () => noDelaySocket(options),
      shared: { retries: 0, typeArrayMap: {} },
      parameters: {},
    } as unknown as postgres.Options<Record<string, never>>);
    pools.set(main, pool);
    // Ending the shared pool (closeDatabase) ends this one too, so scripts exit promptly.
    const copy = pool;
    const endShared = main.end.bind(main);
    main.end = (options) => Promise.all([copy.end(options), endShared(options)]).then(() => undefined);
  }
  return pool;
}

type CopyStream = NodeJS.WritableStream & { _final: (callback: (error?: Error | null) => void) => void };

/**
 * Streams `rows` (a whole COPY BINARY stream) into `table (columns)` with one COPY statement in its
 * own transaction; true when it committed, false when PostgreSQL refused the rows (e.g. a
 * key already stored) — the caller then takes its INSERT … ON CONFLICT path, which also
 * surfaces the actual error. Throws on connection failures.
 *
 * Why the transaction and the hook: postgres.js 3.4 forgets a COPY FROM's stream once the
 * final CopyDone is sent, so an error reported after it (a unique violation in the last
 * rows) never reaches the stream and its promise would hang. Here, as soon as CopyDone is
 * sent, COMMIT is queued on the same reserved connection: it answers COMMIT when the COPY
 * succeeded and ROLLBACK when the COPY failed and aborted the transaction.
 */
export async function copyIn(pool: postgres.Sql, table: string, columns: readonly string[], rows: Buffer): Promise<boolean> {
  const connection = await pool.reserve();
  let open = false;
  try {
    // BEGIN is pipelined with the COPY (postgres.js writes both at once): no round trip of
    // its own, during which the backend would idle while the event loop scans a batch.
    const begun = connection.unsafe('begin');
    begun.catch(() => {});
    open = true;
    const stream = (await connection.unsafe(`copy ${table} (${columns.join(', ')}) from stdin with (format binary)`).writable()) as unknown as CopyStream;
    await begun;
    const sent = new Promise<void>((resolve, reject) => {
      const final = stream._final;
      stream._final = function (this: CopyStream, callback) {
        final.call(this, callback);
        resolve();
      };
      // Errors while the data is still flowing do reach the stream.
      stream.once('error', reject);
    });
    stream.end(rows);
    await sent;
    const done = await connection.unsafe('commit');
    open = false;
    return done.command === 'COMMIT';
  } catch (error) {
    if (open) await connection.unsafe('rollback').catch(() => {});
    if ((error as { code?: string }).code?.match(/^(23|22)/)) return false;
    throw error;
  } finally {
    connection.release();
  }
}

/** A value in COPY text format: backslash, tab, newline and carriage return escaped. */
export function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : value;
}
