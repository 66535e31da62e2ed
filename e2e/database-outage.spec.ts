// The database goes away under a running portal (issue 18 §4): pages answer 503 with
// Retry-After and the branded "database is not answering" page inside the shell, the API
// answers 503 with Retry-After and never SQL, and health says the database is unreachable.
// A real outage: the app's own embedded PostgreSQL is shut down under it.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startEmbeddedApp, sweepProcessGroup } from './support/app-process';
import { demoUser } from './support/demo-users';
import { acceptsConnections, freePort } from './support/free-port';
import { snapshot } from './support/screenshots';
import { signIn } from './support/sign-in';

// Beside the suite's own server and the embedded-start spec's, never on them.
const PORT = Number(process.env.VIGIL_E2E_PORT ?? 3100) + 101;
const origin = `http://127.0.0.1:${PORT}`;

test('pages and API answer 503 with Retry-After while PostgreSQL is down', async ({ page, request }, testInfo) => {
  test.setTimeout(240_000);
  const pgPort = await freePort();
  const started = startEmbeddedApp(PORT, 'e2e-outage', pgPort);
  const { app, dataDir, output } = started;
  try {
    await expect
      .poll(async () => (await request.get(`${origin}/api/health`, { timeout: 5_000 }).catch(() => null))?.status() ?? 0, { timeout: 120_000, intervals: [1_000] })
      .toBe(200);

    const admin = demoUser('admin');
    await signIn(page, admin.email, admin.password, origin);
    await page.goto(`${origin}/models`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

    // Immediate shutdown of the postmaster (SIGQUIT): connections drop as in a crash.
    const postmasterPid = Number((await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    process.kill(postmasterPid, 'SIGQUIT');
    await expect.poll(() => acceptsConnections(pgPort), { timeout: 30_000 }).toBe(false);

    const response = await page.goto(`${origin}/models`);
    expect(response?.status()).toBe(503);
    expect(Number(response?.headers()['retry-after'])).toBeGreaterThan(0);
    await expect(page.getByRole('heading', { name: 'The database is not answering' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Back to overview' })).toBeVisible();
    await snapshot(page, 'database-outage-page');

    const api = await request.get(`${origin}/api/v1/models`, { headers: { authorization: `Bearer vgl_${'A'.repeat(32)}` } });
    expect(api.status()).toBe(503);
    expect(Number(api.headers()['retry-after'])).toBeGreaterThan(0);
    const body = await api.text();
    expect(body).not.toMatch(/select |ECONNREFUSED|postgres/i);

    const health = await request.get(`${origin}/api/health`);
    expect(health.status()).toBe(503);
    expect(await health.json()).toMatchObject({ database: { reachable: false } });
  } finally {
    app.child.kill('SIGINT');
    await sweepProcessGroup(app, 20_000);
    await rm(dataDir, { recursive: true, force: true });
    await testInfo.attach('npm-start-output', { body: output.join(''), contentType: 'text/plain' });
  }
});
