'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { errorText } from '@/app/_components/error-text';
import { Notice } from '@/app/_components/notice';
import { useTRPC } from '@/app/trpc-provider';
import type { ApprovalTally, ViewerPermissions } from '@/server/approvals/promotion-views';
import type { Verdict } from '@/server/approvals/promotion-policy';
import { ApprovalMeter, gateNames } from '../promotion-badges';

interface Props {
  id: string;
  status: string;
  environment: string;
  candidate: number;
  tally: ApprovalTally;
  gatesSatisfied: boolean;
  blockingGates: string[];
  overridden: boolean;
  viewer: ViewerPermissions;
  isAdmin: boolean;
}

/** Why a button is disabled, tied to it with aria-describedby. */
function Refusal({ id, verdict }: { id: string; verdict: Verdict }) {
  if (verdict.allowed || !verdict.reason) return null;
  return (
    <p id={id} className="flex gap-1.5 text-tremor-label text-tremor-content-emphasis">
      <svg viewBox="0 0 20 20" className="mt-px h-4 w-4 shrink-0 text-amber-500" fill="currentColor" aria-hidden="true">
        <path fillRule="evenodd" d="M10 18a8 8 0 1 0 0-16 8 8 0 0 0 0 16Zm.75-11.25a.75.75 0 0 0-1.5 0v4.5a.75.75 0 0 0 1.5 0v-4.5ZM10 15a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z" clipRule="evenodd" />
      </svg>
      <span>{verdict.reason}</span>
    </p>
  );
}

