import type { ReactNode } from 'react';

/** A card-framed table; the last column, usually actions, can be right-aligned. */
export function DataTable({ label, columns, alignLastRight = false, children }: { label: string; columns: string[]; alignLastRight?: boolean; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-tremor-default border border-tremor-border bg-white shadow-tremor-card">
      <table className="data-table" aria-label={label}>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={column} className={alignLastRight && i === columns.length - 1 ? 'text-right' : undefined}>{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="rounded-tremor-default border border-dashed border-tremor-border bg-white p-10 text-center">
      <p className="font-medium text-tremor-content-strong">{title}</p>
      <p className="mt-1 text-tremor-default text-tremor-content">{children}</p>
    </div>
  );
}
