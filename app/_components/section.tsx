import type { ReactNode } from 'react';

export function Section({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section aria-label={title}>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-tremor-title font-semibold text-tremor-content-strong">{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
