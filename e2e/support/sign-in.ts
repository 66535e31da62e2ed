import { expect, type Page } from '@playwright/test';
import { demoUser, type Role } from './demo-users';

/**
 * Fills and submits the sign-in form and waits for the server's answer. `origin` is for
 * an app other than the one at the configured baseURL.
 */
export async function submitSignIn(page: Page, email: string, password: string, origin = ''): Promise<void> {
  await page.goto(`${origin}/sign-in`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await Promise.all([
    page.waitForResponse((response) => response.url().includes('/api/auth/callback/credentials')),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

/** Signs in and waits until the portal shell is on screen. */
export async function signIn(page: Page, email: string, password: string, origin = ''): Promise<void> {
  await submitSignIn(page, email, password, origin);
  await expect(page).not.toHaveURL(/\/sign-in/);
  await expect(userMenuButton(page)).toBeVisible();
}

export function signInAs(page: Page, role: Role): Promise<void> {
  const user = demoUser(role);
  return signIn(page, user.email, user.password);
}

export function userMenuButton(page: Page) {
  return page.locator('header button[aria-haspopup="menu"]');
}

export async function signOut(page: Page): Promise<void> {
  await userMenuButton(page).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** The sign-in form's error (Next.js keeps an empty route announcer with role=alert outside <main>). */
export function signInAlert(page: Page) {
  return page.getByRole('main').getByRole('alert');
}

/** The links of the sidebar navigation (the desktop one; the mobile bar is hidden). */
export function mainNavigationLinks(page: Page) {
  return page.locator('aside').getByRole('navigation', { name: 'Main' }).getByRole('link');
}
