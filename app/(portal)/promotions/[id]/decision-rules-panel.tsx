import { DataTable } from '@/app/_components/data-table';
import { Notice } from '@/app/_components/notice';
import { activationText, DecisionCheckDetails, decisionText, disagreementText, sameDecision, ValidationWarnings, type VersionDecision } from '../../models/[name]/versions/[version]/decision-rule';

type Side = VersionDecision & { version: number };

/** How each side turns outputs into decisions, and what validation found about the candidate's. */
export function DecisionRulesPanel({ taskType, candidate, serving }: { taskType: string; candidate: Side; serving: Side | null }) {
  const sides = serving ? [{ name: `Serving v${serving.version}`, v: serving }, { name: `Candidate v${candidate.version}`, v: candidate }] : [{ name: `Candidate v${candidate.version}`, v: candidate }];
  const check = candidate.validation?.decisionCheck ?? null;
  return (
    <div className="space-y-3">
      <ValidationWarnings version={candidate} title={`Candidate v${candidate.version} was validated with a warning`} />
      {serving && !sameDecision(serving, candidate) && (
        <Notice tone="info">The candidate decides differently from the serving version: accuracy and the shadow comparison count each side&apos;s decisions by its own rule.</Notice>
      )}
      <DataTable label="Decision rules" columns={['Version', 'Decides by', 'Scores', 'Label output vs score']}>
        {sides.map(({ name, v }) => (
          <tr key={name}>
            <td>{name}</td>
            <td>{decisionText(taskType, v)}</td>
            <td>{taskType === 'regression' ? '—' : activationText(v)}</td>
            <td>{v.validation?.decisionCheck ? `disagree on ${disagreementText(v.validation.decisionCheck)}` : '—'}</td>
          </tr>
        ))}
      </DataTable>
      {check && check.disagreements > 0 && (
        <details className="rounded-tremor-default border border-tremor-border bg-white p-4 shadow-tremor-card">
          <summary className="cursor-pointer text-tremor-default font-medium text-tremor-content-strong">Rows where the candidate&apos;s label output and score disagree</summary>
          <div className="mt-2">
            <DecisionCheckDetails check={check} />
          </div>
        </details>
      )}
      <p className="text-tremor-label text-tremor-content">The rule is part of each version&apos;s signature, chosen at registration (or defaulted at validation).</p>
    </div>
  );
}
