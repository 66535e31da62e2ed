import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { LocalTime } from '@/app/_components/local-time';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { Notice } from '@/app/_components/notice';
import { PageHeader } from '@/app/_components/page-header';
import { pageTitle } from '@/app/_components/page-title';
import { Section } from '@/app/_components/section';
import type { PromotionReview } from '@/server/approvals/promotion-views';
import { can } from '@/server/rbac/permissions';
import { KindBadge, PromotionStatusBadge } from '../promotion-badges';
import { DecisionPanel } from './decision-panel';
import { DriftPanel, GateList, LineageCompare, MetricDiffTable, ModelCardPanel } from './evidence-sections';
import { DecisionsCard, PolicyCard, RequestCard } from './review-record';
import { ShadowPanel } from './shadow-panel';
import { ImpactPanel } from '../../models/[name]/deployments/impact-panel';
import { DecisionRulesPanel } from './decision-rules-panel';

export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The title and the page share one load (React's cache lasts the request).
const loadReview = cache((id: string) => loadOrRefuse((caller) => caller.promotions.get({ id })));

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  if (!UUID.test(id)) return {};
  const review = await loadReview(id);
  return { title: pageTitle(`${review.model} v${review.version} → ${review.environment}`, review.kind === 'rollback' ? 'Rollback' : 'Promotion') };
}

/** What happened to the request, above everything else. The override banner never goes away. */
function Banners({ review }: { review: PromotionReview }) {
  const { override, deployment, status } = review;
  return (
    <div className="mb-6 space-y-3 empty:hidden">
      {override && (
        <div role="status" aria-label="Gates overridden" className="rounded-tremor-default border-2 border-amber-300 bg-amber-50 px-4 py-3 text-tremor-default text-amber-900">
          <p className="font-semibold">Gates overridden by {override.by} · <LocalTime value={override.at} /></p>
          <p className="mt-1 whitespace-pre-wrap">{override.reason}</p>
          <p className="mt-1 text-tremor-label">Required gates did not pass when an admin let approvals proceed. This notice stays on the request for good.</p>
        </div>
      )}
      {deployment && (
        <Notice tone="success" title={`Deployed: ${deployment.environment} serves v${deployment.version}${deployment.current ? '' : ' (since replaced)'}`}>
          Alias moved <LocalTime value={deployment.createdAt} />, approved by {deployment.approvedBy.join(', ') || '—'}.{' '}
          <Link href={review.links.timeline} className="font-medium underline">Deployment timeline →</Link>
        </Notice>
      )}
      {status === 'rejected' && <Notice tone="error" title="Rejected">{review.closedReason}</Notice>}
      {status === 'superseded' && (
        <Notice tone="info" title="Superseded">
          A newer request replaced this one.{' '}
          {review.supersededBy && <Link href={`/promotions/${review.supersededBy.id}`} className="font-medium underline">Review v{review.supersededBy.version} →</Link>}
        </Notice>
      )}
      {(status === 'cancelled' || status === 'expired') && <Notice tone="info" title={status === 'cancelled' ? 'Cancelled' : 'Expired'}>{review.closedReason}</Notice>}
      {status === 'pending' && !review.gatesSatisfied && (
        <Notice tone="warning" title="Required gates do not pass">
          Blocking: {review.blockingGates.map((g) => g.replaceAll('_', ' ')).join(', ')}. Approval is refused until the evidence changes or an admin overrides the gates with a written reason.
        </Notice>
      )}
    </div>
  );
}

