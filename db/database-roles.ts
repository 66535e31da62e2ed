import postgres from 'postgres';
import { adoptObjects } from './adopt-objects';
import { quoteIdent } from './databases';

// The two roles Vigil runs with (docs/security.md#database-roles): an owner that migrates and
// owns every object but is no superuser, and a login role for the app that owns nothing.

/** A password as an SQL literal: the ones Vigil generates are base64url, nothing needs escaping. */
function passwordLiteral(password: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(password)) throw new Error('Role passwords must be base64url (letters, digits, - and _)');
  return `'${password}'`;
}

const ROLES_LOCK = 7236591002;

/**
 * Creates a login role that is not a superuser and may create neither roles nor databases,
 * or resets an existing one to exactly that; sets its password. Safe to run concurrently
 * from connections to the same database.
 */
export async function ensureLoginRole(adminUrl: string, name: string, password: string): Promise<void> {
  const role = quoteIdent(name);
  const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${passwordLiteral(password)}`;
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.begin(async (tx) => {
      // Roles are cluster-wide: concurrent callers (test runs, say) take turns.
      await tx`select pg_advisory_xact_lock(${ROLES_LOCK})`;
      await tx.unsafe(`DO $$ BEGIN
        CREATE ROLE ${role} ${attributes};
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        ALTER ROLE ${role} ${attributes};
      END $$`);
    });
  } finally {
    await sql.end();
  }
}

/**
 * Creates database `name` owned by `owner` unless it exists. An existing one is handed to
 * `owner` with everything in it that the admin role owns (an embedded cluster migrated as the
 * superuser before the roles existed), so the owner can migrate it from now on; a no-op
 * once done.
 */
export async function ensureOwnedDatabase(adminUrl: string, name: string, owner: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  let created = false;
  try {
    const [row] = await sql<{ owner: string }[]>`select pg_get_userbyid(datdba) as owner from pg_database where datname = ${name}`;
    if (!row) {
      await sql.unsafe(`create database ${quoteIdent(name)} owner ${quoteIdent(owner)}`);
      created = true;
    } else if (row.owner !== owner) {
      await sql.unsafe(`alter database ${quoteIdent(name)} owner to ${quoteIdent(owner)}`);
    }
  } finally {
    await sql.end();
  }
  if (!created) await adoptObjects(withDatabase(adminUrl, name), owner);
}

/** `url` with another database. */
export function withDatabase(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.toString();
}

/** `url` logging in as another role. */
export function withRole(url: string, role: string, password: string): string {
  const next = new URL(url);
  next.username = role;
  next.password = password;
  return next.toString();
}
