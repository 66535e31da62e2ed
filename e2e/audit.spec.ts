import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createToken, createUser, deactivateUser } from './support/admin-ui';
import { snapshot } from './support/screenshots';
import { vigil } from './support/vigil-cli';
import { mainNavigationLinks, signInAs } from './support/sign-in';

const tempFile = (name: string) => path.join(mkdtempSync(path.join(os.tmpdir(), 'vigil-audit-')), name);

/** The fingerprint the audit page shows, checked against the public endpoint. */
async function pinnedFingerprint(page: Page): Promise<string> {
  const fingerprint = (await page.getByTestId('signing-key-fingerprint').innerText()).trim();
  expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
  const published = (await (await page.request.get('/api/v1/audit/public-key')).json()) as { fingerprint: string; algorithm: string };
  expect(published).toMatchObject({ algorithm: 'Ed25519', fingerprint });
  return fingerprint;
}

async function download(page: Page, linkName: string, file: string): Promise<string> {
  const [downloaded] = await Promise.all([page.waitForEvent('download'), page.getByRole('region', { name: 'Export' }).getByRole('link', { name: linkName }).click()]);
  await downloaded.saveAs(file);
  return readFileSync(file, 'utf8');
}

test('an auditor reads the audit log and verifies the hash chain', async ({ page }) => {
  await signInAs(page, 'auditor');
  await mainNavigationLinks(page).filter({ hasText: 'Audit log' }).click();
  await expect(page).toHaveURL(/\/audit$/);

  const events = page.getByRole('table', { name: 'Audit events' });
  await expect(events).toBeVisible();
  // At least the seeded users and this very sign-in are on record.
  await expect(events.getByRole('row').filter({ hasText: 'user.created' }).first()).toBeVisible();
  await expect(events.getByRole('row').filter({ hasText: 'auth.signed_in' }).first()).toBeVisible();

  await page.getByRole('button', { name: 'Verify chain' }).click();
  await expect(page.getByText('Chain intact')).toBeVisible();
  await snapshot(page, 'audit-verified');
});

test('an event shows its before/after as a diff and links to the object it touched', async ({ browser, page }) => {
  const email = `diff-${Date.now()}@vigil.test`;
  const context = await browser.newContext();
  const admin = await context.newPage();
  await signInAs(admin, 'admin');
  await createUser(admin, { name: 'Diff Subject', email, roles: ['viewer'], password: 'a-long-enough-password-42' });
  await deactivateUser(admin, email);
  await context.close();

  await signInAs(page, 'auditor');
  await page.goto('/audit?action=user.deactivated');
  const row = page.getByRole('table', { name: 'Audit events' }).getByRole('row').filter({ hasText: email });
  await row.getByText('Details', { exact: true }).click();
  const changes = row.getByRole('table', { name: 'Changes' });
  await expect(changes).toBeVisible();
  await expect(changes.getByRole('row').filter({ hasText: 'active' })).toContainText('true');
  await expect(changes.getByRole('row').filter({ hasText: 'active' })).toContainText('false');

  await page.goto('/audit?action=model.registered');
  const registered = page.getByRole('table', { name: 'Audit events' }).getByRole('row').filter({ has: page.getByRole('link', { name: 'credit-risk', exact: true }) }).first();
  await registered.getByText('Details', { exact: true }).click();
  await expect(registered.getByRole('link', { name: 'Open Model credit-risk →' })).toHaveAttribute('href', '/models/credit-risk');
  await registered.getByRole('link', { name: 'credit-risk', exact: true }).click();
  await expect(page).toHaveURL(/\/models\/credit-risk$/);
});

test('an auditor exports the filtered log from the page, as CSV and as JSON Lines verified offline against the pinned key', async ({ page }) => {
  await signInAs(page, 'auditor');
  await page.goto('/audit');
  const offline = page.getByRole('region', { name: 'Verify an export offline' });
  await expect(offline).toContainText('The vigil command checks a JSON Lines export on any machine');
  const fingerprint = await pinnedFingerprint(page);
  await expect(offline.getByLabel('Verify command')).toHaveText(`npx vigil audit verify export.jsonl --fingerprint ${fingerprint}`);
  await snapshot(page, 'audit-export');

  await page.locator('#f-action').fill('user.');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/action=user\./);

  const csv = await download(page, 'Export CSV', tempFile('audit.csv'));
  const rows = csv.split('\r\n').filter(Boolean);
  expect(rows[0]).toBe('seq,occurred_at,actor_type,actor_id,actor_label,action,target_type,target_id,target_label,ip,user_agent,before,after,details,hash');
  expect(rows.length).toBeGreaterThan(1);
  for (const line of rows.slice(1)) expect(line).toMatch(/,user\.[a-z_]+,/);

  const file = tempFile('audit.jsonl');
  await download(page, 'Export JSON Lines', file);
  const pinned = await vigil(['audit', 'verify', file, '--fingerprint', fingerprint], {});
  expect(pinned).toMatchObject({ code: 0, stderr: '' });
  expect(pinned.stdout).toContain('Audit export verified: intact, and signed by the pinned key.');
  expect(pinned.stdout).toContain('matching the filters {"action":"user."}');

  // Without a pin the verifier refuses to vouch for the origin.
  const unpinned = await vigil(['audit', 'verify', file], {});
  expect(unpinned.code).toBe(3);
  expect(unpinned.stdout).toContain('UNPINNED');

  // Each export is itself on record.
  await page.goto('/audit?action=audit.exported');
  const exports = page.getByRole('table', { name: 'Audit events' }).getByRole('row').filter({ hasText: 'auditor@vigil.local' });
  await expect(exports.first()).toBeVisible();
  expect(await exports.count()).toBeGreaterThanOrEqual(2);
});

test('an auditor exports the log with the CLI and verifies the file offline', async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  const admin = await context.newPage();
  await signInAs(admin, 'admin');
  const token = await createToken(admin, 'auditor-export', ['audit:read']);
  await admin.goto('/audit');
  const fingerprint = await pinnedFingerprint(admin);
  await context.close();
  const file = tempFile('audit.jsonl');
  const exported = await vigil(['audit', 'export', '--out', file], { VIGIL_URL: baseURL!, VIGIL_TOKEN: token });
  expect(exported).toMatchObject({ code: 0, stderr: '' });
  const verified = await vigil(['audit', 'verify', file, '--fingerprint', fingerprint], {});
  expect(verified.code).toBe(0);
  expect(verified.stdout).toContain('Audit export verified: intact, and signed by the pinned key.');
  expect(verified.stdout).toContain('anchored at the genesis hash');
  // One altered byte in a body is caught, offline.
  const lines = readFileSync(file, 'utf8').split('\n');
  const target = lines.findIndex((l) => l.includes('"type":"event"') && l.includes('user.created'));
  lines[target] = lines[target]!.replace('user.created', 'user.creatdd');
  writeFileSync(file, lines.join('\n'));
  const tampered = await vigil(['audit', 'verify', file, '--fingerprint', fingerprint], {});
  expect(tampered.code).toBe(1);
  expect(tampered.stdout).toMatch(/first break at sequence \d+: sequence \d+ was altered/);
});
