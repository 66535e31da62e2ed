import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { repoRoot } from './support/app-process';
import { DEMO_USERS, type Role } from './support/demo-users';
import { snapshot } from './support/screenshots';
import { signIn } from './support/sign-in';

// The bar every page is held to: each role walks every page it can open, at a desktop and a
// phone size, and axe-core (WCAG 2 A and AA rules) finds no serious or critical violation.
// Every page also names itself in its title, object first (`credit-risk · Monitoring · Vigil`).
// Screenshots of every visit land in e2e/.artifacts/screenshots for a person to look at, and
// the counts per page in e2e/.artifacts/axe/<role>.json.

const MODEL = 'credit-risk';
const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

interface Visit {
  name: string;
  /** A path, or how to find one from the pages already on offer (the ids of seeded objects). */
  path: string | ((page: Page) => Promise<string>);
  /** What the tab's title must say. */
  title: RegExp;
  /** Roles that may open it; everyone when absent. */
  roles?: readonly Role[];
}

/** The href of the first link under `from` whose path matches `pattern`. */
function firstLink(from: string, pattern: RegExp): (page: Page) => Promise<string> {
  return async (page) => {
    await page.goto(from);
    // The page streams in after its loading skeleton: wait for the link, not for the load event.
    let found: string | undefined;
    await expect
      .poll(async () => {
        const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
        found = hrefs.find((href) => pattern.test(href));
        return found;
      }, { message: `a link matching ${pattern} on ${from}`, timeout: 30_000 })
      .toBeTruthy();
    return found!;
  };
}

const ADMIN: readonly Role[] = ['admin'];
const WRITERS: readonly Role[] = ['admin', 'maintainer'];
const model = (page: string) => new RegExp(`^${MODEL} · ${page} · Vigil$`);

const VISITS: Visit[] = [
  { name: 'overview', path: '/', title: /^Overview · Vigil$/ },
  { name: 'models', path: '/models', title: /^Models · Vigil$/ },
  { name: 'register-model', path: '/models/new', title: /^Register model · Vigil$/, roles: WRITERS },
  { name: 'model', path: `/models/${MODEL}`, title: model('Overview') },
  { name: 'model-dashboard', path: `/models/${MODEL}/dashboard`, title: model('Dashboard') },
  { name: 'model-monitoring', path: `/models/${MODEL}/monitoring`, title: model('Monitoring') },
  { name: 'model-shadow', path: `/models/${MODEL}/shadow`, title: model('Shadow evaluation') },
  { name: 'shadow-run', path: firstLink(`/models/${MODEL}/shadow`, /\/shadow\/[0-9a-f-]{36}$/), title: model('Shadow run') },
  { name: 'reference-dataset', path: firstLink(`/models/${MODEL}/monitoring`, /\/reference\/[0-9a-f-]{36}$/), title: model('Reference dataset') },
  { name: 'model-fairness', path: `/models/${MODEL}/fairness`, title: model('Fairness') },
  { name: 'model-alerts', path: `/models/${MODEL}/alerts`, title: model('Alerts') },
  { name: 'model-deployments', path: `/models/${MODEL}/deployments`, title: model('Deployments') },
  { name: 'version', path: `/models/${MODEL}/versions/2`, title: new RegExp(`^${MODEL} v2 · Version · Vigil$`) },
  { name: 'compare', path: `/models/${MODEL}/compare?a=1&b=2`, title: new RegExp(`^${MODEL} v1 → v2 · Compare · Vigil$`) },
  { name: 'promotions', path: '/promotions', title: /^Promotions · Vigil$/ },
  { name: 'promotion', path: firstLink('/promotions', /^\/promotions\/[0-9a-f-]{36}$/), title: new RegExp(`^${MODEL} v\\d+ → \\w+ · (Promotion|Rollback) · Vigil$`) },
  { name: 'governance', path: '/governance', title: /^Governance · Vigil$/ },
  { name: 'kpis', path: '/kpis', title: /^Business KPIs · Vigil$/ },
  { name: 'audit', path: '/audit', title: /^Audit log · Vigil$/, roles: ['admin', 'auditor'] },
  { name: 'admin-users', path: '/admin/users', title: /^Users · Vigil$/, roles: ADMIN },
  { name: 'admin-policies', path: '/admin/policies', title: /^Policies · Vigil$/, roles: ADMIN },
  { name: 'admin-tokens', path: '/admin/tokens', title: /^API tokens · Vigil$/, roles: ADMIN },
  { name: 'admin-webhooks', path: '/admin/webhooks', title: /^Webhooks · Vigil$/, roles: ADMIN },
  { name: 'admin-outbound-webhooks', path: '/admin/outbound-webhooks', title: /^Outbound webhooks · Vigil$/, roles: ADMIN },
  { name: 'change-password', path: '/change-password', title: /^Change password · Vigil$/ },
  // Refusals are pages too.
  { name: 'forbidden', path: '/admin/users', title: /^Access denied · Vigil$/, roles: ['maintainer', 'reviewer', 'auditor', 'viewer'] },
  { name: 'not-found', path: `/models/${MODEL}-does-not-exist`, title: /^Not found · Vigil$/ },
  { name: 'bad-request', path: `/models/${MODEL}/compare?a=abc`, title: /^Bad request · Vigil$/ },
  { name: 'reference-unknown', path: `/models/${MODEL}/reference/00000000-0000-4000-8000-000000000000`, title: /^Not found · Vigil$/, roles: ['viewer'] },
  { name: 'reference-malformed', path: `/models/${MODEL}/reference/abc`, title: /^Bad request · Vigil$/, roles: ['viewer'] },
];

