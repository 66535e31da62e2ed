import { expect, test } from '@playwright/test';
import { DEMO_USERS, type Role } from './support/demo-users';
import { snapshot } from './support/screenshots';
import { mainNavigationLinks, signIn } from './support/sign-in';

// Each role sees the sections it may open, and no others.
const EXPECTED_LINKS: Record<Role, string[]> = {
  admin: ['Overview', 'Models', 'Business KPIs', 'Promotions', 'Governance', 'Audit log', 'Users', 'Policies', 'API tokens', 'Webhooks', 'Outbound webhooks'],
  maintainer: ['Overview', 'Models', 'Business KPIs', 'Promotions', 'Governance'],
  reviewer: ['Overview', 'Models', 'Business KPIs', 'Promotions', 'Governance'],
  auditor: ['Overview', 'Models', 'Business KPIs', 'Promotions', 'Governance', 'Audit log'],
  viewer: ['Overview', 'Models', 'Business KPIs', 'Promotions', 'Governance'],
};

for (const user of DEMO_USERS) {
  test(`${user.role} sees ${EXPECTED_LINKS[user.role].join(', ')} in the navigation`, async ({ page }) => {
    await signIn(page, user.email, user.password);
    const links = mainNavigationLinks(page);
    // A link's text may end in its unread count (Promotions).
    await expect(links).toHaveText(EXPECTED_LINKS[user.role].map((label) => new RegExp(`^${label}\\s*\\d*$`)));
    await expect(links.first()).toHaveAttribute('aria-current', 'page');
    await snapshot(page, `navigation-${user.role}`);
  });
}
