'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Notice } from '@/app/_components/notice';

interface Problem {
  line: number;
  column: string | null;
  reason: string;
}

/** Posts the CSV to the session-authenticated upload route; shows per-row problems. */
export function ReferenceUpload({ model }: { model: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; problems: Problem[] } | null>(null);
  const [done, setDone] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    setDone(null);
    const response = await fetch(`/models/${model}/monitoring/reference`, { method: 'POST', body: new FormData(event.currentTarget) });
    const body = (await response.json().catch(() => ({}))) as { message?: string; details?: Problem[]; rows?: number };
    setPending(false);
    if (!response.ok) {
      setError({ message: body.message ?? `Upload failed (${response.status}).`, problems: body.details ?? [] });
      return;
    }
    setDone(`Stored ${body.rows?.toLocaleString()} rows. Drift is compared against it from the next report on.`);
    router.refresh();
  }

  return (
    <form onSubmit={submit} className="mt-4 space-y-3 border-t border-tremor-border pt-4" aria-label="Upload reference dataset">
      <div className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
        <div className="space-y-1.5">
          <label htmlFor="reference-name" className="label">Name</label>
          <input id="reference-name" name="name" required className="field-input" placeholder="validation set 2026-11" />
        </div>
        <div className="space-y-1.5">
          <label htmlFor="reference-file" className="label">CSV file</label>
          <input id="reference-file" name="file" type="file" accept=".csv,text/csv" required className="field-input py-1.5" />
        </div>
        <button type="submit" className="btn-primary" disabled={pending}>{pending ? 'Uploading…' : 'Upload'}</button>
      </div>
      <p className="text-tremor-label text-tremor-content">Header: every feature, the label, optionally the protected attributes. A bad row rejects the whole file.</p>
      {done && <Notice tone="success">{done}</Notice>}
      {error && (
        <Notice tone="error" title={error.message}>
          <ul className="mt-1 list-disc pl-5">
            {error.problems.slice(0, 10).map((p, i) => <li key={i}>line {p.line}{p.column ? `, ${p.column}` : ''}: {p.reason}</li>)}
          </ul>
        </Notice>
      )}
    </form>
  );
}
