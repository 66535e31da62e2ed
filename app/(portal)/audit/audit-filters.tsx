'use client';

import { useRouter } from 'next/navigation';
import type { FormEvent } from 'react';

interface Initial {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
}

// datetime-local inputs speak the viewer's local time; the URL carries UTC ISO strings.
function toLocalInput(iso?: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function AuditFilters({ initial }: { initial: Initial }) {
  const router = useRouter();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const params = new URLSearchParams();
    for (const key of ['actor', 'action', 'targetType', 'targetId']) {
      const value = String(form.get(key) ?? '').trim();
      if (value) params.set(key, value);
    }
    for (const key of ['from', 'to']) {
      const value = String(form.get(key) ?? '');
      if (value) params.set(key, new Date(value).toISOString());
    }
    router.push(params.size ? `/audit?${params}` : '/audit');
  }
  return (
    <form onSubmit={onSubmit} aria-label="Filter audit events" className="grid gap-3 rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card sm:grid-cols-2 lg:grid-cols-3">
      <div className="space-y-1">
        <label htmlFor="f-actor" className="label">Actor</label>
        <input id="f-actor" name="actor" defaultValue={initial.actor} className="field-input" placeholder="email or token name" />
      </div>
      <div className="space-y-1">
        <label htmlFor="f-action" className="label">Action</label>
        <input id="f-action" name="action" defaultValue={initial.action} className="field-input" placeholder="user.created, or user. for all" />
      </div>
      <div className="space-y-1">
        <label htmlFor="f-target" className="label">Target type / id</label>
        <div className="flex gap-2">
          <input id="f-target" name="targetType" defaultValue={initial.targetType} className="field-input" placeholder="user" aria-label="Target type" />
          <input name="targetId" defaultValue={initial.targetId} className="field-input" placeholder="id" aria-label="Target id" />
        </div>
      </div>
      <div className="space-y-1">
        <label htmlFor="f-from" className="label">From</label>
        <input id="f-from" name="from" type="datetime-local" defaultValue={toLocalInput(initial.from)} className="field-input" />
      </div>
      <div className="space-y-1">
        <label htmlFor="f-to" className="label">To</label>
        <input id="f-to" name="to" type="datetime-local" defaultValue={toLocalInput(initial.to)} className="field-input" />
      </div>
      <div className="flex items-end gap-2">
        <button type="submit" className="btn-primary">Apply filters</button>
        <button type="button" className="btn-secondary" onClick={() => router.push('/audit')}>Clear</button>
      </div>
    </form>
  );
}
