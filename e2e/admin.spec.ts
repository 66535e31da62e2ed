import { expect, test, type Page } from '@playwright/test';
import { createToken, createUser, revokeToken, tokenRow, userRow } from './support/admin-ui';
import { getAuditEvents } from './support/audit-api';
import { unique } from './support/demo-users';
import { snapshot } from './support/screenshots';
import { signInAs } from './support/sign-in';

// One admin session walks through the whole journey; later steps use what earlier ones made.
test.describe.configure({ mode: 'serial' });

let page: Page;
const userEmail = `${unique('new-analyst')}@e2e.test`;
const readerName = unique('audit-reader');
const otherName = unique('no-audit-scope');
let readerSecret = '';
let otherSecret = '';

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  await signInAs(page, 'admin');
});

test.afterAll(async () => {
  await page.context().close();
});

test('the admin creates a user and is shown a one-time password', async () => {
  const oneTimePassword = await createUser(page, { name: 'Nia Analyst', email: userEmail, roles: ['maintainer', 'reviewer'] });
  expect(oneTimePassword).toBeTruthy();
  expect(oneTimePassword!.length).toBeGreaterThanOrEqual(10);
  await expect(userRow(page, userEmail)).toContainText('Active');
  await snapshot(page, 'admin-user-created');
});

test('the admin creates an API token whose secret is shown once', async () => {
  readerSecret = await createToken(page, readerName, ['audit:read']);
  expect(readerSecret).toMatch(/^vgl_/);
  await snapshot(page, 'admin-token-created');

  await page.reload();
  await expect(page.getByTestId('one-time-secret')).toHaveCount(0);
  expect(await page.content()).not.toContain(readerSecret);
  const row = tokenRow(page, readerName);
  await expect(row).toContainText(readerSecret.slice(0, 12));
  await expect(row).toContainText('audit:read');
  await expect(row).toContainText('Active');
});

test('both creations are in the audit log', async () => {
  const expected: [action: string, label: string][] = [['user.created', userEmail], ['api_token.created', readerName]];
  await page.goto('/audit');
  for (const [action, label] of expected) {
    await page.locator('#f-action').fill(action);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect(page).toHaveURL(new RegExp(`action=${action.replace('.', '\\.')}`));
    const events = page.getByRole('table', { name: 'Audit events' });
    // Only the event rows: an event's detail holds a table of its own.
    await expect(events.locator(':scope > tbody > tr').filter({ hasNotText: action })).toHaveCount(0);
    await expect(events.getByRole('row').filter({ hasText: label })).toContainText(action);
  }
  await snapshot(page, 'admin-audit-filtered');
});

test('the token reads the audit log over the REST API', async ({ request }) => {
  const { status, body } = await getAuditEvents(request, `Bearer ${readerSecret}`);
  expect(status).toBe(200);
  expect(JSON.stringify(body)).toContain('api_token.created');
});

test('a token without audit:read gets 403', async ({ request }) => {
  otherSecret = await createToken(page, otherName, ['registry:read']);

  const { status, contentType, body } = await getAuditEvents(request, `Bearer ${otherSecret}`);
  expect(status).toBe(403);
  expect(contentType).toContain('application/json');
  expect(body).toMatchObject({ code: 'forbidden', message: expect.any(String) });
});

test('a missing or made-up token gets 401', async ({ request }) => {
  for (const authorization of [undefined, 'Bearer garbage', `Bearer vgl_${'x'.repeat(32)}`]) {
    const { status, contentType, body } = await getAuditEvents(request, authorization);
    expect(status, String(authorization)).toBe(401);
    expect(contentType).toContain('application/json');
    expect(body).toMatchObject({ code: 'unauthorized', message: expect.any(String) });
  }
});

test('a revoked token gets 401 at once', async ({ request }) => {
  await revokeToken(page, readerName);
  await snapshot(page, 'admin-token-revoked');
  const { status, body } = await getAuditEvents(request, `Bearer ${readerSecret}`);
  expect(status).toBe(401);
  expect(body).toMatchObject({ code: 'unauthorized' });
});
