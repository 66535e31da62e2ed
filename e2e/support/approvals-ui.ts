import { expect, type APIRequestContext, type Browser, type Locator, type Page } from '@playwright/test';
import { signIn } from './sign-in';

/** A browser context of its own, signed in as `email`: a separate person at a separate machine. */
export async function personPage(browser: Browser, email: string, password: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, password);
  return page;
}

/** The review page's decision panel. */
export function decisionPanel(page: Page) {
  return page.getByRole('region', { name: 'Decision', exact: true });
}

export function approveButton(page: Page) {
  return decisionPanel(page).getByRole('button', { name: 'Approve', exact: true });
}

/** Approves with a comment from the review page and waits for the server's answer. */
export async function approve(page: Page, comment: string): Promise<void> {
  const panel = decisionPanel(page);
  await expect(approveButton(page)).toBeEnabled();
  await panel.getByLabel(/^Comment/).fill(comment);
  await approveButton(page).click();
  await expect(panel.getByRole('status').filter({ hasText: /Approval recorded|Approved\./ })).toBeVisible();
}

/**
 * When required gates block the request (e.g. no shadow run of the candidate yet), an admin
 * overrides them with a written reason on the review page. Returns whether it was needed.
 */
export async function overrideIfBlocked(adminPage: Page, reviewUrl: string, reason: string): Promise<boolean> {
  await adminPage.goto(reviewUrl);
  await expect(adminPage.getByRole('heading', { level: 1 })).toBeVisible();
  if (!(await adminPage.getByText('Required gates do not pass').isVisible())) return false;
  const panel = decisionPanel(adminPage);
  const button = panel.getByRole('button', { name: 'Override gates' });
  await expect(button).toBeEnabled();
  await panel.getByLabel('Reason for the override').fill(reason);
  await button.click();
  await expect(adminPage.getByRole('status', { name: 'Gates overridden' })).toContainText(reason);
  return true;
}

/** What a serving system polls: GET /api/v1/models/{name}/aliases/{env} with a bearer token. */
export async function servingAlias(request: APIRequestContext, token: string, model: string, environment: string) {
  const response = await request.get(`/api/v1/models/${model}/aliases/${environment}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status(), `GET aliases/${environment}: ${await response.text()}`).toBe(200);
  return (await response.json()) as { model: string; environment: string; version: number; artifactSha256: string; deploymentId: string };
}

/** Clicks until `shown` appears: a click that lands before the page is interactive does nothing. */
export async function clickUntilVisible(button: Locator, shown: Locator): Promise<void> {
  await expect(async () => {
    if (await button.isVisible()) await button.click();
    await expect(shown).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 20_000 });
}
