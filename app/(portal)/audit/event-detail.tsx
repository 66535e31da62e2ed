import Link from 'next/link';
import { diffFields } from './body-diff';

const KIND_STYLE = {
  added: 'text-emerald-700',
  removed: 'text-red-700',
  changed: 'text-amber-800',
} as const;

/** An event's before/after as a field-by-field diff, then its remaining content. */
export function EventDetail({ seq, body, hash, link }: { seq: number; body: Record<string, unknown>; hash: string; link: { href: string; text: string } | null }) {
  const hasChange = body.before !== undefined || body.after !== undefined;
  const { changes, unchanged } = diffFields(body.before, body.after);
  const context = body.context as { ip?: string | null; userAgent?: string | null } | undefined;
  return (
    <div className="mt-2 max-w-xl space-y-3">
      {link && (
        <p className="text-tremor-label">
          <Link className="font-medium text-indigo-700 hover:underline" href={link.href}>Open {link.text} →</Link>
        </p>
      )}
      {hasChange && (
        changes.length === 0 ? (
          <p className="text-tremor-label text-tremor-content">Before and after are the same ({unchanged} fields).</p>
        ) : (
          <table aria-label="Changes" className="w-full text-left text-tremor-label">
            <thead>
              <tr className="text-tremor-content">
                <th className="pr-3 font-medium">Field</th>
                <th className="pr-3 font-medium">Before</th>
                <th className="font-medium">After</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((change) => (
                <tr key={change.path} className="align-top">
                  <td className={`break-all pr-3 font-mono ${KIND_STYLE[change.kind]}`}>{change.path}</td>
                  <td className="break-all pr-3">{change.before === undefined ? <span className="text-tremor-content-subtle">—</span> : <del className="text-red-700">{change.before}</del>}</td>
                  <td className="break-all">{change.after === undefined ? <span className="text-tremor-content-subtle">—</span> : <ins className="text-emerald-700 no-underline">{change.after}</ins>}</td>
                </tr>
              ))}
            </tbody>
            {unchanged > 0 && (
              <tfoot>
                <tr>
                  <td colSpan={3} className="pt-1 text-tremor-content">{unchanged} unchanged {unchanged === 1 ? 'field' : 'fields'}</td>
                </tr>
              </tfoot>
            )}
          </table>
        )
      )}
      {context && (context.ip || context.userAgent) && (
        <p className="text-tremor-label text-tremor-content">From {context.ip ?? 'unknown address'}{context.userAgent ? ` · ${context.userAgent}` : ''}</p>
      )}
      <details>
        <summary className="cursor-pointer text-tremor-label text-tremor-content hover:text-tremor-content-emphasis">Hashed body</summary>
        {/* Scrolls sideways by keyboard too: focusable and named (axe: scrollable-region-focusable). */}
        <pre tabIndex={0} role="region" aria-label={`Hashed body of event #${seq}`} className="mt-2 max-h-96 overflow-auto rounded-tremor-small bg-tremor-background-subtle p-3 text-tremor-label text-tremor-content-emphasis">{JSON.stringify(body, null, 2)}</pre>
      </details>
      <p className="break-all font-mono text-[11px] text-tremor-content-subtle">sha256 {hash}</p>
    </div>
  );
}
