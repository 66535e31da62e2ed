'use client';

import { useMutation } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { FormCard } from '@/app/_components/form-card';
import { useTRPC } from '@/app/trpc-provider';
import type { KpiDefinitionRow } from './kpi-definitions-panel';

type Field = 'name' | 'description' | 'unit' | 'aggregation' | 'direction' | 'target' | 'alertLow' | 'alertHigh' | 'model';
type Errors = Partial<Record<Field, string>>;

interface Draft {
  name: string;
  description: string;
  unit: string;
  aggregation: 'sum' | 'mean' | 'rate';
  direction: 'up' | 'down';
  target: string;
  alertLow: string;
  alertHigh: string;
  model: string;
}

const NAME = /^[a-z0-9]+(?:[_.-][a-z0-9]+)*$/;
const AGGREGATIONS = [
  { value: 'sum', label: 'Sum (revenue, orders)' },
  { value: 'mean', label: 'Mean (basket size, handling time)' },
  { value: 'rate', label: 'Rate: Σ numerator / Σ denominator (approval rate)' },
] as const;

function toDraft(d: KpiDefinitionRow | null): Draft {
  const text = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  return { name: d?.name ?? '', description: d?.description ?? '', unit: d?.unit ?? '', aggregation: d?.aggregation ?? 'sum', direction: d?.direction ?? 'up', target: text(d?.target), alertLow: text(d?.alertLow), alertHigh: text(d?.alertHigh), model: d?.model ?? '' };
}

const number = (text: string) => (text.trim() === '' ? null : Number(text));

/** What the server would refuse, checked as the user types so each field shows its own problem. */
function check(d: Draft, creating: boolean): Errors {
  const errors: Errors = {};
  if (creating && !(d.name.length >= 2 && d.name.length <= 64 && NAME.test(d.name))) errors.name = 'Lower-case letters and digits joined by single _ . or - (like approval_rate), 2–64 characters.';
  for (const field of ['target', 'alertLow', 'alertHigh'] as const) {
    const value = number(d[field]);
    if (value !== null && !Number.isFinite(value)) errors[field] = 'A number, or empty.';
  }
  const low = number(d.alertLow);
  const high = number(d.alertHigh);
  if (low !== null && high !== null && Number.isFinite(low) && Number.isFinite(high) && low >= high) errors.alertLow = 'The low bound must lie below the high one.';
  if (d.unit.length > 32) errors.unit = 'At most 32 characters.';
  return errors;
}

/** The server's validation message ("field: problem; …") split per field; anything else stays general. */
function serverErrors(error: unknown): { fields: Errors; general: unknown } {
  const message = error instanceof Error ? error.message : '';
  const parts = message.split('; ').map((p) => p.match(/^(\w+): (.*)$/));
  if (!message || parts.some((p) => !p)) return { fields: {}, general: error };
  return { fields: Object.fromEntries(parts.map((p) => [p![1], p![2]])) as Errors, general: null };
}

function Labelled({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="label">{label}</label>
      {children}
      {error ? <p id={`${id}-error`} className="text-tremor-label text-red-700">{error}</p> : hint ? <p className="text-tremor-label text-tremor-content">{hint}</p> : null}
    </div>
  );
}

