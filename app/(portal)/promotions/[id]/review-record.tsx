import type { ReactNode } from 'react';
import { Badge } from '@/app/_components/badges';
import { LocalTime } from '@/app/_components/local-time';
import type { PolicySnapshot } from '@/server/approvals/promotion-policy';
import type { DecisionView, PersonRef, PromotionReview } from '@/server/approvals/promotion-views';
import { gateRequirements } from '../evidence-format';
import { displayedGate } from '../gate-numbers';
import { GateStatusBadge } from '../promotion-badges';

// The record half of the review page: who asked and why, the policy it is judged by, the decisions.

export function personLabel(p: PersonRef): string {
  return p.name ? `${p.name} (${p.label})` : p.label;
}

function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className="rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card">
      <h2 className="text-tremor-title font-semibold text-tremor-content-strong">{title}</h2>
      <div className="mt-3">{children}</div>
    </section>
  );
}

export function RequestCard({ review }: { review: PromotionReview }) {
  return (
    <Card title="Request">
      <dl className="grid grid-cols-2 gap-3 text-tremor-default">
        <div className="col-span-2">
          <dt className="text-tremor-label text-tremor-content">Requested by</dt>
          <dd className="font-medium text-tremor-content-strong">{personLabel(review.requestedBy)}</dd>
          <dd className="text-tremor-label text-tremor-content"><LocalTime value={review.createdAt} /></dd>
        </div>
        <div className="col-span-2">
          <dt className="text-tremor-label text-tremor-content">Justification</dt>
          <dd className="mt-0.5 whitespace-pre-wrap rounded-tremor-small bg-tremor-background-muted p-3 text-tremor-content-emphasis">{review.justification}</dd>
        </div>
        {/* Direct children of the list: a <dl> may group its pairs in one level of <div> only. */}
        <div>
          <dt className="text-tremor-label text-tremor-content">{review.status === 'pending' ? 'Expires' : 'Closed'}</dt>
          <dd className="text-tremor-label text-tremor-content-strong"><LocalTime value={review.status === 'pending' ? review.expiresAt : review.closedAt} /></dd>
        </div>
        <div>
          <dt className="text-tremor-label text-tremor-content">Version registered by</dt>
          <dd className="text-tremor-label text-tremor-content-strong">{personLabel(review.candidate.createdBy)}</dd>
        </div>
        {review.closedReason && (
          <div className="col-span-2">
            <dt className="text-tremor-label text-tremor-content">Outcome</dt>
            <dd className="text-tremor-content-emphasis">{review.closedReason}</dd>
          </div>
        )}
      </dl>
    </Card>
  );
}

/** Each decision with its comment and the gate results exactly as they stood when it was made. */
export function DecisionsCard({ decisions }: { decisions: DecisionView[] }) {
  return (
    <Card title="Decisions so far">
      {decisions.length === 0 ? (
        <p className="text-tremor-default text-tremor-content">No reviewer has decided yet.</p>
      ) : (
        <ol className="space-y-3" aria-label="Decisions">
          {decisions.map((d) => (
            <li key={d.id} className="rounded-tremor-small border border-tremor-border p-3">
              <p className="flex flex-wrap items-center gap-2">
                <Badge tone={d.decision === 'approve' ? 'good' : 'bad'}>{d.decision === 'approve' ? 'approved' : 'rejected'}</Badge>
                <span className="font-medium text-tremor-content-strong">{personLabel(d.reviewer)}</span>
              </p>
              <p className="mt-1 text-tremor-label text-tremor-content"><LocalTime value={d.createdAt} /></p>
              {d.comment ? <p className="mt-2 whitespace-pre-wrap text-tremor-default text-tremor-content-emphasis">{d.comment}</p> : <p className="mt-2 text-tremor-label italic text-tremor-content-subtle">No comment.</p>}
              {d.evidence.length > 0 && (
                <details className="mt-2">
                  <summary className="cursor-pointer text-tremor-label text-tremor-content hover:text-tremor-content-emphasis">Evidence at the time of this decision</summary>
                  <ul className="mt-2 space-y-1">
                    {d.evidence.map(displayedGate).map((g) => (
                      <li key={g.gate} className="flex items-start gap-2 text-tremor-label">
                        <GateStatusBadge status={g.status} />
                        <span className="text-tremor-content-emphasis">{g.label}{g.required ? '' : ' (informational)'}: {g.summary}</span>
                      </li>
                    ))}
                  </ul>
                </details>
              )}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}

const SOURCE_LABELS: Record<PolicySnapshot['source'], string> = {
  'built-in': 'Built-in default',
  environment: 'Environment policy',
  model: 'Per-model override',
};

export function PolicyCard({ policy, fixedRules, kind, required }: { policy: PolicySnapshot; fixedRules: readonly string[]; kind: string; required: number }) {
  return (
    <Card title="Policy">
      <p className="text-tremor-label text-tremor-content">
        Snapshot taken when the request was made: {SOURCE_LABELS[policy.source]}
        {policy.updatedBy ? <> last edited by {policy.updatedBy}, <LocalTime value={policy.updatedAt} /></> : null}.
      </p>
      <dl className="mt-3 grid grid-cols-2 gap-3 text-tremor-default">
        <div>
          <dt className="text-tremor-label text-tremor-content">Approvals needed</dt>
          <dd className="font-medium text-tremor-content-strong">{required}{kind === 'rollback' && policy.fastRollback ? ' (fast rollback)' : ''}</dd>
        </div>
        <div>
          <dt className="text-tremor-label text-tremor-content">Expires after</dt>
          <dd className="font-medium text-tremor-content-strong">{policy.expiresAfterHours} h</dd>
        </div>
      </dl>
      <ul className="mt-3 space-y-1.5" aria-label="Gates required by the policy">
        {gateRequirements(policy.gates).map((g) => (
          <li key={g.gate} className="text-tremor-label">
            <span className={g.required ? 'font-medium text-tremor-content-strong' : 'text-tremor-content'}>{g.label}</span>{' '}
            <span className="text-tremor-content">{g.required ? '· required' : '· informational'} · {g.detail}</span>
          </li>
        ))}
      </ul>
      <details className="mt-3">
        <summary className="cursor-pointer text-tremor-label text-tremor-content hover:text-tremor-content-emphasis">Rules no policy can change</summary>
        <ul className="mt-2 list-disc space-y-1 pl-5 text-tremor-label text-tremor-content-emphasis">
          {fixedRules.map((r) => <li key={r}>{r}</li>)}
        </ul>
      </details>
    </Card>
  );
}
