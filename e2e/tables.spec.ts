import { createHmac, randomUUID } from 'node:crypto';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { join } from 'node:path';
import { repoRoot } from './support/app-process';
import { snapshot } from './support/screenshots';
import { signInAs } from './support/sign-in';

// Tables people can read (issue 20, "Tables and small screens"): at 1440×900 no table is
// wider than its card and no cell hides text without saying so (a title holds the full text);
// long lists page through the URL; at 390×844 a table that scrolls says so and takes focus.

const MODEL = 'credit-risk';
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

/** The first promotion review on offer. */
async function promotionPath(page: Page): Promise<string> {
  await page.goto('/promotions');
  const link = page.locator('main a[href^="/promotions/"]').first();
  await expect(link).toBeVisible();
  return (await link.getAttribute('href'))!;
}

const PAGES = ['/', '/models', `/models/${MODEL}`, `/models/${MODEL}/alerts`, `/models/${MODEL}/deployments`, '/promotions', '/governance', '/audit', '/admin/users', '/admin/tokens', '/admin/webhooks', '/admin/outbound-webhooks'];

interface Clipping {
  table: string;
  frameOverflow: number;
  cells: string[];
}

/**
 * Per table: how far it sticks out of its frame, and the cell contents wider than their box
 * with no title on them or around them (text cut off with nothing to read it by).
 */
async function clippings(page: Page): Promise<Clipping[]> {
  return page.locator('main table').evaluateAll((tables) =>
    // Tables inside closed <details> are not on screen.
    tables.filter((table) => table.checkVisibility()).map((table) => {
      const frame = table.parentElement!;
      const cells: string[] = [];
      for (const cell of table.querySelectorAll('th, td')) {
        for (const el of [cell, ...cell.querySelectorAll('*')] as HTMLElement[]) {
          const style = getComputedStyle(el);
          if (style.display === 'inline' || style.display === 'contents' || el.closest('svg') || !el.checkVisibility()) continue;
          if (el.scrollWidth <= el.clientWidth + 1) continue;
          if (el.closest('[title]') && cell.contains(el.closest('[title]'))) continue;
          cells.push(`${table.getAttribute('aria-label')}: "${(el.textContent ?? '').trim().slice(0, 60)}" (${el.scrollWidth} > ${el.clientWidth})`);
          break;
        }
      }
      return { table: table.getAttribute('aria-label') ?? '(unnamed)', frameOverflow: frame.scrollWidth - frame.clientWidth, cells };
    }),
  );
}

/**
 * The signing key of a CI secret made on the admin page (shown once), made once per file:
 * only two CI secrets may be active at a time, and other specs hold one.
 */
let ciKey: Buffer | undefined;
async function ciSigningKey(page: Page): Promise<Buffer> {
  if (ciKey) return ciKey;
  await page.goto('/admin/webhooks');
  await page.getByRole('button', { name: 'New secret' }).click();
  await page.locator('#secret-source').selectOption('ci');
  await page.locator('#secret-label').fill(`tables-${Date.now()}`);
  await page.getByRole('button', { name: 'Create secret' }).click();
  const secret = (await page.getByTestId('one-time-secret').innerText()).trim();
  ciKey = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return ciKey;
}

