import { expect, test } from '@playwright/test';
import { DEMO_USERS, type Role } from './support/demo-users';
import { snapshot } from './support/screenshots';
import { mainNavigationLinks, signIn } from './support/sign-in';

// Each role sees the sections it may open, and no others.
const EXPECTED_LINKS: Record<Role, string[]> = {
  admin: ['Overview', 'Models', 'Audit log', 'Users', 'API tokens', 'Webhooks'],
  maintainer: ['Overview', 'Models'],
  reviewer: ['Overview', 'Models'],
  auditor: ['Overview', 'Models', 'Audit log'],
  viewer: ['Overview', 'Models'],
};

for (const user of DEMO_USERS) {
  test(`${user.role} sees ${EXPECTED_LINKS[user.role].join(', ')} in the navigation`, async ({ page }) => {
    await signIn(page, user.email, user.password);
    const links = mainNavigationLinks(page);
    await expect(links).toHaveText(EXPECTED_LINKS[user.role]);
    await expect(links.first()).toHaveAttribute('aria-current', 'page');
    await snapshot(page, `navigation-${user.role}`);
  });
}
