import postgres from 'postgres';
import { quoteIdent } from './databases';

/**
 * Gives `owner` every object in the database at `superuserUrl` that the connected role owns,
 * outside the system schemas: schemas, tables and partitions (their indexes, owned sequences
 * and row types follow them), views, other sequences, functions, types. REASSIGN OWNED cannot
 * do this when the old owner is the bootstrap superuser, which owns the system catalogs too.
 */
export async function adoptObjects(superuserUrl: string, owner: string): Promise<void> {
  const target = quoteIdent(owner).slice(1, -1);
  const sql = postgres(superuserUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`DO $$
DECLARE
  target name := '${target}';
  me oid := (SELECT oid FROM pg_roles WHERE rolname = current_user);
  r record;
BEGIN
  FOR r IN SELECT n.oid, n.nspname FROM pg_namespace n
           WHERE n.nspowner = me AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' LOOP
    EXECUTE format('ALTER SCHEMA %I OWNER TO %I', r.nspname, target);
  END LOOP;
  FOR r IN SELECT c.oid::regclass AS rel, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relowner = me AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
             AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' LOOP
    EXECUTE format('ALTER %s %s OWNER TO %I',
      CASE r.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
      r.rel, target);
  END LOOP;
  -- Sequences still owned here belong to no table (the others followed theirs).
  FOR r IN SELECT c.oid::regclass AS rel FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relowner = me AND c.relkind = 'S' AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' LOOP
    EXECUTE format('ALTER SEQUENCE %s OWNER TO %I', r.rel, target);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS fn, p.prokind FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
           WHERE p.proowner = me AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' LOOP
    EXECUTE format('ALTER %s %s OWNER TO %I',
      CASE r.prokind WHEN 'p' THEN 'PROCEDURE' WHEN 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, r.fn, target);
  END LOOP;
  -- Enums, domains, standalone composite and range types; array and multirange types follow theirs.
  FOR r IN SELECT t.oid::regtype AS typ, t.typtype FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
           WHERE t.typowner = me AND t.typtype IN ('e', 'd', 'c', 'r')
             AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = t.oid)
             AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' LOOP
    EXECUTE format('ALTER %s %s OWNER TO %I', CASE r.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, r.typ, target);
  END LOOP;
END $$`);
  } finally {
    await sql.end();
  }
}
