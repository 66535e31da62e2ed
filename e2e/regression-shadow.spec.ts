import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { createToken } from './support/admin-ui';
import { expect, test } from './support/fixtures';
import { snapshot } from './support/screenshots';
import { signInAs } from './support/sign-in';
import { vigil } from './support/vigil-cli';

// A regression model as a new team brings it: CI registers it from its ONNX file with the
// CLI (features named by a file, the task stated) and pushes two versions; production logs
// v1's predictions and, later, the true limits; a maintainer replays the traffic through v2
// in shadow and reads the comparison of errors: both MAEs, their difference with a bootstrap
// interval, and the Wilcoxon signed-rank p-value.
test.describe.configure({ mode: 'serial' });

const MODEL = 'limit-estimator';
const V1 = 'demo/samples/models/credit-limit-linear-v1.onnx';
const V2 = 'demo/samples/models/credit-limit-linear-v2.onnx';
const CATEGORIES: Record<string, string[]> = {
  employment_type: ['salaried', 'self_employed', 'unemployed', 'retired'],
  purpose: ['car', 'home', 'education', 'business'],
};
const work = mkdtempSync(path.join(os.tmpdir(), 'vigil-regression-'));

/** The demo's held-out credit-limit rows: the features as the model reads them (categories as indices) and the true limit. */
function heldOut() {
  const [header, ...lines] = readFileSync('demo/samples/models/credit-limit-reference.csv', 'utf8').trim().split('\n');
  const names = header!.split(',');
  const features = names.slice(0, -1);
  const rows = lines.map((line) => {
    const cells = line.split(',');
    const values = features.map((name, j) => (CATEGORIES[name] ? CATEGORIES[name]!.indexOf(cells[j]!) : Number(cells[j])));
    return { values, label: cells[names.length - 1]! };
  });
  return { features, rows };
}

let env: Record<string, string> = {};

test('CI registers a regression model from its ONNX file and pushes two versions with the CLI', async ({ adminPage, baseURL }) => {
  test.setTimeout(120_000);
  const token = await createToken(adminPage, 'ci-limit-estimator', ['registry:write', 'registry:read', 'events:write']);
  env = { VIGIL_URL: baseURL!, VIGIL_TOKEN: token };
  const featuresFile = path.join(work, 'features.txt');
  writeFileSync(featuresFile, `${heldOut().features.join('\n')}\n`);

  const created = await vigil(['models', 'create', MODEL, '--from-onnx', V1, '--task', 'regression', '--label', 'credit_limit', '--features', featuresFile, '--description', 'Credit limit in thousands'], env);
  expect(created.stderr).toBe('');
  expect(created.code).toBe(0);
  expect(created.stdout).toContain(`Registered model ${MODEL} with 8 features`);
  for (const [file, version] of [[V1, 1], [V2, 2]] as const) {
    const push = await vigil(['models', 'push', '--model', MODEL, '--file', file, '--wait'], env);
    expect(push.stderr).toBe('');
    expect(push.stdout).toContain(`Registered ${MODEL} v${version}`);
    expect(push.stdout).toContain('Validation: validated');
  }
});

test('production logs v1’s predictions and the true limits arrive later', async ({ request }) => {
  const { features, rows } = heldOut();
  // v1's own predictions, as the serving system would log them.
  const session = await ort.InferenceSession.create(V1);
  const input = new ort.Tensor('float32', Float32Array.from(rows.flatMap((r) => r.values)), [rows.length, features.length]);
  const output = await session.run({ [session.inputNames[0]!]: input });
  const predictions = output[session.outputNames[0]!]!.data as Float32Array;
  const now = Date.now();
  const headers = { authorization: `Bearer ${env.VIGIL_TOKEN}`, 'content-type': 'application/json' };
  const events = rows.map((r, i) => ({
    requestId: `limit-${i}`,
    time: new Date(now - 3_600_000 - i * 60_000).toISOString(),
    version: 1,
    features: Object.fromEntries(features.map((name, j) => [name, r.values[j]])),
    prediction: { score: predictions[i] },
  }));
  const logged = await request.post('/api/v1/events', { headers, data: { model: MODEL, events } });
  expect(logged.status(), await logged.text()).toBe(201);
  // A label that is no number is refused whole, naming the row; the real ones are stored.
  const refused = await request.post('/api/v1/labels', { headers, data: { model: MODEL, labels: [{ requestId: 'limit-0', label: 'n/a' }] } });
  expect(refused.status()).toBe(400);
  expect(await refused.json()).toMatchObject({ details: [{ row: 0, field: 'label', reason: expect.stringContaining('finite decimal number') }] });
  const labels = await request.post('/api/v1/labels', { headers, data: { model: MODEL, labels: rows.map((r, i) => ({ requestId: `limit-${i}`, label: r.label })) } });
  expect(await labels.json()).toEqual({ updated: rows.length, unknown: [] });
});

test('a maintainer replays the traffic through v2 in shadow and reads the error comparison', async ({ page }) => {
  test.setTimeout(150_000);
  await signInAs(page, 'maintainer');
  await page.goto(`/models/${MODEL}/shadow`);
  await page.getByRole('button', { name: 'New shadow run' }).click();
  await page.locator('#shadow-candidate').selectOption('2');
  await page.getByLabel('Last 7 days').check();
  await page.getByRole('button', { name: 'Start run' }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${MODEL}/shadow/[0-9a-f-]{36}$`));
  const difference = page.getByText('MAE difference (candidate − serving)');
  await expect(difference).toBeVisible({ timeout: 120_000 });
  // The headline: both MAEs on the 500 labelled events, the difference with its interval and Wilcoxon p.
  await expect(page.getByText('on 500 labelled events').first()).toBeVisible();
  await expect(page.getByText(/\d+ % CI \S+ to \S+ · Wilcoxon p = \S+/)).toBeVisible();
  await expect(page.getByText(/Wilcoxon signed-rank test on d \(two-sided/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Metric comparison' })).toContainText('MAE');
  await expect(page.getByRole('table', { name: 'Residual distribution' })).toBeVisible();
  await snapshot(page, 'regression-shadow-run');
});
