// The database does not trust the app with its own audit log (issue 18): the role the web
// server and worker connect as may append through audit_append() and nothing else, and no
// switch it can flip (a setting, a trigger, the function itself) changes that.
import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { systemActor } from '@/server/auth/actor';
import { createCheckpoint } from '@/server/audit/checkpoint';
import { recordAudit } from '@/server/audit/record-audit';
import { verifyAuditLog } from '@/server/audit/verify-log';
import { prepareDatabase } from '@/server/jobs/prepare-database';
import { createTestDatabaseUrl, dbError, testRoleUrl } from '@/server/testing/test-database';
import { TEST_APP_ROLE, TEST_OWNER_ROLE } from '@/server/testing/test-roles';
import { closeDatabase, createDatabase, type Database } from './client';
import { connectionRole } from './connection-role';
import { ensureOwnedDatabase, withDatabase } from './database-roles';
import { dropDatabase } from './databases';

const appUrl = await createTestDatabaseUrl();
const ownerUrl = testRoleUrl(appUrl, 'owner');
const app = createDatabase(appUrl, { max: 2 });
const owner = createDatabase(ownerUrl, { max: 2 });
afterAll(() => Promise.all([closeDatabase(app), closeDatabase(owner)]));

const actor = systemActor('least-privilege-test');
const event = (action: string) => ({ action, target: { type: 'thing', id: '1' } });
const directInsert = sql`insert into audit_events (seq, occurred_at, actor_type, actor_label, action, body, prev_hash, hash)
  values (99, now(), 'user', 'mallory', 'forged', '{}', '\\x00'::bytea, '\\x00'::bytea)`;

/** Runs `statements` in one transaction as `database` and returns PostgreSQL's refusal. */
function refusal(database: Database, ...statements: ReturnType<typeof sql>[]): Promise<string> {
  return dbError(
    database.transaction(async (tx) => {
      for (const statement of statements) await tx.execute(statement);
    }),
  );
}

beforeAll(async () => {
  await recordAudit(app, actor, event('test.first'));
  await recordAudit(app, actor, event('test.second'));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  await createCheckpoint(app, { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: 'test' });
});

describe('the app role', () => {
  it('is no superuser, owns nothing and appends through audit_append(), signing checkpoints', async () => {
    expect(await connectionRole(appUrl)).toEqual({ name: TEST_APP_ROLE, superuser: false, ownsAuditLog: false });
    const [owned] = await app.execute<{ n: number }>(sql`select count(*)::int as n from pg_class where relowner = (select oid from pg_roles where rolname = current_user)`);
    expect(owned!.n).toBe(0);
    expect(await recordAudit(app, actor, event('test.third'))).toBe(3);
    expect(await verifyAuditLog(app)).toMatchObject({ ok: true, headSeq: 3, firstBreak: null, checkpoints: { checked: 1, problems: [] } });
  });

  it('may not update, delete or truncate audit events or checkpoints', async () => {
    for (const table of ['audit_events', 'audit_checkpoints']) {
      const name = sql.raw(table);
      expect(await refusal(app, sql`update ${name} set seq = seq`)).toMatch(`permission denied for table ${table}`);
      expect(await refusal(app, sql`delete from ${name}`)).toMatch(`permission denied for table ${table}`);
      expect(await refusal(app, sql`truncate ${name}`)).toMatch(`permission denied for table ${table}`);
    }
  });

  it('may not insert audit events directly, with or without the old custom switch', async () => {
    expect(await refusal(app, directInsert)).toMatch('permission denied for table audit_events');
    expect(await refusal(app, sql`set local vigil.audit_append = 'on'`, directInsert)).toMatch('permission denied for table audit_events');
    expect(await refusal(app, sql`select set_config('vigil.audit_append', 'on', true)`, directInsert)).toMatch('permission denied for table audit_events');
  });

  it('may not switch off or drop the append-only triggers', async () => {
    for (const which of ['all', 'user', 'audit_events_no_update_delete']) {
      expect(await refusal(app, sql.raw(`alter table audit_events disable trigger ${which}`))).toMatch('must be owner of table audit_events');
    }
    expect(await refusal(app, sql`alter table audit_checkpoints disable trigger user`)).toMatch('must be owner of table audit_checkpoints');
    expect(await refusal(app, sql`drop trigger audit_events_insert_via_function on audit_events`)).toMatch('must be owner of');
    expect(await refusal(app, sql`set session_replication_role = replica`)).toMatch('permission denied to set parameter "session_replication_role"');
    expect(await refusal(app, sql`set local session_replication_role = replica`)).toMatch('permission denied to set parameter "session_replication_role"');
  });

  it('may not alter, replace or take over the append function, nor become the owner', async () => {
    expect(await refusal(app, sql`alter function audit_append(text) security invoker`)).toMatch('must be owner of function audit_append');
    expect(await refusal(app, sql`alter function audit_append(text) owner to ${sql.raw(TEST_APP_ROLE)}`)).toMatch('must be owner of function audit_append');
    expect(await refusal(app, sql`alter function audit_append(text) set search_path = pg_temp, public`)).toMatch('must be owner of function audit_append');
    expect(
      await refusal(app, sql.raw(`create or replace function public.audit_append(p_body text) returns table (seq bigint, hash bytea) language sql as 'select 1::bigint, null::bytea'`)),
    ).toMatch(/permission denied for schema public|must be owner of function audit_append/);
    expect(await refusal(app, sql.raw(`set role ${TEST_OWNER_ROLE}`))).toMatch('permission denied to set role');
    expect(await refusal(app, sql`create table audit_shadow (seq bigint)`)).toMatch('permission denied for schema public');
  });

  it('gets nowhere with an audit_append() of its own in pg_temp', async () => {
    const planted = sql.raw(`create function pg_temp.audit_append(p_body text) returns void language sql as $$
      insert into public.audit_events (seq, occurred_at, actor_type, actor_label, action, body, prev_hash, hash)
      values (99, now(), 'user', 'mallory', 'forged', p_body, '\\x00', '\\x00') $$`);
    expect(await refusal(app, planted, sql`select pg_temp.audit_append('{}')`)).toMatch(/permission denied for table audit_events/);
  });

  it('left the log as the app wrote it', async () => {
    const rows = await app.execute<{ action: string }>(sql`select action from audit_events order by seq`);
    expect(rows.map((r) => r.action)).toEqual(['test.first', 'test.second', 'test.third']);
    expect(await verifyAuditLog(app)).toMatchObject({ ok: true, headSeq: 3 });
  });
});

