import { readFile } from 'node:fs/promises';
import { expect, test } from './support/fixtures';
import { snapshot } from './support/screenshots';
import { signInAs } from './support/sign-in';

// A stakeholder who never opens a drift table: the home page answers "is every model healthy",
// the model's Dashboard tab answers "what changed", and every chart's data leaves as CSV.
test('a viewer goes from the overview to a model dashboard, changes the range, downloads a chart and follows a deployment', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, 'viewer');
  await page.goto('/');
  await expect(page.getByRole('table', { name: /models/i }).first()).toBeVisible();
  await expect(page.getByText('credit-risk').first()).toBeVisible();
  await snapshot(page, 'overview-viewer');

  await page.getByRole('link', { name: /^credit-risk: [\d,]+ events in the last 24 hours$/ }).click();
  await expect(page).toHaveURL(/\/models\/credit-risk\/dashboard/);
  await expect(page.getByRole('region', { name: 'Traffic' })).toBeVisible();

  // The range lives in the URL: a pasted link reopens the same view.
  await page.getByRole('navigation', { name: 'Time range' }).getByRole('link', { name: '30 d' }).click();
  await expect(page).toHaveURL(/range=30d/);
  await expect(page.getByRole('navigation', { name: 'Time range' }).getByRole('link', { name: '30 d' })).toHaveAttribute('aria-current', 'page');
  const pasted = page.url();
  await page.goto(pasted);
  await expect(page.getByRole('navigation', { name: 'Time range' }).getByRole('link', { name: '30 d' })).toHaveAttribute('aria-current', 'page');
  await snapshot(page, 'model-dashboard-30d');
  // The drifted-share chart marks where drift starts to matter, and says where that comes from.
  await expect(page.getByRole('region', { name: 'Share of drifted features' })).toContainText(/alert threshold, \d+\s%\s\((drift-share alert rule|dataset-drift setting)\)/);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Traffic data (CSV)' }).click()]);
  const csv = await readFile((await download.path())!, 'utf8');
  const [header, ...rows] = csv.trim().split('\r\n');
  expect(header).toMatch(/^bucket_start_utc,/);
  expect(rows.length).toBeGreaterThan(20);

  // The demo's v2 went live inside the last 30 days; its marker leads to the request that approved it.
  const marker = page.locator('[data-deployment-marker]').first();
  await expect(marker).toHaveAttribute('aria-label', /approved by|no approver recorded|emergency/);
  await marker.click();
  await expect(page).toHaveURL(/\/(promotions\/[0-9a-f-]{36}|models\/credit-risk\/deployments)$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});
