import type { HealthStatus } from '@/server/portfolio/model-health';

const TONES: Record<HealthStatus, { dot: string; chip: string }> = {
  healthy: { dot: 'bg-emerald-500', chip: 'bg-emerald-50 text-emerald-800 ring-emerald-200' },
  warning: { dot: 'bg-amber-500', chip: 'bg-amber-50 text-amber-800 ring-amber-200' },
  critical: { dot: 'bg-red-600', chip: 'bg-red-50 text-red-800 ring-red-200' },
};

/** Healthy, warning or critical: colour and word, never colour alone. */
export function HealthBadge({ status }: { status: HealthStatus }) {
  return (
    <span className={`inline-flex items-center gap-1.5 rounded-tremor-full px-2 py-0.5 text-tremor-label font-semibold ring-1 ring-inset ${TONES[status].chip}`}>
      <span className={`h-2 w-2 rounded-full ${TONES[status].dot}`} aria-hidden="true" />
      {status}
    </span>
  );
}
