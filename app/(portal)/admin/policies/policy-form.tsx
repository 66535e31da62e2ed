'use client';

import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { FormCard } from '@/app/_components/form-card';
import { useTRPC } from '@/app/trpc-provider';
import type { GateCatalogEntry, GateConfig, GateConfigInput } from '@/server/approvals/gates/gate-config';
import type { GateName } from '@/server/approvals/gates/gate-types';
import type { PolicyRules } from '@/server/approvals/promotion-policy';

export interface AlertKindOption {
  kind: string;
  label: string;
}

interface Draft {
  minApprovals: string;
  fastRollback: boolean;
  expiresAfterHours: string;
  required: Record<GateName, boolean>;
  thresholds: { key: number; metric: string; min: string; max: string }[];
  minEvents: string;
  minAgreementPercent: string;
  alpha: string;
  requireLabels: boolean;
  requireForFirstDeployment: boolean;
  driftKinds: string[];
}

const SHADOW_DEFAULTS: NonNullable<GateConfig['shadow_run']> = { required: false, minEvents: 500, alpha: 0.05, requireLabels: false, requireForFirstDeployment: false };

function toDraft(policy: PolicyRules): Draft {
  const g: GateConfig = policy.gates;
  const shadow = g.shadow_run ?? SHADOW_DEFAULTS;
  return {
    minApprovals: String(policy.minApprovals),
    fastRollback: policy.fastRollback,
    expiresAfterHours: String(policy.expiresAfterHours),
    required: {
      onnx_validation: g.onnx_validation?.required ?? false,
      training_metrics: g.training_metrics?.required ?? false,
      shadow_run: g.shadow_run?.required ?? false,
      no_critical_drift_alert: g.no_critical_drift_alert?.required ?? false,
      fairness: g.fairness?.required ?? false,
    },
    thresholds: Object.entries(g.training_metrics?.thresholds ?? {}).map(([metric, t], i) => ({ key: i, metric, min: t.min === undefined ? '' : String(t.min), max: t.max === undefined ? '' : String(t.max) })),
    minEvents: String(shadow.minEvents),
    minAgreementPercent: shadow.minAgreement === undefined ? '' : String(Number((shadow.minAgreement * 100).toFixed(2))),
    alpha: String(shadow.alpha),
    requireLabels: shadow.requireLabels,
    requireForFirstDeployment: shadow.requireForFirstDeployment,
    driftKinds: g.no_critical_drift_alert?.kinds ?? ['drift_share', 'feature_drift'],
  };
}

const num = (text: string) => (text.trim() === '' ? undefined : Number(text));

function toGates(d: Draft): GateConfigInput {
  return {
    onnx_validation: { required: d.required.onnx_validation },
    training_metrics: {
      required: d.required.training_metrics,
      thresholds: Object.fromEntries(d.thresholds.filter((t) => t.metric.trim()).map((t) => [t.metric.trim(), { min: num(t.min), max: num(t.max) }])),
    },
    shadow_run: { required: d.required.shadow_run, minEvents: Number(d.minEvents), minAgreement: d.minAgreementPercent.trim() === '' ? undefined : Number(d.minAgreementPercent) / 100, alpha: Number(d.alpha), requireLabels: d.requireLabels, requireForFirstDeployment: d.requireForFirstDeployment },
    no_critical_drift_alert: { required: d.required.no_critical_drift_alert, kinds: d.driftKinds as NonNullable<GateConfigInput['no_critical_drift_alert']>['kinds'] },
    fairness: { required: d.required.fairness },
  } as GateConfigInput;
}

function NumberField({ id, label, value, onChange, hint, optional, ...rest }: { id: string; label: string; value: string; onChange: (v: string) => void; hint?: string; optional?: boolean; min?: number; max?: number; step?: number | 'any' }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="label">{label}</label>
      <input id={id} type="number" inputMode="decimal" required={!optional} value={value} onChange={(e) => onChange(e.target.value)} className="field-input" aria-describedby={hint ? `${id}-hint` : undefined} {...rest} />
      {hint && <p id={`${id}-hint`} className="text-tremor-label text-tremor-content">{hint}</p>}
    </div>
  );
}

