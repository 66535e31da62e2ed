import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createToken } from './support/admin-ui';
import { expect, test } from './support/fixtures';
import { snapshot } from './support/screenshots';
import { signInAs } from './support/sign-in';
import { vigil } from './support/vigil-cli';

// CI (simulated by the vigil CLI) pushes a version and reports its release; a maintainer
// then finds it in the browser with lineage, signature and validation, and compares it.
test.describe.configure({ mode: 'serial' });

const GIT_SHA = '0123456789abcdef0123456789abcdef01234567';
const work = mkdtempSync(path.join(os.tmpdir(), 'vigil-ci-'));
const metricsFile = path.join(work, 'metrics.json');
const paramsFile = path.join(work, 'params.json');
writeFileSync(metricsFile, JSON.stringify({ auc: 0.79, accuracy: 0.861 }));
writeFileSync(paramsFile, JSON.stringify({ l2: 0.0001, iterations: 1200 }));

let env: Record<string, string> = {};
let pushedVersion = 0;

test('CI pushes a model version with the CLI and it is validated', async ({ adminPage, baseURL }) => {
  const token = await createToken(adminPage, 'github-actions-credit-risk', ['registry:write', 'registry:read']);
  env = { VIGIL_URL: baseURL!, VIGIL_TOKEN: token };
  const push = await vigil(
    ['models', 'push', '--model', 'credit-risk', '--file', 'demo/samples/models/credit-risk-logreg-v2.onnx', '--git-sha', GIT_SHA, '--repository', 'acme/credit-risk',
      '--ci-run-url', 'https://github.com/acme/credit-risk/actions/runs/42', '--release-tag', 'credit-risk@3.0.0', '--dataset-name', 'synthetic-credit-applicants',
      '--metrics', metricsFile, '--params', paramsFile, '--wait'],
    env,
  );
  expect(push.stderr).toBe('');
  expect(push.code).toBe(0);
  const match = push.stdout.match(/Registered credit-risk v(\d+): (\S+)/);
  expect(match, push.stdout).not.toBeNull();
  pushedVersion = Number(match![1]);
  expect(match![2]).toBe(`${baseURL}/models/credit-risk/versions/${pushedVersion}`);
  expect(push.stdout).toContain('Validation: validated');
});

test('the CLI fails loudly on bad input', async () => {
  const missing = await vigil(['models', 'push', '--model', 'credit-risk', '--file', 'no-such.onnx'], env);
  expect(missing).toMatchObject({ code: 1, stderr: expect.stringContaining('No such file') });
  const notOnnx = await vigil(['models', 'push', '--model', 'credit-risk', '--file', 'package.json'], env);
  expect(notOnnx).toMatchObject({ code: 1, stderr: expect.stringContaining('422') });
  const unknownModel = await vigil(['models', 'push', '--model', 'no-such-model', '--file', 'demo/samples/models/credit-risk-logreg-v1.onnx'], env);
  expect(unknownModel).toMatchObject({ code: 1, stderr: expect.stringContaining("No model named 'no-such-model'") });
  const badToken = await vigil(['models', 'push', '--model', 'credit-risk', '--file', 'demo/samples/models/credit-risk-logreg-v1.onnx'], { ...env, VIGIL_TOKEN: 'vgl_nope' });
  expect(badToken).toMatchObject({ code: 1, stderr: expect.stringContaining('401') });
});

test('CI reports the release with a signed webhook and it links to the version', async ({ adminPage }) => {
  await adminPage.goto('/admin/webhooks');
  await adminPage.getByRole('button', { name: 'New secret' }).click();
  await adminPage.locator('#secret-source').selectOption('ci');
  await adminPage.locator('#secret-label').fill('gitlab-release-job');
  await adminPage.getByRole('button', { name: 'Create secret' }).click();
  const secret = (await adminPage.getByTestId('one-time-secret').innerText()).trim();
  expect(secret).toMatch(/^whsec_/);
  const report = await vigil(['releases', 'report', '--model', 'credit-risk', '--git-sha', GIT_SHA, '--tag', 'credit-risk@3.0.0', '--name', 'credit-risk 3.0.0'], { VIGIL_URL: env.VIGIL_URL!, VIGIL_WEBHOOK_SECRET: secret });
  expect(report.stderr).toBe('');
  expect(report.stdout).toContain(`Release recorded for credit-risk, linked to v${pushedVersion}.`);
  await adminPage.reload();
  await expect(adminPage.getByRole('table', { name: 'Deliveries' })).toContainText('accepted · 201');
});

test('a maintainer finds the version with its lineage, signature and validation, and compares it', async ({ page }) => {
  await signInAs(page, 'maintainer');
  await page.getByRole('link', { name: 'Models' }).first().click();
  await page.getByRole('link', { name: 'credit-risk', exact: true }).click();
  await page.getByRole('table', { name: 'Versions' }).getByRole('link', { name: `v${pushedVersion}` }).click();
  await expect(page.getByRole('heading', { name: `credit-risk v${pushedVersion}` })).toBeVisible();
  const lineage = page.getByRole('region', { name: 'Lineage' });
  await expect(lineage).toContainText(GIT_SHA);
  await expect(lineage).toContainText('credit-risk@3.0.0');
  await expect(page.getByRole('table', { name: 'Signature' })).toContainText('features');
  await expect(page.getByRole('table', { name: 'Signature' })).toContainText('[N, 8]');
  await expect(page.getByRole('region', { name: 'Validation' })).toContainText('validated');
  await expect(page.getByRole('table', { name: 'Releases' })).toContainText('credit-risk 3.0.0');
  await snapshot(page, 'registry-version');

  await page.getByRole('link', { name: `Compare with v${pushedVersion - 1}` }).click();
  await expect(page.getByRole('heading', { name: `v${pushedVersion - 1} → v${pushedVersion}` })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Metric differences' })).toContainText('auc');
  await expect(page.getByText('Same inputs and outputs')).toBeVisible();
  await snapshot(page, 'registry-compare');
});

test('a viewer can read the registry but gets 403 on registering a model', async ({ page }) => {
  await signInAs(page, 'viewer');
  await page.goto('/models');
  await expect(page.getByRole('link', { name: 'Register model' })).toHaveCount(0);
  const response = await page.goto('/models/new');
  expect(response?.status()).toBe(403);
});
