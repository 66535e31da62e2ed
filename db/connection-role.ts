import postgres from 'postgres';

export interface ConnectionRole {
  name: string;
  superuser: boolean;
  /** Owns the audit tables or may act as their owner (so it could disable their triggers). */
  ownsAuditLog: boolean;
}

/** Who a connection URL logs in as, and whether that role could get around the audit log's triggers. */
export async function connectionRole(url: string): Promise<ConnectionRole> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ name: string; superuser: boolean; owns: boolean | null }[]>`
      select current_user as name,
             (select rolsuper from pg_roles where rolname = current_user) as superuser,
             (select pg_has_role(current_user, c.relowner, 'MEMBER') from pg_class c
               where c.oid = to_regclass('public.audit_events')) as owns`;
    return { name: row!.name, superuser: row!.superuser, ownsAuditLog: row!.owns === true };
  } finally {
    await sql.end();
  }
}

/** Why a role the app connects as can bypass the audit log's append-only triggers, or null. */
export function privilegeProblem(role: ConnectionRole): string | null {
  if (role.superuser) return 'is a superuser';
  if (role.ownsAuditLog) return 'owns the audit tables';
  return null;
}
