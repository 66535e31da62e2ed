'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { FormCard } from '@/app/_components/form-card';
import { useTRPC } from '@/app/trpc-provider';
import type { AlertKindInfo } from '@/server/alerts/alert-kinds';

/** Shares are entered as percentages, latencies in milliseconds; feature drift needs a feature, not a threshold. */
export function AddRuleForm({ modelName, features, kpis, kinds, onCancel, onCreated }: { modelName: string; features: string[]; kpis: string[]; kinds: AlertKindInfo[]; onCancel: () => void; onCreated: () => void }) {
  const trpc = useTRPC();
  const create = useMutation(trpc.alerts.createRule.mutationOptions({ onSuccess: onCreated }));
  const [kindName, setKindName] = useState(kinds[0]!.kind);
  const kind = kinds.find((k) => k.kind === kindName) ?? kinds[0]!;
  const asPercent = kind.unit === 'share';
  const shown = asPercent ? kind.defaultThreshold * 100 : kind.defaultThreshold;

  return (
    <FormCard
      title="New alert rule"
      error={create.error}
      pending={create.isPending}
      submitLabel="Add rule"
      onCancel={onCancel}
      onSubmit={(form) => {
        const entered = Number(form.get('threshold'));
        create.mutate({
          modelName,
          kind: kind.kind,
          feature: kind.needsFeature ? String(form.get('feature') ?? '') : null,
          threshold: kind.unit === 'none' ? undefined : asPercent ? entered / 100 : entered,
          severity: form.get('severity') === 'critical' ? 'critical' : 'warning',
        });
      }}
    >
      <div className="grid gap-4 sm:grid-cols-4">
        <div className="space-y-1.5 sm:col-span-2">
          <label htmlFor="rule-kind" className="label">Watch</label>
          <select id="rule-kind" name="kind" className="field-input" value={kindName} onChange={(e) => setKindName(e.target.value as AlertKindInfo['kind'])}>
            {kinds.map((k) => (
              <option key={k.kind} value={k.kind}>{k.label}</option>
            ))}
          </select>
        </div>
        {kind.needsFeature ? (
          <div className="space-y-1.5">
            <label htmlFor="rule-feature" className="label">{kind.onKpi ? 'KPI' : 'Feature'}</label>
            <select key={kind.kind} id="rule-feature" name="feature" className="field-input" required>
              {(kind.onKpi ? kpis : features).map((f) => (
                <option key={f} value={f}>{f}</option>
              ))}
            </select>
          </div>
        ) : (
          <div className="space-y-1.5">
            <label htmlFor="rule-threshold" className="label">Threshold {asPercent ? '(%)' : '(ms)'}</label>
            <input
              key={kind.kind}
              id="rule-threshold"
              name="threshold"
              type="number"
              className="field-input"
              required
              step="any"
              min={asPercent ? kind.minThreshold * 100 : kind.minThreshold}
              max={kind.maxThreshold === null ? undefined : asPercent ? kind.maxThreshold * 100 : kind.maxThreshold}
              defaultValue={shown}
            />
          </div>
        )}
        <div className="space-y-1.5">
          <label htmlFor="rule-severity" className="label">Severity</label>
          <select id="rule-severity" name="severity" className="field-input" defaultValue="warning">
            <option value="warning">warning</option>
            <option value="critical">critical</option>
          </select>
        </div>
      </div>
      <p className="text-tremor-label text-tremor-content">Fires when {kind.condition.replace('{threshold}', 'the threshold').replace('{feature}', kind.onKpi ? 'the chosen KPI' : 'the chosen feature')}.</p>
    </FormCard>
  );
}
