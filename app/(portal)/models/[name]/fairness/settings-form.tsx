'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FormCard } from '@/app/_components/form-card';
import { useTRPC } from '@/app/trpc-provider';
import { bucketLabels } from './fairness-format';
import type { AttributeRule, FairnessSettings, SettingsView } from './fairness-types';
import { draftOf, settingsOf, type DraftRule } from './settings-draft';

function RuleRow({ rule, onChange }: { rule: DraftRule; onChange: (rule: DraftRule) => void }) {
  const id = `fairness-rule-${rule.name}`;
  const set = (patch: Partial<DraftRule>) => onChange({ ...rule, ...patch });
  const edges = rule.edges.split(/[\s,;]+/).filter(Boolean).map(Number);
  const hint = rule.kind === 'numeric' && edges.length && edges.every(Number.isFinite) ? `Groups: ${bucketLabels(edges).join(', ')}` : null;
  return (
    <fieldset className="grid gap-3 rounded-tremor-default border border-tremor-border p-3 sm:grid-cols-[10rem_10rem_1fr_1fr]">
      <legend className="px-1 font-mono text-tremor-default text-tremor-content-strong">{rule.name}</legend>
      <label className="flex items-center gap-2 self-end pb-2 text-tremor-default text-tremor-content-emphasis">
        <input type="checkbox" checked={rule.included} onChange={(e) => set({ included: e.target.checked })} />
        Group by it
      </label>
      <div className="space-y-1.5">
        <label htmlFor={`${id}-kind`} className="label">Kind</label>
        <select id={`${id}-kind`} className="field-input" value={rule.kind} disabled={!rule.included} onChange={(e) => set({ kind: e.target.value as AttributeRule['kind'] })}>
          <option value="categorical">categorical</option>
          <option value="numeric">numeric (bucketed)</option>
        </select>
      </div>
      <div className="space-y-1.5">
        <label htmlFor={`${id}-edges`} className="label">Bucket edges {rule.kind === 'numeric' ? '(increasing, comma-separated)' : '(numeric only)'}</label>
        <input id={`${id}-edges`} className="field-input" value={rule.edges} disabled={!rule.included || rule.kind !== 'numeric'} placeholder="25, 40, 60" onChange={(e) => set({ edges: e.target.value })} />
        {hint ? <p className="text-tremor-label text-tremor-content">{hint}</p> : null}
      </div>
      <div className="space-y-1.5">
        <label htmlFor={`${id}-privileged`} className="label">Privileged value (optional)</label>
        <input id={`${id}-privileged`} className="field-input" value={rule.privileged} disabled={!rule.included} placeholder={rule.kind === 'numeric' ? 'a group label, e.g. 25–40' : 'e.g. male'} onChange={(e) => set({ privileged: e.target.value })} />
      </div>
    </fieldset>
  );
}

