import { expect, test } from '@playwright/test';
import { unique } from './support/demo-users';
import { snapshot } from './support/screenshots';
import { signInAs } from './support/sign-in';

const RESTRICTED_PAGES = ['/admin/users', '/admin/tokens', '/audit'];

test.describe('a viewer', () => {
  test.beforeEach(async ({ page }) => signInAs(page, 'viewer'));

  for (const path of RESTRICTED_PAGES) {
    test(`gets 403 for ${path}`, async ({ page }) => {
      const response = await page.goto(path);
      expect(response?.status()).toBe(403);
      await expect(page.getByText('You do not have access to this page')).toBeVisible();
      if (path === '/admin/users') await snapshot(page, 'forbidden-viewer');
    });
  }
});

test('a signed-out visitor to an admin page is sent to sign in', async ({ page }) => {
  await page.goto('/admin/users');
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test('a tRPC mutation from another origin is refused, even with an admin session', async ({ page, baseURL }) => {
  await signInAs(page, 'admin');
  const createUser = (origin: string, user: { email: string; name: string; roles: string[] }) =>
    page.request.post('/api/trpc/users.create', {
      headers: { origin, 'content-type': 'application/json' },
      data: { json: user },
    });

  const forgedEmail = `${unique('forged')}@e2e.test`;
  const forged = await createUser('https://evil.example', { email: forgedEmail, name: 'Mallory Forged', roles: ['admin'] });
  expect(forged.status()).toBe(403);

  // The very same request from the portal's own origin goes through, so the origin is what was refused.
  const ownEmail = `${unique('same-origin')}@e2e.test`;
  const own = await createUser(baseURL!, { email: ownEmail, name: 'Sam Sameorigin', roles: ['viewer'] });
  expect(own.status()).toBe(200);

  await page.goto('/admin/users');
  await expect(page.getByText(ownEmail)).toBeVisible();
  await expect(page.getByText(forgedEmail)).toHaveCount(0);
});
