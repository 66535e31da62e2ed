import type { ReactNode } from 'react';

/** One headline number of a shadow run, with what it was computed on. */
export function Kpi({ label, value, hint, tone }: { label: string; value: string; hint: string; tone?: 'bad' | 'good' }) {
  return (
    <div className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
      <p className="text-tremor-label text-tremor-content">{label}</p>
      <p className={`mt-1 text-tremor-metric font-semibold tabular-nums ${tone === 'bad' ? 'text-red-700' : tone === 'good' ? 'text-emerald-700' : 'text-tremor-content-strong'}`}>{value}</p>
      <p className="text-tremor-label text-tremor-content">{hint}</p>
    </div>
  );
}

/** A card that says in words whether a difference is real, and how that was tested. */
export function SignificanceCard({ children }: { children: ReactNode }) {
  return (
    <div className="rounded-tremor-default border border-tremor-border bg-white p-4 text-tremor-default shadow-tremor-card">
      <p className="font-medium text-tremor-content-strong">Is the difference real?</p>
      {children}
    </div>
  );
}
