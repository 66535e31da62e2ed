import { expect, test } from '@playwright/test';
import { clickUntilVisible } from './support/approvals-ui';
import { demoUser } from './support/demo-users';
import { snapshot } from './support/screenshots';
import { mainNavigationLinks, signInAs } from './support/sign-in';

// What a person sees when a page is not the one they asked for, or not yet: a link from a
// chat message while signed out, a mistyped address, a page they may not open, a form sent
// half-filled. Each answer names itself in the tab and keeps a way on.

test('a signed-out deep link leads through sign-in to the page it points at', async ({ page }) => {
  const target = '/models/credit-risk/dashboard?range=30d';
  await page.goto(target);
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=/);
  expect(new URL(page.url()).searchParams.get('callbackUrl')).toBe(target);
  const user = demoUser('viewer');
  await page.locator('#email').fill(user.email);
  await page.locator('#password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`${target.replace('?', '\\?')}$`));
  await expect(page).toHaveTitle('credit-risk · Dashboard · Vigil');
});

test('an address with a parameter the page cannot read gets a 400 message inside the portal, not a 500', async ({ page }) => {
  await signInAs(page, 'viewer');
  const response = await page.goto('/models/credit-risk/compare?a=abc&b=2');
  expect(response!.status()).toBeLessThan(500);
  await expect(page.getByText('400 · Bad request')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This address asks for something the page cannot read');
  await expect(page.getByRole('main')).toContainText('a=abc, b=2');
  await expect(page).toHaveTitle('Bad request · Vigil');
  // Still in the portal: the navigation is there to go on from.
  await expect(mainNavigationLinks(page).first()).toBeVisible();
  await snapshot(page, 'feedback-bad-request');
});

test('404 and 403 pages name themselves and keep the navigation', async ({ page }) => {
  await signInAs(page, 'viewer');
  await page.goto('/models/no-such-model');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('There is nothing here');
  await expect(page).toHaveTitle('Not found · Vigil');
  await expect(mainNavigationLinks(page).first()).toBeVisible();

  const refused = await page.goto('/admin/users');
  expect(refused!.status()).toBe(403);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('You do not have access to this page');
  await expect(page).toHaveTitle('Access denied · Vigil');
  await expect(mainNavigationLinks(page).first()).toBeVisible();
  await snapshot(page, 'feedback-forbidden');

  // Leaving it, the next page names the tab again.
  await page.getByRole('main').getByRole('link', { name: 'Back to overview' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page).toHaveTitle('Overview · Vigil');
});

test('a form sent without a required field says so beside the field, and sends nothing', async ({ page }) => {
  await signInAs(page, 'maintainer');
  await page.goto('/models/credit-risk/versions/2');
  const form = page.getByRole('form', { name: 'Request promotion' });
  await clickUntilVisible(page.getByRole('button', { name: 'Request promotion' }), form);
  await form.getByRole('button', { name: 'Send request' }).click();
  const justification = form.getByLabel('Justification');
  await expect(justification).toHaveAttribute('aria-invalid', 'true');
  await expect(justification).toBeFocused();
  await expect(form.locator('#promotion-justification-error')).toHaveText('Justification is required.');
  await expect(form.getByRole('alert')).toContainText('One field needs attention');
  await expect(page.getByText(/Promotion to \w+ requested/)).toHaveCount(0);
  await snapshot(page, 'feedback-form-inline-error');

  // The message goes once the field is filled.
  await justification.fill('Calibrated better on the held-out split.');
  await expect(justification).not.toHaveAttribute('aria-invalid', 'true');
  await expect(form.locator('#promotion-justification-error')).toHaveCount(0);
});
