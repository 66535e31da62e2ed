'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useState } from 'react';
import { Badge } from '@/app/_components/badges';
import { ConfirmButton } from '@/app/_components/confirm-button';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { errorText } from '@/app/_components/error-text';
import { RevealForm } from '@/app/_components/form-card';
import { LocalTime } from '@/app/_components/local-time';
import { Notice } from '@/app/_components/notice';
import { useTRPC } from '@/app/trpc-provider';
import type { AppRouter } from '@/server/app-router';
import { KpiDefinitionForm } from './kpi-definition-form';
import { kpiValueText } from './kpi-value';

export type KpiDefinitionRow = inferRouterOutputs<AppRouter>['kpis']['list'][number];

const AGGREGATION_LABELS = { sum: 'sum', mean: 'mean', rate: 'rate (Σ num / Σ den)' } as const;

function bounds(d: KpiDefinitionRow): string {
  if (d.alertLow === null && d.alertHigh === null) return 'none';
  return [d.alertLow === null ? null : `below ${kpiValueText(d, d.alertLow)}`, d.alertHigh === null ? null : `above ${kpiValueText(d, d.alertHigh)}`].filter(Boolean).join(' or ');
}

/** Every KPI definition; maintainers define, edit and delete them here, everyone else reads. */
export function KpiDefinitionsPanel({ initial, models, canWrite }: { initial: KpiDefinitionRow[]; models: string[]; canWrite: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const listQuery = trpc.kpis.list.queryOptions({});
  const list = useQuery({ ...listQuery, initialData: initial });
  const [editing, setEditing] = useState<KpiDefinitionRow | 'new' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: listQuery.queryKey });
  const remove = useMutation(trpc.kpis.delete.mutationOptions({ onSuccess: (r, input) => { setSaved(`KPI ${input.name} deleted with its ${r.points.toLocaleString('en-US')} points.`); void refresh(); } }));
  const form = (initialRow: KpiDefinitionRow | null) => (
    <KpiDefinitionForm
      key={initialRow?.name ?? 'new'}
      initial={initialRow}
      models={models}
      onCancel={() => setEditing(null)}
      onSaved={(name) => {
        setEditing(null);
        setSaved(`KPI ${name} saved. The change is in the audit log.`);
        void refresh();
      }}
    />
  );

  return (
    <div className="space-y-4">
      {saved && <Notice tone="success">{saved}</Notice>}
      {remove.error && <Notice tone="error">{errorText(remove.error)}</Notice>}
      {canWrite && (
        <RevealForm open={editing === 'new'} label="Define KPI" onOpen={() => { setSaved(null); setEditing('new'); }}>
          {form(null)}
        </RevealForm>
      )}
      {editing !== null && editing !== 'new' && form(editing)}
      {list.data.length === 0 ? (
        <EmptyState title="No KPIs defined yet">{canWrite ? 'Define a KPI, then post its points with POST /api/v1/kpis or vigil kpis push.' : 'Maintainers define the business KPIs that other systems post.'}</EmptyState>
      ) : (
        <DataTable label="KPI definitions" columns={['KPI', 'Aggregation', 'Good', 'Target', 'Alert when', 'Model', 'Latest point', 'Updated', ...(canWrite ? [''] : [])]} alignLastRight={canWrite}>
          {list.data.map((d) => (
            <tr key={d.id}>
              <td>
                <p className="font-mono font-medium text-tremor-content-strong">{d.name}</p>
                {d.description && <p className="text-tremor-label text-tremor-content">{d.description}</p>}
              </td>
              <td>{AGGREGATION_LABELS[d.aggregation]}{d.unit && <span className="text-tremor-content"> · {d.unit}</span>}</td>
              <td><Badge tone="off">{d.direction === 'up' ? '↑ up' : '↓ down'}</Badge></td>
              <td className="font-mono tabular-nums">{kpiValueText(d, d.target)}</td>
              <td className="text-tremor-label">{bounds(d)}</td>
              <td>{d.model ?? <span className="text-tremor-content">any</span>}</td>
              <td className="whitespace-nowrap"><LocalTime value={d.lastPointAt} fallback="no points yet" /></td>
              <td className="whitespace-nowrap text-tremor-label">{d.updatedBy}<br /><LocalTime value={d.updatedAt} /></td>
              {canWrite && (
                <td className="whitespace-nowrap text-right">
                  <span className="inline-flex gap-2">
                    <button type="button" className="btn-secondary" aria-label={`Edit ${d.name}`} onClick={() => { setSaved(null); setEditing(d); }}>Edit</button>
                    <ConfirmButton label={`Delete ${d.name}`} question={`Delete KPI ${d.name} and all its points? This cannot be undone.`} disabled={remove.isPending} onConfirm={() => remove.mutate({ name: d.name })}>
                      Delete
                    </ConfirmButton>
                  </span>
                </td>
              )}
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