const SEVERE = new Set(['serious', 'critical']);

interface Finding {
  visit: string;
  viewport: string;
  url: string;
  severe: { rule: string; impact: string; nodes: number; targets: string[] }[];
  moderateOrMinor: number;
}

/** Waits until the page stopped loading: charts and client tables render after hydration. */
async function settle(page: Page) {
  await expect.soft(page.locator('h1').first(), 'the page has a heading').toBeVisible();
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
}

async function audit(page: Page, visit: string, viewport: string): Promise<Finding> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const severe = result.violations
    .filter((v) => SEVERE.has(v.impact ?? ''))
    .map((v) => ({ rule: v.id, impact: v.impact!, nodes: v.nodes.length, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  const moderateOrMinor = result.violations.filter((v) => !SEVERE.has(v.impact ?? '')).reduce((sum, v) => sum + v.nodes.length, 0);
  return { visit, viewport, url: new URL(page.url()).pathname + new URL(page.url()).search, severe, moderateOrMinor };
}

function describe(finding: Finding): string {
  return finding.severe.map((s) => `${s.impact} ${s.rule} ×${s.nodes}: ${s.targets.join(' | ')}`).join('\n');
}

for (const user of DEMO_USERS) {
  const visits = VISITS.filter((v) => !v.roles || v.roles.includes(user.role));

  test(`${user.role}: ${visits.length} pages at ${VIEWPORTS.map((v) => `${v.width}×${v.height}`).join(' and ')} have no serious or critical axe violations`, async ({ page }) => {
    test.setTimeout(visits.length * 45_000);
    await signIn(page, user.email, user.password);
    const findings: Finding[] = [];
    for (const visit of visits) {
      const target = typeof visit.path === 'string' ? visit.path : await visit.path(page);
      for (const viewport of VIEWPORTS) {
        await test.step(`${visit.name} at ${viewport.name}`, async () => {
          await page.setViewportSize({ width: viewport.width, height: viewport.height });
          await page.goto(target);
          await settle(page);
          await expect.soft(page, `${visit.name}: the title names the page`).toHaveTitle(visit.title);
          const finding = await audit(page, visit.name, viewport.name);
          findings.push(finding);
          expect.soft(finding.severe, `${visit.name} at ${viewport.name} (${finding.url}):\n${describe(finding)}`).toEqual([]);
          await snapshot(page, `a11y-${user.role}-${visit.name}-${viewport.name}`);
        });
      }
    }
    const dir = path.join(repoRoot, 'e2e/.artifacts/axe');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `${user.role}.json`), `${JSON.stringify(findings, null, 2)}\n`);
  });
}

test('the sign-in page has no serious or critical axe violations', async ({ page }) => {
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    await page.goto('/sign-in');
    await settle(page);
    await expect(page).toHaveTitle(/^Sign in · Vigil$/);
    const finding = await audit(page, 'sign-in', viewport.name);
    expect.soft(finding.severe, describe(finding)).toEqual([]);
    await snapshot(page, `a11y-signed-out-sign-in-${viewport.name}`);
  }
});
