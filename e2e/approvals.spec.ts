import { createToken, createUser } from './support/admin-ui';
import { approve, approveButton, clickUntilVisible, decisionPanel, overrideIfBlocked, personPage, servingAlias } from './support/approvals-ui';
import { demoUser, unique } from './support/demo-users';
import { expect, test } from './support/fixtures';
import { snapshot } from './support/screenshots';

// The journey Vigil is named for, with separate people in separate browsers: a maintainer
// asks for production, two reviewers approve on one page of evidence, the requester cannot
// approve (not even through the API), the alias moves, the timeline and the audit log show
// it; then a rollback takes the same path back.

const MODEL = 'credit-risk';

test('a promotion to production needs two other reviewers, moves the alias, and a rollback goes the same way', async ({ browser, adminPage, baseURL, request }) => {
  test.setTimeout(300_000);
  const maintainer = demoUser('maintainer');
  const reviewer = demoUser('reviewer');
  const second = { name: 'Rosa Secondreviewer', email: `${unique('reviewer')}@e2e.test`, password: 'second-reviewer-e2e-pw', roles: ['reviewer' as const] };

  const token = await test.step('an admin adds a second reviewer and a token for the serving system', async () => {
    await createUser(adminPage, second);
    return createToken(adminPage, unique('serving-poller'), ['registry:read']);
  });
  // The demo seed (demo/seed/demo-approvals.ts) has v1 serving production, approved by two reviewers.
  const before = await servingAlias(request, token, MODEL, 'production');

  const maintainerPage = await personPage(browser, maintainer.email, maintainer.password);
  // v2, the calibrated fair release (v3, the biased challenger, is for the fairness journey).
  const { version, reviewUrl } = await test.step('the maintainer requests promotion of v2', async () => {
    await maintainerPage.goto(`/models/${MODEL}`);
    const link = maintainerPage.getByRole('table', { name: 'Versions' }).getByRole('link', { name: 'v2', exact: true });
    const version = Number((await link.innerText()).slice(1));
    expect(version).not.toBe(before.version);
    await link.click();
    await expect(maintainerPage.getByRole('heading', { name: `${MODEL} v${version}` })).toBeVisible();
    const form = maintainerPage.getByRole('form', { name: 'Request promotion' });
    await clickUntilVisible(maintainerPage.getByRole('button', { name: 'Request promotion' }), form);
    await form.getByLabel('Environment').selectOption('production');
    await form.getByLabel('Justification').fill(`v${version} is better calibrated; staging has been quiet. Promote to production.`);
    await expect(form.getByLabel('Request preview')).toContainText('Needs 2 approvals');
    await form.getByRole('button', { name: 'Send request' }).click();
    const created = maintainerPage.getByRole('status').filter({ hasText: 'Promotion to production requested' });
    await expect(created).toBeVisible();
    await created.getByRole('link', { name: 'Review request →' }).click();
    await expect(maintainerPage).toHaveURL(/\/promotions\/[0-9a-f-]{36}$/);
    return { version, reviewUrl: new URL(maintainerPage.url()).pathname };
  });
  const requestId = reviewUrl.split('/').pop()!;

  await test.step('the review page shows the evidence; gates that block are overridden by an admin with a reason', async () => {
    await expect(maintainerPage.getByRole('heading', { name: `${MODEL} v${version} → production` })).toBeVisible();
    await expect(maintainerPage.getByRole('table', { name: 'Lineage' })).toContainText(`v${before.version}`);
    await expect(maintainerPage.getByRole('table', { name: 'Metric differences' })).toContainText('auc');
    await expect(maintainerPage.getByRole('list', { name: 'Gate results' }).getByRole('listitem')).toHaveCount(5);
    await overrideIfBlocked(adminPage, reviewUrl, 'Shadow replay for this model is not scheduled yet; offline metrics and the staging week are the evidence.');
  });

  const reviewerPage = await personPage(browser, reviewer.email, reviewer.password);
  await test.step('the first reviewer finds the request in the inbox and approves it', async () => {
    await reviewerPage.getByRole('link', { name: 'Promotions' }).first().click();
    const row = reviewerPage.getByRole('table', { name: 'Pending promotions' }).getByRole('row').filter({ hasText: `${MODEL} v${version} → production` });
    await expect(row).toContainText('awaiting you');
    await reviewerPage.getByRole('list', { name: 'Notifications' }).getByRole('link', { name: `Review promotion of ${MODEL} v${version} to production` }).first().click();
    await expect(reviewerPage).toHaveURL(new RegExp(`${reviewUrl}$`));
    await approve(reviewerPage, 'Metrics better on every headline; lineage complete.');
    await expect(approveButton(reviewerPage)).toBeDisabled();
    await expect(decisionPanel(reviewerPage)).toContainText('You already approved');
    await expect(reviewerPage.getByRole('list', { name: 'Decisions' })).toContainText(reviewer.email);
  });

  await test.step('the requester sees approval refused, and the API refuses it too', async () => {
    await maintainerPage.reload();
    await expect(approveButton(maintainerPage)).toBeDisabled();
    await expect(decisionPanel(maintainerPage)).toContainText('Only users holding the reviewer role');
    const direct = await maintainerPage.request.post('/api/trpc/promotions.approve', {
      headers: { origin: baseURL!, 'content-type': 'application/json' },
      data: { json: { id: requestId, comment: 'approving my own request' } },
    });
    expect(direct.status()).toBe(403);
    await maintainerPage.reload();
    await expect(maintainerPage.getByRole('list', { name: 'Decisions' }).getByRole('listitem')).toHaveCount(1);
  });

  const secondPage = await personPage(browser, second.email, second.password);
  const promotedDeployment = await test.step('a second reviewer approves: the quorum is reached and production moves', async () => {
    await secondPage.goto(reviewUrl);
    await snapshot(secondPage, 'promotion-review');
    await approve(secondPage, 'Agree. Watch the recall on defaulters after the switch.');
    await expect(secondPage.getByRole('status').filter({ hasText: `Deployed: production serves v${version}` })).toBeVisible();
    const alias = await servingAlias(request, token, MODEL, 'production');
    expect(alias.version).toBe(version);
    return alias.deploymentId;
  });

  await test.step('the deployment timeline shows who approved it, and what served when', async () => {
    await maintainerPage.goto(`/models/${MODEL}`);
    await maintainerPage.getByRole('navigation', { name: 'Model sections' }).getByRole('link', { name: 'Deployments' }).click();
    const production = maintainerPage.getByRole('region', { name: 'production' });
    await expect(production).toContainText(`Serves v${version} since`);
    const newest = production.getByRole('list', { name: 'Deployments to production' }).getByRole('listitem').first();
    await expect(newest).toContainText('serving now');
    await expect(newest).toContainText(reviewer.email);
    await expect(newest).toContainText(second.email);
    await clickUntilVisible(maintainerPage.getByRole('button', { name: 'Look up' }), maintainerPage.getByTestId('alias-at-answer'));
    await expect(maintainerPage.getByTestId('alias-at-answer')).toContainText(`served ${MODEL} v${version}`);
    await snapshot(maintainerPage, 'deployment-timeline');
  });

  const rollbackUrl = await test.step('the maintainer requests a rollback to the previous version from the timeline', async () => {
    const form = maintainerPage.getByRole('form', { name: `Request rollback of production to v${before.version}` });
    await clickUntilVisible(maintainerPage.getByRole('button', { name: `Request rollback of production to v${before.version}` }), form);
    await form.getByLabel('Justification').fill(`Manual-review queue doubled after v${version}; back to v${before.version} while we investigate.`);
    await form.getByRole('button', { name: 'Send rollback request' }).click();
    const created = maintainerPage.getByRole('status').filter({ hasText: `Rollback of production to v${before.version} requested` });
    await created.getByRole('link', { name: 'Review request →' }).click();
    await expect(maintainerPage.getByRole('heading', { name: `${MODEL} v${before.version} → production` })).toBeVisible();
    await expect(decisionPanel(maintainerPage)).toContainText('0 of 1 approval');
    return new URL(maintainerPage.url()).pathname;
  });

  const rollbackDeployment = await test.step('one reviewer approves the rollback (fast path) and production goes back', async () => {
    await overrideIfBlocked(adminPage, rollbackUrl, `Rollback to v${before.version}, which served production until today.`);
    await reviewerPage.goto(rollbackUrl);
    await approve(reviewerPage, 'Rollback approved.');
    await expect(reviewerPage.getByRole('status').filter({ hasText: `Deployed: production serves v${before.version}` })).toBeVisible();
    const alias = await servingAlias(request, token, MODEL, 'production');
    expect(alias.version).toBe(before.version);
    await maintainerPage.goto(`/models/${MODEL}/deployments`);
    const newest = maintainerPage.getByRole('region', { name: 'production' }).getByRole('list', { name: 'Deployments to production' }).getByRole('listitem').first();
    await expect(newest).toContainText(`v${before.version}`);
    await expect(newest).toContainText('rollback');
    await expect(newest).toContainText('serving now');
    await snapshot(maintainerPage, 'deployment-timeline-rollback');
    return alias.deploymentId;
  });

  await test.step('the audit log shows every step', async () => {
    const trail = async (query: string, actions: string[]) => {
      await adminPage.goto(`/audit?${query}`);
      const events = adminPage.getByRole('table', { name: 'Audit events' });
      for (const action of actions) await expect(events.getByRole('row').filter({ hasText: action }).first()).toBeVisible();
      return events;
    };
    const promotion = await trail(`targetType=promotion_request&targetId=${requestId}`, ['promotion.requested', 'promotion.gates_evaluated', 'promotion.approval_recorded', 'promotion.approved']);
    await expect(promotion.getByRole('row').filter({ hasText: 'promotion.approval_recorded' })).toHaveCount(2);
    await snapshot(adminPage, 'promotion-audit');
    await trail(`targetId=${promotedDeployment}`, ['deployment.created']);
    await trail(`targetType=promotion_request&targetId=${rollbackUrl.split('/').pop()}`, ['promotion.requested', 'promotion.approval_recorded', 'promotion.approved']);
    await trail(`targetId=${rollbackDeployment}`, ['deployment.created']);
  });

  for (const page of [maintainerPage, reviewerPage, secondPage]) await page.context().close();
});