/** Edits one policy (an environment's, or a per-model override); saved whole, audited with before and after. */
export function PolicyForm(props: {
  title: string;
  environment: string;
  model: string | null;
  initial: PolicyRules;
  catalog: GateCatalogEntry[];
  alertKinds: AlertKindOption[];
  onSaved: () => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const ids = useId();
  const [d, setD] = useState<Draft>(() => toDraft(props.initial));
  const [nextKey, setNextKey] = useState(1000);
  const save = useMutation(trpc.policies.save.mutationOptions({ onSuccess: props.onSaved }));
  const set = (patch: Partial<Draft>) => setD((prev) => ({ ...prev, ...patch }));
  const setThreshold = (key: number, patch: Partial<Draft['thresholds'][number]>) => set({ thresholds: d.thresholds.map((t) => (t.key === key ? { ...t, ...patch } : t)) });

  function submit() {
    save.mutate({
      environment: props.environment,
      model: props.model,
      minApprovals: Number(d.minApprovals),
      fastRollback: d.fastRollback,
      expiresAfterHours: Number(d.expiresAfterHours),
      gates: toGates(d),
    });
  }

  return (
    <FormCard title={props.title} error={save.error} pending={save.isPending} submitLabel="Save policy" onSubmit={submit} onCancel={props.onCancel}>
      <div className="grid gap-4 sm:grid-cols-3">
        <NumberField id={`${ids}-min`} label="Minimum approvals" value={d.minApprovals} onChange={(v) => set({ minApprovals: v })} min={1} max={10} step={1} hint="From distinct reviewers." />
        <NumberField id={`${ids}-expiry`} label="Requests expire after (hours)" value={d.expiresAfterHours} onChange={(v) => set({ expiresAfterHours: v })} min={1} max={2160} step={1} hint="168 h is a week." />
        <div className="space-y-1.5">
          <span className="label">Rollbacks</span>
          <label htmlFor={`${ids}-fast`} className="flex cursor-pointer items-start gap-2 rounded-tremor-small border border-tremor-border px-3 py-2 hover:bg-tremor-background-muted">
            <input id={`${ids}-fast`} type="checkbox" className="mt-0.5 accent-indigo-600" checked={d.fastRollback} onChange={(e) => set({ fastRollback: e.target.checked })} />
            <span className="text-tremor-default text-tremor-content-emphasis">Fast rollback: one approval to return to a version that served before</span>
          </label>
        </div>
      </div>
      <fieldset className="space-y-3">
        <legend className="label mb-1.5">Gates</legend>
        {props.catalog.map((entry) => (
          <div key={entry.gate} className="rounded-tremor-small border border-tremor-border p-3">
            <label htmlFor={`${ids}-req-${entry.gate}`} className="flex cursor-pointer items-start gap-2">
              <input id={`${ids}-req-${entry.gate}`} type="checkbox" className="mt-0.5 accent-indigo-600" checked={d.required[entry.gate]} onChange={(e) => set({ required: { ...d.required, [entry.gate]: e.target.checked } })} />
              <span>
                <span className="block text-tremor-default font-medium text-tremor-content-strong">{entry.label} required</span>
                <span className="block text-tremor-label text-tremor-content">{entry.description}</span>
              </span>
            </label>
            {entry.gate === 'training_metrics' && (
              <div className="mt-3 space-y-2 pl-6">
                {d.thresholds.length === 0 && <p className="text-tremor-label text-tremor-content">No thresholds: the gate passes on any metrics.</p>}
                {d.thresholds.map((t, i) => (
                  <div key={t.key} className="grid grid-cols-[1fr_7rem_7rem_auto] items-end gap-2">
                    <div className="space-y-1">
                      <label htmlFor={`${ids}-metric-${t.key}`} className="label">Metric {i + 1}</label>
                      <input id={`${ids}-metric-${t.key}`} value={t.metric} required onChange={(e) => setThreshold(t.key, { metric: e.target.value })} className="field-input font-mono" placeholder="auc" />
                    </div>
                    <div className="space-y-1">
                      <label htmlFor={`${ids}-tmin-${t.key}`} className="label">At least</label>
                      <input id={`${ids}-tmin-${t.key}`} type="number" step="any" value={t.min} onChange={(e) => setThreshold(t.key, { min: e.target.value })} className="field-input font-mono" />
                    </div>
                    <div className="space-y-1">
                      <label htmlFor={`${ids}-tmax-${t.key}`} className="label">At most</label>
                      <input id={`${ids}-tmax-${t.key}`} type="number" step="any" value={t.max} onChange={(e) => setThreshold(t.key, { max: e.target.value })} className="field-input font-mono" />
                    </div>
                    <button type="button" className="btn-secondary" onClick={() => set({ thresholds: d.thresholds.filter((x) => x.key !== t.key) })} aria-label={`Remove threshold ${t.metric || i + 1}`}>Remove</button>
                  </div>
                ))}
                <button type="button" className="btn-secondary py-1.5" onClick={() => { set({ thresholds: [...d.thresholds, { key: nextKey, metric: '', min: '', max: '' }] }); setNextKey(nextKey + 1); }}>
                  Add threshold
                </button>
              </div>
            )}
            {entry.gate === 'shadow_run' && (
              <div className="mt-3 grid gap-3 pl-6 sm:grid-cols-4">
                <NumberField id={`${ids}-events`} label="Min. events" value={d.minEvents} onChange={(v) => set({ minEvents: v })} min={0} step={1} />
                <NumberField id={`${ids}-agreement`} label="Min. agreement (%)" value={d.minAgreementPercent} onChange={(v) => set({ minAgreementPercent: v })} min={0} max={100} step="any" optional hint="Empty: per task type, 90 % binary, 80 % multiclass; regression has no agreement to judge." />
                <NumberField id={`${ids}-alpha`} label="Significance α" value={d.alpha} onChange={(v) => set({ alpha: v })} min={0.0001} max={0.5} step="any" />
                <label htmlFor={`${ids}-labels`} className="flex cursor-pointer items-center gap-2 self-end pb-2 text-tremor-default text-tremor-content-emphasis">
                  <input id={`${ids}-labels`} type="checkbox" className="accent-indigo-600" checked={d.requireLabels} onChange={(e) => set({ requireLabels: e.target.checked })} />
                  Labels required
                </label>
                <label htmlFor={`${ids}-first`} className="flex cursor-pointer items-start gap-2 text-tremor-default text-tremor-content-emphasis sm:col-span-4">
                  <input id={`${ids}-first`} type="checkbox" className="mt-1 accent-indigo-600" checked={d.requireForFirstDeployment} onChange={(e) => set({ requireForFirstDeployment: e.target.checked })} />
                  <span>
                    Required for a first deployment
                    <span className="block text-tremor-label text-tremor-content">When nothing serves the environment yet, the version still needs a completed shadow run over the model&apos;s logged traffic (e.g. served in staging) that meets these thresholds. Otherwise the gate is not applicable there.</span>
                  </span>
                </label>
              </div>
            )}
            {entry.gate === 'no_critical_drift_alert' && (
              <fieldset className="mt-3 pl-6">
                <legend className="label mb-1">Alert kinds that block</legend>
                <div className="flex flex-wrap gap-x-4 gap-y-1">
                  {props.alertKinds.map((k) => (
                    <label key={k.kind} htmlFor={`${ids}-kind-${k.kind}`} className="flex cursor-pointer items-center gap-1.5 text-tremor-default text-tremor-content-emphasis">
                      <input
                        id={`${ids}-kind-${k.kind}`}
                        type="checkbox"
                        className="accent-indigo-600"
                        checked={d.driftKinds.includes(k.kind)}
                        onChange={(e) => set({ driftKinds: e.target.checked ? [...d.driftKinds, k.kind] : d.driftKinds.filter((x) => x !== k.kind) })}
                      />
                      {k.label}
                    </label>
                  ))}
                </div>
              </fieldset>
            )}
          </div>
        ))}
      </fieldset>
      <p className="text-tremor-label text-tremor-content">Saving replaces the whole policy and is recorded in the audit log with before and after. Pending requests keep the policy they snapshotted.</p>
    </FormCard>
  );
}