describe('the owner role', () => {
  it('cannot insert audit events directly either: rows enter only inside audit_append()', async () => {
    expect(await connectionRole(ownerUrl)).toMatchObject({ name: TEST_OWNER_ROLE, superuser: false, ownsAuditLog: true });
    expect(await refusal(owner, directInsert)).toMatch('audit events can only be written through audit_append()');
    expect(await refusal(owner, sql`set local vigil.audit_append = 'on'`, directInsert)).toMatch('audit events can only be written through audit_append()');
  });
});

describe('migrating with two roles', () => {
  const adminUrl = inject('adminUrl');
  const scratch: string[] = [];
  afterAll(async () => {
    for (const name of scratch) await dropDatabase(adminUrl, name);
  });
  async function emptyDatabase(label: string): Promise<string> {
    const name = `vigil_test_lp_${label}_${Date.now()}`;
    const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database "${name}"`);
    } finally {
      await admin.end();
    }
    scratch.push(name);
    return withDatabase(adminUrl, name);
  }

  it('refuses to migrate as the app role, naming the fix', async () => {
    const url = await emptyDatabase('unmigrated');
    await expect(prepareDatabase(testRoleUrl(url, 'app'))).rejects.toThrow(/role "vigil_test_app" may not do it.*DATABASE_OWNER_URL/);
  });

  it('warns when the app itself connects as the owner (one URL), and not when it connects as the app role', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await prepareDatabase(ownerUrl);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/connects to PostgreSQL as "vigil_test_owner", which owns the audit tables.*DATABASE_OWNER_URL/));
      warn.mockClear();
      await prepareDatabase(appUrl);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('hands a database the superuser migrated (an embedded cluster before roles) to the owner, after which the app role works', async () => {
    const superuserUrl = await emptyDatabase('adopted');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await prepareDatabase(superuserUrl); // the way `npm start` migrated before roles were split
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/, which is a superuser,/));
    } finally {
      warn.mockRestore();
    }
    const name = new URL(superuserUrl).pathname.slice(1);
    await ensureOwnedDatabase(adminUrl, name, TEST_OWNER_ROLE);
    await ensureOwnedDatabase(adminUrl, name, TEST_OWNER_ROLE); // idempotent
    const appRoleUrl = testRoleUrl(superuserUrl, 'app');
    await prepareDatabase(appRoleUrl, { ownerUrl: testRoleUrl(superuserUrl, 'owner') });

    const adopted = createDatabase(superuserUrl, { max: 1 });
    const appDatabase = createDatabase(appRoleUrl, { max: 1 });
    try {
      const [left] = await adopted.execute<{ n: number }>(sql`
        select (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
                 where c.relowner <> ${sql.raw(`'${TEST_OWNER_ROLE}'`)}::regrole and n.nspname in ('public', 'drizzle', 'pgboss'))
             + (select count(*) from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                 where p.proowner <> ${sql.raw(`'${TEST_OWNER_ROLE}'`)}::regrole and n.nspname in ('public', 'drizzle', 'pgboss'))
             + (select count(*) from pg_namespace where nspname in ('drizzle', 'pgboss') and nspowner <> ${sql.raw(`'${TEST_OWNER_ROLE}'`)}::regrole) as n`);
      expect(Number(left!.n)).toBe(0);
      expect(await recordAudit(appDatabase, actor, event('test.after_adoption'))).toBe(1);
      expect(await refusal(appDatabase, sql`alter table audit_events disable trigger user`)).toMatch('must be owner of table audit_events');
    } finally {
      await closeDatabase(adopted);
      await closeDatabase(appDatabase);
    }
  });
});