export default async function PromotionReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const [review, me] = await Promise.all([loadReview(id), loadOrRefuse((caller) => caller.me())]);
  // The shadow run's whole summary (score deltas, metrics, latency) for the charts; the gate's numbers suffice without it.
  const shadowRun = review.shadow ? await loadOrRefuse((caller) => caller.shadow.results({ runId: review.shadow!.runId }).catch(() => null)) : null;
  // Each side's decision rule and validation warnings: what the metrics and the shadow result count as a decision.
  const [candidateVersion, servingVersion] = await loadOrRefuse((caller) =>
    Promise.all([review.version, review.serving?.version].map((version) => (version ? caller.models.version({ name: review.model, version }).catch(() => null) : null))),
  );
  const modelUrl = `/models/${encodeURIComponent(review.model)}`;
  const what = review.kind === 'rollback' ? 'Rollback' : 'Promotion';
  return (
    <>
      <nav className="mb-2 text-tremor-default text-tremor-content">
        <Link href="/promotions" className="hover:underline">Promotions</Link> / <Link href={modelUrl} className="hover:underline">{review.model}</Link> /
      </nav>
      <PageHeader
        title={`${review.model} v${review.version} → ${review.environment}`}
        description={
          <>
            {what} requested by {review.requestedBy.name ?? review.requestedBy.label} <LocalTime value={review.createdAt} />.{' '}
            {review.serving ? `Replaces v${review.serving.version}, serving since ` : `Nothing serves ${review.environment} yet: this would be its first deployment.`}
            {review.serving && <LocalTime value={review.serving.deployedAt} />}
            {review.serving && '.'}
          </>
        }
        actions={
          <span className="flex flex-wrap items-center gap-2">
            <PromotionStatusBadge status={review.status} />
            <KindBadge kind={review.kind} />
            <Link href={review.links.timeline} className="btn-secondary">Timeline</Link>
            {can(me.roles, 'audit:read') && <Link href={review.links.audit} className="btn-secondary">Audit trail</Link>}
          </span>
        }
      />
      <Banners review={review} />
      {/* On a phone the decision sits below all the evidence (thousands of pixels down): one tap reaches it. */}
      <p className="mb-4 lg:hidden">
        <a href="#decision" className="btn-secondary w-full">{review.status === 'pending' ? 'Jump to the decision ↓' : 'Jump to the decision record ↓'}</a>
      </p>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-6">
          <Section title="Gates">
            <GateList gates={review.gates} evaluatedAt={review.gatesEvaluatedAt} live={review.status === 'pending'} overridden={review.overridden} />
          </Section>
          <Section title="Lineage">
            <LineageCompare candidate={review.candidate} serving={review.serving} environment={review.environment} />
          </Section>
          <Section title={review.serving ? `Metrics against v${review.serving.version}` : 'Metrics'}>
            <MetricDiffTable rows={review.metricDiff} candidate={review.version} serving={review.serving?.version ?? null} />
          </Section>
          {candidateVersion && (
            <Section title="Decision rule">
              <DecisionRulesPanel taskType={candidateVersion.model.taskType} candidate={candidateVersion.version} serving={servingVersion?.version ?? null} />
            </Section>
          )}
          <Section title="What the last promotion did">
            <ImpactPanel target={{ requestId: review.id }} title={`Business KPIs and metrics before vs after the last version change of ${review.environment}`} defaultOpen />
          </Section>
          <Section title="Shadow evaluation">
            <ShadowPanel shadow={review.shadow} summary={shadowRun?.summary ?? null} candidate={review.version} shadowUrl={`${modelUrl}/shadow`} />
          </Section>
          <Section title="Drift and alerts">
            <DriftPanel drift={review.drift} />
          </Section>
          <Section title="Model card">
            <ModelCardPanel card={review.card} modelUrl={modelUrl} />
          </Section>
        </div>
        <aside className="space-y-6" aria-label="Request and decisions">
          {/* Clears the sticky header (and the phone's navigation bar) when jumped to. */}
          <div id="decision" className="scroll-mt-36 lg:scroll-mt-20" />
          <DecisionPanel
            id={review.id}
            status={review.status}
            environment={review.environment}
            candidate={review.version}
            tally={review.tally}
            gatesSatisfied={review.gatesSatisfied}
            blockingGates={review.blockingGates}
            overridden={review.overridden}
            viewer={review.viewer}
            isAdmin={me.roles.includes('admin')}
          />
          <RequestCard review={review} />
          <DecisionsCard decisions={review.decisions} />
          <PolicyCard policy={review.policy} fixedRules={review.fixedRules} kind={review.kind} required={review.tally.required} />
        </aside>
      </div>
    </>
  );
}
