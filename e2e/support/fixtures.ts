import { test as base, type Page } from '@playwright/test';
import { signInAs } from './sign-in';

/**
 * `adminPage`: an admin signed in, in a browser context of its own, beside the test's
 * own `page` (which starts signed out).
 */
export const test = base.extend<{ adminPage: Page }>({
  adminPage: async ({ browser }, provide) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, 'admin');
    await provide(page);
    await context.close();
  },
});

export { expect } from '@playwright/test';
