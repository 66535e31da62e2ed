'use client';

import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { RANGE_LABELS, RANGE_PRESETS, rangeSearch, type DashboardRangeRequest } from '@/server/dashboard/dashboard-range';

// The range lives in the URL (?range=30d&compare=1, or ?range=custom&from=…&to=…): every
// choice here is a link or a navigation, so the address bar always reproduces the view.

export function RangePicker({ request, from, to }: { request: DashboardRangeRequest; from: string; to: string }) {
  const pathname = usePathname();
  const router = useRouter();
  const [custom, setCustom] = useState({ from: request.from ?? from, to: request.to ?? to });
  const href = (patch: Partial<DashboardRangeRequest>) => `${pathname}${rangeSearch({ ...request, ...patch })}`;

  function applyCustom(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    router.push(href({ range: 'custom', from: custom.from, to: custom.to }));
  }

  return (
    <div className="flex flex-wrap items-end gap-4 rounded-tremor-default border border-tremor-border bg-white p-3 shadow-tremor-card">
      <nav aria-label="Time range" className="flex gap-1">
        {RANGE_PRESETS.map((preset) => (
          <Link
            key={preset}
            href={href({ range: preset, from: undefined, to: undefined, bucket: undefined })}
            aria-current={request.range === preset ? 'page' : undefined}
            className="rounded-tremor-small border border-tremor-border px-3 py-1.5 text-tremor-default font-medium text-tremor-content-emphasis hover:bg-tremor-background-muted aria-[current=page]:border-indigo-600 aria-[current=page]:bg-indigo-50 aria-[current=page]:text-indigo-700"
          >
            {RANGE_LABELS[preset]}
          </Link>
        ))}
      </nav>
      <form onSubmit={applyCustom} aria-label="Custom range" className="flex flex-wrap items-end gap-2">
        <div className="space-y-1">
          <label htmlFor="range-from" className="label">From (UTC day)</label>
          <input id="range-from" type="date" required className="field-input" value={custom.from} onChange={(e) => setCustom({ ...custom, from: e.target.value })} />
        </div>
        <div className="space-y-1">
          <label htmlFor="range-to" className="label">To (UTC day, included)</label>
          <input id="range-to" type="date" required className="field-input" value={custom.to} onChange={(e) => setCustom({ ...custom, to: e.target.value })} />
        </div>
        <button type="submit" className={request.range === 'custom' ? 'btn-primary' : 'btn-secondary'}>
          {RANGE_LABELS.custom}
        </button>
      </form>
      <div className="space-y-1">
        <label htmlFor="range-bucket" className="label">Points</label>
        <select id="range-bucket" className="field-input" value={request.bucket ?? ''} onChange={(e) => router.push(href({ bucket: e.target.value === '' ? undefined : (e.target.value as 'hour' | 'day') }))}>
          <option value="">automatic</option>
          <option value="hour">hourly</option>
          <option value="day">daily</option>
        </select>
      </div>
      <label className="flex items-center gap-2 pb-2 text-tremor-default text-tremor-content-emphasis">
        <input type="checkbox" checked={request.compare} onChange={(e) => router.push(href({ compare: e.target.checked }))} />
        Compare with previous period
      </label>
    </div>
  );
}
