import type { ReactNode } from 'react';
import { TableFrame } from './table-frame';

export { TableFrame };

/**
 * A card-framed table; the last column, usually actions, can be right-aligned. `widths`
 * fixes the columns (CSS widths, `undefined` for the one that takes the rest): what a cell
 * holds can then never widen the table beyond its card, and `minWidth` is where a narrow
 * screen starts scrolling sideways instead of squeezing.
 */
export function DataTable({ label, columns, alignLastRight = false, widths, minWidth, children }: { label: string; columns: string[]; alignLastRight?: boolean; widths?: (string | undefined)[]; minWidth?: string; children: ReactNode }) {
  return (
    <TableFrame label={label}>
      <table className={`data-table ${widths ? 'table-fixed' : ''}`} style={minWidth ? { minWidth } : undefined} aria-label={label}>
        {widths && (
          <colgroup>
            {columns.map((column, i) => <col key={column} style={widths[i] ? { width: widths[i] } : undefined} />)}
          </colgroup>
        )}
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
