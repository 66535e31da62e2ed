import type { ReactNode } from 'react';

/** A labelled value in a description list (`<dl>`); `breakAll` lets hashes and URLs wrap anywhere. */
export function Field({ label, breakAll = false, className, children }: { label: string; breakAll?: boolean; className?: string; children: ReactNode }) {
  return (
    <div className={className}>
      <dt className="text-tremor-label text-tremor-content">{label}</dt>
      <dd className={`mt-0.5 text-tremor-default text-tremor-content-strong ${breakAll ? 'break-all' : ''}`}>{children}</dd>
    </div>
  );
}
