import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { createToken } from './support/admin-ui';
import { snapshot } from './support/screenshots';
import { vigil } from './support/vigil-cli';
import { mainNavigationLinks, signInAs } from './support/sign-in';

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

test('an auditor exports the log with the CLI and verifies the file offline', async ({ browser, baseURL }) => {
  const context = await browser.newContext();
  const admin = await context.newPage();
  await signInAs(admin, 'admin');
  const token = await createToken(admin, 'auditor-export', ['audit:read']);
  await context.close();
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'vigil-audit-')), 'audit.jsonl');
  const exported = await vigil(['audit', 'export', '--out', file], { VIGIL_URL: baseURL!, VIGIL_TOKEN: token });
  expect(exported).toMatchObject({ code: 0, stderr: '' });
  const verified = await vigil(['audit', 'verify', '--file', file], {});
  expect(verified.code).toBe(0);
  expect(verified.stdout).toContain('Audit export verified.');
  expect(verified.stdout).toContain('anchored at the genesis hash');
  // One altered byte in a body is caught, offline.
  const lines = readFileSync(file, 'utf8').split('\n');
  const target = lines.findIndex((l) => l.includes('"type":"event"') && l.includes('user.created'));
  lines[target] = lines[target]!.replace('user.created', 'user.creatdd');
  writeFileSync(file, lines.join('\n'));
  const tampered = await vigil(['audit', 'verify', '--file', file], {});
  expect(tampered.code).toBe(1);
  expect(tampered.stdout).toMatch(/first break at sequence \d+: sequence \d+ was altered/);
});