/** Edits the group rules; the server checks them again and its message is shown in the form. */
export function SettingsForm({ name, view, onDone }: { name: string; view: SettingsView; onDone: (saved: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(() => draftOf(view));
  const [picking, setPicking] = useState<string[]>([]);
  const [localError, setLocalError] = useState<string | null>(null);
  const save = useMutation(
    trpc.fairness.updateSettings.mutationOptions({
      onSuccess: (settings: FairnessSettings) => {
        queryClient.setQueryData(trpc.fairness.settings.queryKey({ model: name }), { ...view, settings, stored: true });
        onDone(true);
      },
    }),
  );
  const included = draft.rules.filter((r) => r.included).map((r) => r.name);

  function submit() {
    const result = settingsOf(draft, view.settings.bootstrapSeed);
    setLocalError(result.error);
    if (result.settings) save.mutate({ model: name, settings: result.settings });
  }
  function addIntersection() {
    const combo = draft.rules.map((r) => r.name).filter((n) => picking.includes(n));
    if (!draft.intersections.some((c) => c.join('\u0000') === combo.join('\u0000'))) setDraft({ ...draft, intersections: [...draft.intersections, combo] });
    setPicking([]);
  }

  return (
    <FormCard title="Edit group rules" error={localError ? new Error(localError) : save.error} pending={save.isPending} submitLabel="Save rules" onSubmit={submit} onCancel={() => onDone(false)}>
      <div className="space-y-3">
        {draft.rules.map((rule, i) => (
          <RuleRow key={rule.name} rule={rule} onChange={(next) => setDraft({ ...draft, rules: draft.rules.map((r, j) => (j === i ? next : r)) })} />
        ))}
      </div>
      <fieldset className="space-y-2">
        <legend className="label">Intersections</legend>
        <ul className="flex flex-wrap gap-2">
          {draft.intersections.length === 0 ? <li className="text-tremor-default text-tremor-content-emphasis">none</li> : null}
          {draft.intersections.map((combo, i) => (
            <li key={combo.join('×')} className="flex items-center gap-2 rounded-tremor-default border border-tremor-border px-2 py-1 text-tremor-default">
              <span className="font-mono">{combo.join(' × ')}</span>
              <button type="button" className="text-tremor-label font-medium text-red-700 hover:underline" aria-label={`Remove intersection ${combo.join(' × ')}`} onClick={() => setDraft({ ...draft, intersections: draft.intersections.filter((_, j) => j !== i) })}>
                Remove
              </button>
            </li>
          ))}
        </ul>
        {included.length >= 2 ? (
          <div className="flex flex-wrap items-center gap-3 text-tremor-default text-tremor-content-emphasis">
            <span>Add one of:</span>
            {included.map((n) => (
              <label key={n} className="flex items-center gap-1.5">
                <input type="checkbox" checked={picking.includes(n)} onChange={(e) => setPicking(e.target.checked ? [...picking, n] : picking.filter((p) => p !== n))} />
                <span className="font-mono">{n}</span>
              </label>
            ))}
            <button type="button" className="btn-secondary" disabled={picking.length < 2 || picking.length > 4} onClick={addIntersection}>Add intersection</button>
          </div>
        ) : (
          <p className="text-tremor-label text-tremor-content">Group by two attributes or more to add an intersection.</p>
        )}
      </fieldset>
      <div className="space-y-1.5">
        <label htmlFor="fairness-favourable" className="label">Favourable outcome</label>
        <select id="fairness-favourable" className="field-input sm:max-w-xs" value={draft.favourableClass} onChange={(e) => setDraft({ ...draft, favourableClass: e.target.value })}>
          <option value="">{view.positiveClass} (the positive class)</option>
          {view.classes.filter((c) => c !== view.positiveClass).map((c) => <option key={c} value={c}>{c}</option>)}
        </select>
        <p className="text-tremor-label text-tremor-content">
          The class reports treat as positive (AIF360&apos;s favorable label, Fairlearn&apos;s pos_label): selection rate is the share given this outcome. For a credit
          model predicting defaults, choose the approving outcome.
        </p>
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        {(
          [
            ['minGroupSize', 'Minimum group size (rows)', 1, 1_000_000, 'Smaller groups are shown but not judged.'],
            ['bootstrapReplicates', 'Bootstrap replicates', 100, 10_000, 'More replicates: steadier intervals, slower reports.'],
            ['scheduleWindowDays', 'Scheduled report window (days)', 0, 90, '0 turns the scheduled reports off.'],
          ] as const
        ).map(([key, label, min, max, hint]) => (
          <div key={key} className="space-y-1.5">
            <label htmlFor={`fairness-${key}`} className="label">{label}</label>
            <input id={`fairness-${key}`} type="number" min={min} max={max} step={1} required className="field-input" value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
            <p className="text-tremor-label text-tremor-content">{hint}</p>
          </div>
        ))}
      </div>
      <p className="text-tremor-label text-tremor-content">Saving is recorded in the audit log. Reports already computed keep the rules they ran with.</p>
    </FormCard>
  );
}
