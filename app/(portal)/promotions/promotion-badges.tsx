import { Badge } from '@/app/_components/badges';
import { GATE_LABELS, type GateName, type GateStatus } from '@/server/approvals/gates/gate-types';
import { GATE_STATUS_WORDS } from './gate-numbers';

// Badges of the approvals domain. Plain components: usable from server and client components.

const STATUS_TONES = {
  pending: 'warn',
  approved: 'good',
  rejected: 'bad',
  cancelled: 'off',
  expired: 'off',
  superseded: 'off',
} as const;

/** A promotion request's status. */
export function PromotionStatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONES[status as keyof typeof STATUS_TONES] ?? 'off'}>{status}</Badge>;
}

const GATE_TONES: Record<GateStatus, 'good' | 'bad' | 'warn' | 'off'> = { pass: 'good', fail: 'bad', missing: 'warn', not_applicable: 'off' };

/** A gate's verdict: pass, fail, missing (no evidence yet) or not applicable (nothing to judge: grey, never green). */
export function GateStatusBadge({ status }: { status: string }) {
  const known = status in GATE_TONES ? (status as GateStatus) : null;
  return <Badge tone={known ? GATE_TONES[known] : 'off'}>{known ? GATE_STATUS_WORDS[known] : status}</Badge>;
}

/** "Shadow evaluation, Fairness" for gate keys such as `shadow_run`. */
export function gateNames(gates: readonly string[]): string {
  return gates.map((g) => GATE_LABELS[g as GateName] ?? g.replaceAll('_', ' ')).join(', ');
}

const KIND_LABELS = { promotion: 'promotion', rollback: 'rollback', emergency_rollback: 'emergency rollback' } as const;
const KIND_TONES = { promotion: 'brand', rollback: 'warn', emergency_rollback: 'bad' } as const;

/** Promotion, rollback (a version that served before) or an admin's emergency rollback. */
export function KindBadge({ kind }: { kind: string }) {
  const k = kind as keyof typeof KIND_LABELS;
  return <Badge tone={KIND_TONES[k] ?? 'off'}>{KIND_LABELS[k] ?? kind}</Badge>;
}

/** Gate summary of a request in lists: what blocks it, or that nothing does. */
export function GateSummary({ blocking, overridden }: { blocking: string[]; overridden: boolean }) {
  if (blocking.length === 0) return <span className="text-tremor-label text-emerald-700">Required gates pass</span>;
  return (
    <span className="flex flex-col gap-1">
      <span className="text-tremor-label text-red-700">Blocking: {gateNames(blocking)}</span>
      {overridden && <span><Badge tone="warn">overridden by an admin</Badge></span>}
    </span>
  );
}

/** "1 of 2 approvals" with a small meter. */
export function ApprovalMeter({ approvals, required }: { approvals: number; required: number }) {
  const share = required > 0 ? Math.min(1, approvals / required) : 0;
  return (
    <span className="inline-flex min-w-[7rem] flex-col gap-1">
      <span className="text-tremor-label text-tremor-content-emphasis">
        {approvals} of {required} approval{required === 1 ? '' : 's'}
      </span>
      <span className="h-1.5 w-full overflow-hidden rounded-full bg-tremor-background-subtle" aria-hidden="true">
        <span className={`block h-full rounded-full ${share >= 1 ? 'bg-emerald-500' : 'bg-indigo-500'}`} style={{ width: `${share * 100}%` }} />
      </span>
    </span>
  );
}
