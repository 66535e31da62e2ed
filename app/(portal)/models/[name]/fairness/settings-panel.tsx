'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Badge } from '@/app/_components/badges';
import { DataTable } from '@/app/_components/data-table';
import { Notice } from '@/app/_components/notice';
import { Section } from '@/app/_components/section';
import { useTRPC } from '@/app/trpc-provider';
import { bucketLabels, count } from './fairness-format';
import type { SettingsView } from './fairness-types';
import { SettingsForm } from './settings-form';

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-tremor-label text-tremor-content">{label}</dt>
      <dd className="font-medium tabular-nums text-tremor-content-strong">{value}</dd>
    </div>
  );
}

/** How reports group rows: readable by everyone, editable with monitoring:write. */
export function SettingsPanel({ name, initial, canEdit }: { name: string; initial: SettingsView; canEdit: boolean }) {
  const trpc = useTRPC();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const { data } = useQuery({ ...trpc.fairness.settings.queryOptions({ model: name }), initialData: initial });
  const { settings, protectedAttributes, stored } = data;
  const unused = protectedAttributes.filter((a) => !settings.attributes.some((r) => r.name === a));
  const edit = canEdit && !editing ? (
    <button type="button" className="btn-secondary" onClick={() => { setEditing(true); setSaved(false); }}>Edit group rules</button>
  ) : null;
  return (
    <Section title="Group rules" actions={edit}>
      {editing ? (
        <SettingsForm name={name} view={data} onDone={(didSave) => { setEditing(false); setSaved(didSave); }} />
      ) : (
        <div className="space-y-4">
          {saved ? <Notice tone="success">Saved. New reports use these rules; existing reports keep the rules they ran with.</Notice> : null}
          <p className="text-tremor-default text-tremor-content-emphasis">
            {stored ? 'Stored rules.' : 'Defaults (nothing stored yet): every protected attribute of the model card grouped as categories, no privileged value.'} Each
            report keeps a copy of the rules it ran with.
          </p>
          {settings.attributes.length ? (
            <DataTable label="Protected attribute rules" columns={['Attribute', 'Kind', 'Groups', 'Privileged value']}>
              {settings.attributes.map((rule) => (
                <tr key={rule.name}>
                  <td className="font-mono">{rule.name}</td>
                  <td>{rule.kind}</td>
                  <td className="text-tremor-label">{rule.kind === 'numeric' ? bucketLabels(rule.edges).join(', ') : 'one per value seen'}</td>
                  <td>{rule.privileged ? <span className="font-mono">{rule.privileged}</span> : <span className="text-tremor-content">none (no AIF360 comparison)</span>}</td>
                </tr>
              ))}
            </DataTable>
          ) : (
            <Notice tone="warning">No attribute is grouped: reports are refused until a rule exists.</Notice>
          )}
          {unused.length ? <p className="text-tremor-label text-tremor-content">Declared on the model card but not grouped: {unused.join(', ')}.</p> : null}
          <dl className="grid gap-4 rounded-tremor-default border border-tremor-border bg-white p-4 text-tremor-default shadow-tremor-card sm:grid-cols-2 lg:grid-cols-5">
            <div>
              <dt className="text-tremor-label text-tremor-content">Intersections</dt>
              <dd className="mt-0.5 flex flex-wrap gap-1">
                {settings.intersections.length ? settings.intersections.map((combo) => <Badge key={combo.join('×')} tone="brand">{combo.join(' × ')}</Badge>) : <span className="text-tremor-content-emphasis">none</span>}
              </dd>
            </div>
            <Fact label="Favourable outcome" value={settings.favourableClass ?? `${data.positiveClass} (positive class)`} />
            <Fact label="Minimum group size" value={`${count(settings.minGroupSize)} rows`} />
            <Fact label="Bootstrap replicates" value={count(settings.bootstrapReplicates)} />
            <Fact label="Scheduled report window" value={settings.scheduleWindowDays ? `${settings.scheduleWindowDays} days` : 'off'} />
          </dl>
        </div>
      )}
    </Section>
  );
}
