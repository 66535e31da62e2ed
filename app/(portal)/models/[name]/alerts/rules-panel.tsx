'use client';

import { ConfirmButton } from '@/app/_components/confirm-button';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { Badge } from '@/app/_components/badges';
import { DataTable, EmptyState } from '@/app/_components/data-table';
import { errorText } from '@/app/_components/error-text';
import { RevealForm, useCreateFlow } from '@/app/_components/form-card';
import { LocalTime } from '@/app/_components/local-time';
import { Notice } from '@/app/_components/notice';
import { useTRPC } from '@/app/trpc-provider';
import type { AlertKindInfo } from '@/server/alerts/alert-kinds';
import type { AlertRuleListItem } from '@/server/alerts/alert-rules-service';
import { AddRuleForm } from './add-rule-form';

export function RulesPanel(props: { modelName: string; initialRules: AlertRuleListItem[]; features: string[]; kpis: string[]; kinds: AlertKindInfo[]; canWrite: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const rulesQuery = trpc.alerts.rules.queryOptions({ modelName: props.modelName });
  const rules = useQuery({ ...rulesQuery, initialData: props.initialRules });
  // Switching a rule off or removing it resolves its open alert: the server-rendered lists change too.
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: rulesQuery.queryKey });
    router.refresh();
  };
  const flow = useCreateFlow<null>(refresh);
  const update = useMutation(trpc.alerts.updateRule.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.alerts.deleteRule.mutationOptions({ onSuccess: refresh }));
  const actionError = update.error ?? remove.error;
  const busy = update.isPending || remove.isPending;

  return (
    <div className="space-y-4">
      {actionError && <Notice tone="error">{errorText(actionError)}</Notice>}
      {props.canWrite && (
        <RevealForm open={flow.creating} label="Add rule" onOpen={flow.open}>
          <AddRuleForm modelName={props.modelName} features={props.features} kpis={props.kpis} kinds={props.kinds} onCancel={flow.cancel} onCreated={() => flow.done(null)} />
        </RevealForm>
      )}
      {rules.data.length === 0 ? (
        <EmptyState title="No alert rules">
          {props.canWrite ? 'Add a rule to be told when drift, accuracy, latency, errors or traffic cross a line.' : 'Maintainers add rules for drift, accuracy, latency, errors and traffic.'}
        </EmptyState>
      ) : (
        <DataTable label="Alert rules" columns={['Rule', 'Fires when', 'Severity', 'Status', 'Added', 'Actions']} alignLastRight>
          {rules.data.map((rule) => (
            <tr key={rule.id}>
              <td className="font-medium text-tremor-content-strong">{rule.label}</td>
              <td className="text-tremor-label">{rule.condition}</td>
              <td><Badge tone={rule.severity === 'critical' ? 'bad' : 'warn'}>{rule.severity}</Badge></td>
              <td>{rule.enabled ? <Badge tone="good">Active</Badge> : <Badge tone="off">Disabled</Badge>}</td>
              <td className="whitespace-nowrap"><LocalTime value={rule.createdAt} /> <span className="text-tremor-label text-tremor-content">by {rule.createdBy}</span></td>
              <td className="whitespace-nowrap text-right">
                {props.canWrite && (
                  <span className="inline-flex gap-2">
                    <button type="button" className="btn-secondary" disabled={busy} onClick={() => update.mutate({ ruleId: rule.id, enabled: !rule.enabled })}>
                      {rule.enabled ? 'Disable' : 'Enable'}
                    </button>
                    <ConfirmButton question={`Remove the rule “${rule.condition}” and its alert history?`} label={`Remove rule ${rule.label}: ${rule.condition}`} disabled={busy} onConfirm={() => remove.mutate({ ruleId: rule.id })}>
                      Remove
                    </ConfirmButton>
                  </span>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
