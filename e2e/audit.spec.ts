import { expect, test } from '@playwright/test';
import { snapshot } from './support/screenshots';
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