/** Defines a KPI or edits one; the name is fixed once chosen, as clients post points by it. */
export function KpiDefinitionForm({ initial, models, onCancel, onSaved }: { initial: KpiDefinitionRow | null; models: string[]; onCancel: () => void; onSaved: (name: string) => void }) {
  const trpc = useTRPC();
  const ids = useId();
  const creating = initial === null;
  const [d, setD] = useState<Draft>(() => toDraft(initial));
  const [touched, setTouched] = useState(false);
  const create = useMutation(trpc.kpis.create.mutationOptions({ onSuccess: (saved) => onSaved(saved.name) }));
  const update = useMutation(trpc.kpis.update.mutationOptions({ onSuccess: (saved) => onSaved(saved.name) }));
  const save = creating ? create : update;
  const local = touched ? check(d, creating) : {};
  const server = serverErrors(save.error);
  const errors: Errors = { ...server.fields, ...local };
  const set = (patch: Partial<Draft>) => setD((prev) => ({ ...prev, ...patch }));
  const field = (name: Field) => ({ id: `${ids}-${name}`, 'aria-invalid': errors[name] ? true : undefined, 'aria-describedby': errors[name] ? `${ids}-${name}-error` : undefined });

  function submit() {
    setTouched(true);
    if (Object.keys(check(d, creating)).length > 0) return;
    const fields = { description: d.description.trim(), unit: d.unit.trim(), aggregation: d.aggregation, direction: d.direction, target: number(d.target), alertLow: number(d.alertLow), alertHigh: number(d.alertHigh), model: d.model || null };
    if (creating) create.mutate({ name: d.name, ...fields });
    else update.mutate({ name: d.name, ...fields });
  }

  return (
    <FormCard title={creating ? 'Define a KPI' : `Edit ${initial.name}`} error={server.general} pending={save.isPending} submitLabel={creating ? 'Define KPI' : 'Save changes'} onSubmit={submit} onCancel={onCancel}>
      <div className="grid gap-4 sm:grid-cols-3">
        <Labelled id={`${ids}-name`} label="Name" error={errors.name} hint={creating ? 'Clients post points under this name; it cannot change later.' : 'Fixed: clients post points under it.'}>
          <input {...field('name')} className="field-input font-mono" value={d.name} readOnly={!creating} required onChange={(e) => set({ name: e.target.value })} placeholder="approval_rate" />
        </Labelled>
        <Labelled id={`${ids}-unit`} label="Unit" error={errors.unit} hint='Shown beside values: "EUR", "%", "orders".'>
          <input {...field('unit')} className="field-input" value={d.unit} onChange={(e) => set({ unit: e.target.value })} />
        </Labelled>
        <Labelled id={`${ids}-model`} label="Model" error={errors.model} hint="A KPI of one model gets all its points attributed to it.">
          <select {...field('model')} className="field-input" value={d.model} onChange={(e) => set({ model: e.target.value })}>
            <option value="">Any model (posted per model or without one)</option>
            {models.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </Labelled>
        <Labelled id={`${ids}-aggregation`} label="Aggregation" error={errors.aggregation} hint={creating ? undefined : 'Cannot change once the KPI has points.'}>
          <select {...field('aggregation')} className="field-input" value={d.aggregation} onChange={(e) => set({ aggregation: e.target.value as Draft['aggregation'] })}>
            {AGGREGATIONS.map((a) => <option key={a.value} value={a.value}>{a.label}</option>)}
          </select>
        </Labelled>
        <Labelled id={`${ids}-direction`} label="Good direction" error={errors.direction}>
          <select {...field('direction')} className="field-input" value={d.direction} onChange={(e) => set({ direction: e.target.value as Draft['direction'] })}>
            <option value="up">Up is good (revenue, approvals)</option>
            <option value="down">Down is good (losses, complaints)</option>
          </select>
        </Labelled>
        <Labelled id={`${ids}-target`} label="Target" error={errors.target} hint={d.aggregation === 'rate' ? 'Optional; a share for a rate: 0.65 means 65 %.' : 'Optional; shown as the goal line.'}>
          <input {...field('target')} type="text" inputMode="decimal" className="field-input font-mono" value={d.target} onChange={(e) => set({ target: e.target.value })} />
        </Labelled>
        <Labelled id={`${ids}-alertLow`} label="Alert below" error={errors.alertLow} hint="Optional; a Business KPI alert rule fires when the 24-hour aggregate falls below.">
          <input {...field('alertLow')} type="text" inputMode="decimal" className="field-input font-mono" value={d.alertLow} onChange={(e) => set({ alertLow: e.target.value })} />
        </Labelled>
        <Labelled id={`${ids}-alertHigh`} label="Alert above" error={errors.alertHigh} hint="Optional; …or rises above.">
          <input {...field('alertHigh')} type="text" inputMode="decimal" className="field-input font-mono" value={d.alertHigh} onChange={(e) => set({ alertHigh: e.target.value })} />
        </Labelled>
        <Labelled id={`${ids}-description`} label="Description" error={errors.description}>
          <input {...field('description')} className="field-input" value={d.description} onChange={(e) => set({ description: e.target.value })} placeholder="Share of applications approved" />
        </Labelled>
      </div>
      <p className="text-tremor-label text-tremor-content">Saving is recorded in the audit log. Rates are computed as Σ numerator / Σ denominator over a period; a point with a bare value counts as numerator over 1 (one decision).</p>
    </FormCard>
  );
}