/** Approve / reject for reviewers, override for admins, cancel for the requester. The server judges again regardless. */
export function DecisionPanel(props: Props) {
  const { id, viewer, tally } = props;
  const trpc = useTRPC();
  const router = useRouter();
  const ids = useId();
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // Until the page is interactive a click would do nothing: keep the buttons disabled till then.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const refresh = (message: string) => {
    setDone(message);
    router.refresh();
  };
  const approve = useMutation(
    trpc.promotions.approve.mutationOptions({
      onSuccess: (r) => refresh(r.deployment ? `Approved. ${r.deployment.environment} now serves v${r.deployment.version}.` : `Approval recorded; ${r.request.tally.missing} more needed.`),
    }),
  );
  const reject = useMutation(trpc.promotions.reject.mutationOptions({ onSuccess: () => refresh('Rejected. The requester has been told.') }));
  const override = useMutation(trpc.promotions.override.mutationOptions({ onSuccess: () => refresh('Gates overridden. Reviewers may now approve.') }));
  const cancel = useMutation(trpc.promotions.cancel.mutationOptions({ onSuccess: () => refresh('Request cancelled.') }));
  const pending = !ready || approve.isPending || reject.isPending || override.isPending || cancel.isPending;
  const error = approve.error ?? reject.error ?? override.error ?? cancel.error;
  const open = props.status === 'pending';
  const lastApproval = tally.missing === 1 && props.gatesSatisfied;
  const sameRefusal = !viewer.canApprove.allowed && !viewer.canReject.allowed && viewer.canApprove.reason === viewer.canReject.reason;

  function onReject() {
    if (!comment.trim()) {
      setCommentError('Write why you reject: the requester reads it.');
      commentRef.current?.focus();
      return;
    }
    setCommentError(null);
    reject.mutate({ id, comment });
  }

  function onOverride() {
    if (!reason.trim()) {
      setReasonError('An override needs a written reason; it is shown on this request forever.');
      return;
    }
    setReasonError(null);
    override.mutate({ id, reason });
  }

  return (
    <section aria-label="Decision" className="space-y-4 rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card">
      <div className="flex items-start justify-between gap-3">
        <h2 className="text-tremor-title font-semibold text-tremor-content-strong">Decision</h2>
        <ApprovalMeter approvals={tally.approvals} required={tally.required} />
      </div>
      {done && <Notice tone="success">{done}</Notice>}
      {error && <Notice tone="error">{errorText(error)}</Notice>}
      {open ? (
        <div className="space-y-3">
          {viewer.myDecision === null && viewer.canDecide.allowed && (
            <>
              <div className="space-y-1.5">
                <label htmlFor={`${ids}-comment`} className="label">
                  Comment <span className="font-normal text-tremor-content">(required to reject)</span>
                </label>
                <textarea
                  id={`${ids}-comment`}
                  ref={commentRef}
                  rows={3}
                  value={comment}
                  onChange={(e) => setComment(e.target.value)}
                  aria-invalid={commentError ? true : undefined}
                  aria-describedby={commentError ? `${ids}-comment-error` : undefined}
                  className="field-input"
                  placeholder="What you checked, and anything the requester should know"
                />
                {commentError && <p id={`${ids}-comment-error`} role="alert" className="text-tremor-label text-red-700">{commentError}</p>}
              </div>
              {lastApproval && viewer.canApprove.allowed && (
                <p className="text-tremor-label text-tremor-content">Yours is the last approval needed: {props.environment} moves to v{props.candidate} as soon as you approve.</p>
              )}
            </>
          )}
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className="btn-primary"
              disabled={!viewer.canApprove.allowed || pending}
              aria-describedby={!viewer.canApprove.allowed ? `${ids}-approve-why` : undefined}
              onClick={() => approve.mutate({ id, comment })}
            >
              {approve.isPending ? 'Approving…' : 'Approve'}
            </button>
            <button
              type="button"
              className="btn-danger"
              disabled={!viewer.canReject.allowed || pending}
              aria-describedby={!viewer.canReject.allowed ? (sameRefusal ? `${ids}-approve-why` : `${ids}-reject-why`) : undefined}
              onClick={onReject}
            >
              {reject.isPending ? 'Rejecting…' : 'Reject'}
            </button>
          </div>
          <Refusal id={`${ids}-approve-why`} verdict={viewer.canApprove} />
          {!sameRefusal && <Refusal id={`${ids}-reject-why`} verdict={viewer.canReject} />}
        </div>
      ) : (
        <p className="text-tremor-default text-tremor-content">This request is {props.status}; it can no longer be decided.</p>
      )}

      {open && props.isAdmin && props.blockingGates.length > 0 && !props.overridden && (
        <div className="space-y-2 border-t border-tremor-border pt-4">
          <h3 className="font-medium text-tremor-content-strong">Override failing gates</h3>
          {viewer.canOverride.allowed ? (
            <>
              <p className="text-tremor-label text-tremor-content">
                Blocking: {gateNames(props.blockingGates)}. An override approves nothing: reviewers still decide. It is audited and shown on this request forever.
              </p>
              <label htmlFor={`${ids}-override`} className="label">Reason for the override</label>
              <textarea
                id={`${ids}-override`}
                rows={3}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                aria-invalid={reasonError ? true : undefined}
                aria-describedby={reasonError ? `${ids}-override-error` : undefined}
                className="field-input"
              />
              {reasonError && <p id={`${ids}-override-error`} role="alert" className="text-tremor-label text-red-700">{reasonError}</p>}
              <button type="button" className="btn-secondary" disabled={pending} onClick={onOverride}>
                {override.isPending ? 'Overriding…' : 'Override gates'}
              </button>
            </>
          ) : (
            <>
              <button type="button" className="btn-secondary" disabled aria-describedby={`${ids}-override-why`}>Override gates</button>
              <Refusal id={`${ids}-override-why`} verdict={viewer.canOverride} />
            </>
          )}
        </div>
      )}

      {open && viewer.canCancel.allowed && (
        <div className="space-y-2 border-t border-tremor-border pt-4">
          <h3 className="font-medium text-tremor-content-strong">Your request</h3>
          <p className="text-tremor-label text-tremor-content">Changed your mind, or found a problem? Withdraw it; reviewers are no longer asked.</p>
          <button
            type="button"
            className="btn-danger"
            disabled={pending}
            onClick={() => window.confirm(`Cancel the request to promote v${props.candidate} to ${props.environment}?`) && cancel.mutate({ id, reason: '' })}
          >
            {cancel.isPending ? 'Cancelling…' : 'Cancel request'}
          </button>
        </div>
      )}
    </section>
  );
}