/** Posts a CI report signed with `key` (Standard Webhooks). */
async function postCiReport(request: APIRequestContext, key: Buffer, report: Record<string, unknown>) {
  const id = `msg_${randomUUID()}`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const body = JSON.stringify(report);
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  const response = await request.post('/api/v1/webhooks/ci', { data: body, headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` } });
  expect(response.status(), await response.text()).toBeLessThan(500);
}

/**
 * Fills the inbound delivery log: `count` deliveries whose report is not one, so each is
 * logged as rejected with its reason.
 */
async function sendDeliveries(page: Page, request: APIRequestContext, count: number) {
  const key = await ciSigningKey(page);
  // The unknown key names itself in the logged reason, so every row reads differently.
  for (let i = 0; i < count; i++) await postCiReport(request, key, { model: 'no-such-model', [`note${i}`]: 'not a release report' });
}

async function settle(page: Page) {
  await expect(page.locator('h1').first()).toBeVisible();
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => {});
}

// Paging first: it fills the webhook delivery log the later tests measure and photograph.
test('long lists page through the URL: older and newer show other rows, the page survives a reload', async ({ page, request }) => {
  await signInAs(page, 'admin');
  await sendDeliveries(page, request, 30);
  await page.setViewportSize(DESKTOP);
  const seqs = () => page.locator('table[aria-label="Audit events"] > tbody > tr > td:first-child').allTextContents();

  await page.goto('/audit');
  const first = await seqs();
  expect(first.length).toBe(50);
  await page.getByRole('link', { name: 'Older →' }).click();
  await expect(page).toHaveURL(/[?&]before=\d+/);
  const second = await seqs();
  expect(second.length).toBeGreaterThan(0);
  expect(Number(second[0])).toBeLessThan(Number(first[first.length - 1]));
  await page.reload();
  expect(await seqs()).toEqual(second);
  await page.getByRole('link', { name: '← Newer' }).click();
  await expect(page).toHaveURL(/[?&]after=\d+/);
  expect(await seqs()).toEqual(first);

  // An offset-paged list: page 2 by URL shows the rows after page 1's.
  const deliveries = () => page.locator('table[aria-label="Deliveries"] tbody tr').evaluateAll((rows) => rows.map((r) => r.textContent));
  await page.goto('/admin/webhooks');
  const one = await deliveries();
  expect(one.length).toBe(25);
  await page.goto('/admin/webhooks?deliveries=2');
  const two = await deliveries();
  expect(two.length).toBeGreaterThan(0);
  expect(two.filter((row) => one.includes(row))).toEqual([]);
  await expect(page.getByRole('link', { name: '← Newer' })).toHaveAttribute('href', /^\/admin\/webhooks(#|$)/);
});

test('releases page with their total; the page is in the URL and the pager fits a phone', async ({ page, request }) => {
  await signInAs(page, 'admin');
  const key = await ciSigningKey(page);
  const stamp = Date.now().toString(36);
  for (let i = 0; i < 23; i++) await postCiReport(request, key, { model: MODEL, tag: `e2e-${stamp}-${String(i).padStart(2, '0')}`, name: `E2E release ${i}` });
  await page.setViewportSize(DESKTOP);
  const releases = page.getByRole('region', { name: 'Releases reported by CI' });
  const rows = () => releases.locator('table[aria-label="Releases"] tbody tr').evaluateAll((trs) => trs.map((r) => r.textContent));

  // The pager's position is the last thing the list renders: wait for it before reading rows.
  await page.goto(`/models/${MODEL}`);
  const position = releases.getByText(/^Showing 1–20 of \d+$/);
  await expect(position).toBeVisible();
  const one = await rows();
  expect(one.length).toBe(20);
  const total = Number((await position.innerText()).match(/of (\d+)/)![1]);
  expect(total).toBeGreaterThanOrEqual(23);
  await releases.getByRole('link', { name: 'Older →' }).click();
  await expect(page).toHaveURL(new RegExp(`/models/${MODEL}\\?releases=2#releases$`));
  const secondPosition = releases.getByText(`Showing 21–${Math.min(40, total)} of ${total}`);
  await expect(secondPosition).toBeVisible();
  const two = await rows();
  expect(two.length).toBe(Math.min(20, total - 20));
  expect(two.filter((row) => one.includes(row))).toEqual([]);
  await page.reload();
  await expect(secondPosition).toBeVisible();
  expect(await rows()).toEqual(two);

  // At phone width the pager's links and position stay on screen.
  await page.setViewportSize(PHONE);
  await page.goto(`/models/${MODEL}?releases=2#releases`);
  await settle(page);
  const pager = releases.getByRole('navigation', { name: 'Releases: pages' });
  await pager.scrollIntoViewIfNeeded();
  for (const part of [pager.getByRole('link', { name: '← Newer' }), pager.getByText(/^Showing 21–/)]) {
    const box = (await part.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
  }
  await page.screenshot({ path: join(repoRoot, 'e2e/.artifacts/screenshots', 'tables-releases-page2-phone-screen.png') });
  await page.setViewportSize(DESKTOP);
  await snapshot(page, 'tables-releases-page2-desktop');

  // The other new pagers say what they show, totals included.
  await page.goto('/promotions');
  await expect(page.getByRole('region', { name: 'Recent decisions' }).getByText(/^Showing 1–\d+ of \d+$/)).toBeVisible();
  await expect(page.getByRole('region', { name: /^Pending \(\d+\)$/ }).getByText(/^Showing 1–\d+ of \d+$/)).toBeVisible();
  await page.goto(`/models/${MODEL}/deployments`);
  await expect(page.getByRole('region', { name: 'production', exact: true }).getByText(/^Showing 1–\d+ of \d+$/)).toBeVisible();
});

test('at 1440×900 every table fits its card and no cell clips its text without a title', async ({ page }) => {
  test.setTimeout(180_000);
  await signInAs(page, 'admin');
  await page.setViewportSize(DESKTOP);
  const paths = [...PAGES, await promotionPath(page)];
  const problems: string[] = [];
  for (const path of paths) {
    await page.goto(path);
    await settle(page);
    const found = await clippings(page);
    for (const t of found) {
      if (t.frameOverflow > 1) problems.push(`${path} · ${t.table}: ${t.frameOverflow} px wider than its card`);
      problems.push(...t.cells.map((c) => `${path} · ${c}`));
    }
  }
  expect(problems).toEqual([]);
});

test('at 390×844 a table that scrolls sideways says so and takes keyboard focus; the decision is one tap away', async ({ page }) => {
  await signInAs(page, 'admin');
  await page.setViewportSize(PHONE);
  await page.goto('/audit');
  await settle(page);
  const frame = page.getByRole('group', { name: 'Audit events' });
  const hint = frame.locator('xpath=../..').getByText('scroll →');
  await expect(hint).toBeVisible();
  await frame.focus();
  await expect(frame).toBeFocused();
  expect(await frame.evaluate((el) => el.scrollWidth > el.clientWidth && getComputedStyle(el).overflowX === 'auto')).toBe(true);

  const review = await promotionPath(page);
  await page.goto(review);
  await settle(page);
  const jump = page.getByRole('link', { name: /decision/i }).first();
  const box = await jump.boundingBox();
  expect(box && box.y).toBeLessThan(PHONE.height);
  await jump.click();
  await expect(page.getByRole('region', { name: 'Decision', exact: true })).toBeInViewport();
});

test('screenshots of the dense pages at both sizes', async ({ page }) => {
  test.setTimeout(180_000);
  await signInAs(page, 'admin');
  const review = await promotionPath(page);
  const shots: [string, string][] = [['overview', '/'], ['audit', '/audit'], ['admin-webhooks', '/admin/webhooks'], ['promotion', review], ['models', '/models'], ['outbound', '/admin/outbound-webhooks']];
  for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    await page.setViewportSize(viewport);
    for (const [name, path] of shots) {
      await page.goto(path);
      await settle(page);
      await snapshot(page, `tables-${name}-${size}`);
      if (size === 'phone') {
        // The full page is too tall to read at phone width: also its first screen, and the one where its first table starts.
        await page.screenshot({ path: join(repoRoot, 'e2e/.artifacts/screenshots', `tables-${name}-phone-top.png`) });
        const table = page.locator('main [role="group"][tabindex="0"]').first();
        if (await table.count()) await table.evaluate((el) => el.scrollIntoView({ block: 'start' }));
        await page.screenshot({ path: join(repoRoot, 'e2e/.artifacts/screenshots', `tables-${name}-phone-screen.png`) });
      }
    }
  }
});
