import { expect, type Page } from '@playwright/test';
import { ROLES, type Role } from './demo-users';

export interface NewUser {
  name: string;
  email: string;
  roles: Role[];
  /** Leave out to have the portal generate a one-time password. */
  password?: string;
}

/** Creates a user through /admin/users; returns the one-time password if one was generated. */
export async function createUser(page: Page, user: NewUser): Promise<string | null> {
  await page.goto('/admin/users');
  await page.getByRole('button', { name: 'New user' }).click();
  const form = page.getByRole('form', { name: 'New user' });
  await form.locator('#new-user-name').fill(user.name);
  await form.locator('#new-user-email').fill(user.email);
  for (const role of ROLES) await form.locator(`#new-user-role-${role}`).setChecked(user.roles.includes(role));
  if (user.password) await form.locator('#new-user-password').fill(user.password);
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByText(`User ${user.email} created`)).toBeVisible();
  if (user.password) return null;
  const secret = page.getByTestId('one-time-secret');
  await expect(secret).toBeVisible();
  return (await secret.innerText()).trim();
}

export function userRow(page: Page, email: string) {
  return page.getByRole('row').filter({ hasText: email });
}

export async function deactivateUser(page: Page, email: string): Promise<void> {
  await page.goto('/admin/users');
  const row = userRow(page, email);
  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: 'Deactivate' }).click();
  await expect(row).toContainText('Deactivated');
}

/** Creates an API token through /admin/tokens; returns its secret, shown this once. */
export async function createToken(page: Page, name: string, scopes: string[]): Promise<string> {
  await page.goto('/admin/tokens');
  await page.getByRole('button', { name: 'New token' }).click();
  const form = page.getByRole('form', { name: 'New API token' });
  await form.locator('#token-name').fill(name);
  for (const scope of scopes) await form.locator(`[id="scope-${scope}"]`).check();
  await form.getByRole('button', { name: 'Create token' }).click();
  const secret = page.getByTestId('one-time-secret');
  await expect(secret).toBeVisible();
  return (await secret.innerText()).trim();
}

export function tokenRow(page: Page, name: string) {
  return page.getByRole('row').filter({ hasText: name });
}

export async function revokeToken(page: Page, name: string): Promise<void> {
  await page.goto('/admin/tokens');
  const row = tokenRow(page, name);
  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toContainText('Revoked');
}
