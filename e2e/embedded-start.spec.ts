// `npm start` with nothing configured: the launcher brings up its own embedded PostgreSQL,
// serves the portal and the worker, and Ctrl-C stops all of it cleanly.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import postgres from 'postgres';
import { startEmbeddedApp, sweepProcessGroup, timeout } from './support/app-process';
import { demoUser } from './support/demo-users';
import { acceptsConnections, freePort } from './support/free-port';
import { snapshot } from './support/screenshots';
import { signIn } from './support/sign-in';

// Beside the suite's own server (VIGIL_E2E_PORT, default 3100), never on it.
const PORT = Number(process.env.VIGIL_E2E_PORT ?? 3100) + 100;
const origin = `http://127.0.0.1:${PORT}`;

interface Health {
  database?: { reachable?: boolean };
  worker?: { alive?: boolean } | null;
}

async function health(request: APIRequestContext): Promise<{ status: number; body: Health } | null> {
  try {
    const response = await request.get(`${origin}/api/health`, { timeout: 5_000 });
    return { status: response.status(), body: (await response.json()) as Health };
  } catch {
    return null; // not listening yet
  }
}

/** The PostgreSQL roles connected to the `vigil` database, seen as the generated superuser. */
async function rolesConnectedToVigil(dataDir: string, pgPort: number): Promise<string[]> {
  const password = (await readFile(path.join(dataDir, 'pg-superuser-password'), 'utf8')).trim();
  const sql = postgres({ host: '127.0.0.1', port: pgPort, database: 'postgres', username: 'postgres', password, max: 1 });
  try {
    const rows = await sql<{ usename: string }[]>`select distinct usename from pg_stat_activity where datname = 'vigil' order by 1`;
    return rows.map((r) => r.usename);
  } finally {
    await sql.end();
  }
}

/** Whether the superuser still takes the fixed password of older versions (it must not). */
async function acceptsOldSuperuserPassword(pgPort: number): Promise<boolean> {
  const sql = postgres({ host: '127.0.0.1', port: pgPort, database: 'postgres', username: 'postgres', password: 'vigil-embedded', max: 1 });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end();
  }
}

test('npm start on an embedded database serves the portal and stops cleanly on Ctrl-C', async ({ page, request }, testInfo) => {
  test.setTimeout(240_000);
  const pgPort = await freePort();
  const started = startEmbeddedApp(PORT, 'e2e-start', pgPort);
  const { app, dataDir, output } = started;
  try {
    await expect
      .poll(async () => {
        const report = await health(request);
        return report?.status === 200 && report.body.database?.reachable === true;
      }, { timeout: 120_000, intervals: [1_000] })
      .toBe(true);
    expect(await acceptsConnections(pgPort)).toBe(true);

    const admin = demoUser('admin');
    await signIn(page, admin.email, admin.password, origin);
    await expect(page).toHaveURL(`${origin}/`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
    await snapshot(page, 'embedded-start-overview');

    await expect
      .poll(async () => (await health(request))?.body.worker?.alive === true, { timeout: 60_000, intervals: [1_000] })
      .toBe(true);

    // Web server and worker connect as the least-privilege role only (docs/security.md#database-roles).
    expect(await rolesConnectedToVigil(dataDir, pgPort)).toEqual(['vigil_app']);
    expect(await acceptsOldSuperuserPassword(pgPort)).toBe(false);
    expect(output.join('')).not.toContain('WARNING: the app connects');

    app.child.kill('SIGINT');
    expect(await timeout(app.exited, 40_000)).toBe(0);
    expect(await acceptsConnections(pgPort)).toBe(false);
  } finally {
    await sweepProcessGroup(app, 5_000);
    await rm(dataDir, { recursive: true, force: true });
    await testInfo.attach('npm-start-output', { body: output.join(''), contentType: 'text/plain' });
  }
});
