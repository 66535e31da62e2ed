import type { ReactNode } from 'react';

/** A titled block of a page; `id` makes it a link target (a pager's links come back to it). */
export function Section({ title, actions, id, children }: { title: string; actions?: ReactNode; id?: string; children: ReactNode }) {
  return (
    <section aria-label={title} id={id} className={id ? 'scroll-mt-4' : undefined}>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-tremor-title font-semibold text-tremor-content-strong">{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
