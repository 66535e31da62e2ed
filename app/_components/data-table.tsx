import type { ReactNode } from 'react';

/**
 * The card a table sits in. On a narrow screen it scrolls sideways: the frame takes keyboard
 * focus (arrow keys scroll it) and is named after its table, so the columns beyond the edge
 * are reachable without a mouse.
 */
export function TableFrame({ label, flat = false, children }: { label: string; flat?: boolean; children: ReactNode }) {
  return (
    <div role="group" aria-label={label} tabIndex={0} className={`overflow-x-auto rounded-tremor-default border border-tremor-border bg-white ${flat ? '' : 'shadow-tremor-card'}`}>
      {children}
    </div>
  );
}

/** A card-framed table; the last column, usually actions, can be right-aligned. */
export function DataTable({ label, columns, alignLastRight = false, children }: { label: string; columns: string[]; alignLastRight?: boolean; children: ReactNode }) {
  return (
    <TableFrame label={label}>
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
    </TableFrame>
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
