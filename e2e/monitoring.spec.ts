import { expect, test } from './support/fixtures';
import { snapshot } from './support/screenshots';
import { signInAs } from './support/sign-in';

// The seeded week of credit-risk traffic has a drift episode (lower incomes, higher
// debt-to-income) three days ago; the reports computed by the seed must show it.
test.describe.configure({ mode: 'serial' });

test('a maintainer reads the drift history with the seeded episode flagged', async ({ page }) => {
  await signInAs(page, 'maintainer');
  await page.goto('/models/credit-risk');
  await page.getByRole('navigation', { name: 'Model sections' }).getByRole('link', { name: 'Monitoring' }).click();
  await expect(page.getByRole('heading', { name: 'Monitoring' })).toBeVisible();
  const reports = page.getByRole('table', { name: 'Drift reports' });
  await expect(reports).toContainText('income, debt_to_income');
  await expect(reports).toContainText('none');
  const features = page.getByRole('table', { name: 'Feature drift' });
  await expect(features).toContainText('KS p-value');
  await expect(features).toContainText('prediction (score)');
  await features.getByRole('button', { name: 'employment_type' }).click();
  await expect(page.getByText('employment_type: reference vs current')).toBeVisible();
  await snapshot(page, 'monitoring');
});

test('the episode opened a critical alert that resolved when the drift ended', async ({ page }) => {
  await signInAs(page, 'maintainer');
  await page.goto('/models/credit-risk/alerts');
  await expect(page.getByRole('main')).toContainText(/Drift share 0\s% < 25\s%/);
  await snapshot(page, 'alerts');
});

test('a maintainer starts a shadow run, watches its progress and reads its results', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, 'maintainer');
  await page.goto('/models/credit-risk/shadow');
  await page.getByRole('button', { name: 'New shadow run' }).click();
  await page.locator('#shadow-candidate').selectOption('2');
  await page.getByLabel('Last 7 days').check();
  await page.locator('#shadow-slice').selectOption('employment_type');
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page).toHaveURL(/\/models\/credit-risk\/shadow\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('region', { name: 'Progress' })).toBeVisible();
  await expect(page.getByText('Label agreement')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole('table', { name: 'Metric comparison' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Breakdown by employment_type' })).toContainText('salaried');
  await snapshot(page, 'shadow-run');
});

test('the multiclass and regression models show prediction drift, log loss, one-vs-rest AUC and the CBPE estimate', async ({ page }) => {
  await signInAs(page, 'maintainer');
  await page.goto('/models/risk-grade/monitoring');
  await expect(page.getByRole('table', { name: 'Feature drift' })).toContainText('prediction (class)');
  await expect(page.getByText(/χ² test of homogeneity \(2 × classes, no continuity correction\): χ² = [\d.]+, dof = \d, p = /)).toBeVisible();
  await expect(page.getByText(/Jensen–Shannon distance \(natural log\): [\d.]+/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Estimated performance (CBPE)' })).toContainText('ROC AUC, one-vs-rest macro');
  await expect(page.getByText(/^Multiclass CBPE \(NannyML’s method\) on all [\d,]+ events/)).toBeVisible();
  await expect(page.getByText('Log loss', { exact: true })).toBeVisible();
  await expect(page.getByText('ROC AUC, one-vs-rest weighted', { exact: true })).toBeVisible();
  await snapshot(page, 'monitoring-multiclass');
  await page.goto('/models/credit-limit/monitoring');
  await expect(page.getByRole('table', { name: 'Feature drift' })).toContainText('prediction (value)');
  await expect(page.getByText(/KS \(two-sample\): D = [\d.]+, p = /)).toBeVisible();
  await snapshot(page, 'monitoring-regression');
});
