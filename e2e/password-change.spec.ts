import type { Page } from '@playwright/test';
import { createToken, createUser, userRow } from './support/admin-ui';
import { demoUser, unique } from './support/demo-users';
import { expect, test } from './support/fixtures';
import { snapshot } from './support/screenshots';
import { signIn, signInAlert, signOut, submitSignIn, userMenuButton } from './support/sign-in';

const MUST_CHANGE = 'Choose your own password first: your account has a one-time password from an administrator.';
const OWN_PASSWORD = 'my-own-secret-password';

async function fillChangeForm(page: Page, current: string, next: string, repeat = next) {
  await page.locator('#current-password').fill(current);
  await page.locator('#new-password').fill(next);
  await page.locator('#confirm-password').fill(repeat);
  await page.getByRole('button', { name: 'Set password and continue' }).click();
}

test('a user created with a one-time password must choose their own at first sign-in, and again after a reset', async ({ page, adminPage }) => {
  const email = `${unique('first-sign-in')}@e2e.test`;
  const oneTimePassword = await createUser(adminPage, { name: 'Fay Firsttime', email, roles: ['viewer'] });
  expect(oneTimePassword).toBeTruthy();
  await expect(userRow(adminPage, email)).toContainText('One-time password');

  // Signing in with it leads to the change-password page, and nowhere else.
  await submitSignIn(page, email, oneTimePassword!);
  await expect(page).toHaveURL(/\/change-password$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose your password');
  await snapshot(page, 'change-password-first-sign-in');
  await page.goto('/models');
  await expect(page).toHaveURL(/\/change-password$/);
  const api = await page.request.get('/api/trpc/me');
  expect(api.status()).toBe(403);
  expect(await api.text()).toContain(MUST_CHANGE);

  // Mistakes are explained and change nothing.
  await fillChangeForm(page, 'not-the-one-time-password', OWN_PASSWORD);
  await expect(signInAlert(page)).toHaveText('That is not your current password.');
  await fillChangeForm(page, oneTimePassword!, OWN_PASSWORD, `${OWN_PASSWORD}-typo`);
  await expect(signInAlert(page)).toHaveText('The two new passwords do not match.');

  await fillChangeForm(page, oneTimePassword!, OWN_PASSWORD);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
  await expect(userMenuButton(page)).toBeVisible();

  // The one-time password is spent; the new one opens the portal directly.
  await signOut(page);
  await submitSignIn(page, email, oneTimePassword!);
  await expect(signInAlert(page)).toHaveText('Wrong email or password.');
  await signIn(page, email, OWN_PASSWORD);
  await expect(page).toHaveURL(/\/$/);

  // An admin reset signs the user out at once and forces the change again.
  await adminPage.goto('/admin/users');
  adminPage.once('dialog', (dialog) => void dialog.accept());
  await userRow(adminPage, email).getByRole('button', { name: `Reset password of ${email}` }).click();
  const secret = adminPage.getByTestId('one-time-secret');
  await expect(secret).toBeVisible();
  const resetPassword = (await secret.innerText()).trim();
  await expect(userRow(adminPage, email)).toContainText('One-time password');

  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await submitSignIn(page, email, OWN_PASSWORD);
  await expect(signInAlert(page)).toHaveText('Wrong email or password.');
  await submitSignIn(page, email, resetPassword);
  await expect(page).toHaveURL(/\/change-password$/);
  await fillChangeForm(page, resetPassword, `${OWN_PASSWORD}-2`);
  await expect(page).toHaveURL(/\/$/);
});

test('a demo login is not asked to change its password', async ({ page }) => {
  const viewer = demoUser('viewer');
  await signIn(page, viewer.email, viewer.password);
  await expect(page).toHaveURL(/\/$/);
});

test('a session cookie copied before sign-out no longer signs anyone in', async ({ page, browser }) => {
  const viewer = demoUser('viewer');
  await signIn(page, viewer.email, viewer.password);
  const copied = await page.context().cookies();
  await signOut(page);

  const thief = await browser.newContext();
  try {
    await thief.addCookies(copied);
    const stolen = await thief.newPage();
    await stolen.goto('/');
    await expect(stolen).toHaveURL(/\/sign-in/);
    expect((await stolen.request.get('/api/trpc/me')).status()).toBe(401);
  } finally {
    await thief.close();
  }
});

test('sign-in records the connection address, not one the browser claims', async ({ browser, adminPage, request }) => {
  const email = `${unique('spoofer')}@e2e.test`;
  await createUser(adminPage, { name: 'Sid Spoofer', email, roles: ['viewer'], password: OWN_PASSWORD });
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': '203.0.113.7', 'x-vigil-client-address': '203.0.113.8', 'x-real-ip': '203.0.113.9' } });
  try {
    await signIn(await context.newPage(), email, OWN_PASSWORD);
  } finally {
    await context.close();
  }
  const token = await createToken(adminPage, unique('audit-reader'), ['audit:read']);
  const response = await request.get(`/api/v1/audit/events?action=auth.signed_in&actor=${encodeURIComponent(email)}&limit=1`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status()).toBe(200);
  const { events } = (await response.json()) as { events: { body: { context?: { ip?: string | null } } }[] };
  expect(events).toHaveLength(1);
  expect(events[0]!.body.context?.ip).toBe('127.0.0.1');
});
