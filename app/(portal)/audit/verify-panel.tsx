'use client';

import { useQuery } from '@tanstack/react-query';
import { errorText } from '@/app/_components/error-text';
import { Notice } from '@/app/_components/notice';
import { useTRPC } from '@/app/trpc-provider';

export function VerifyPanel() {
  const trpc = useTRPC();
  const verify = useQuery({ ...trpc.audit.verify.queryOptions(), enabled: false });
  const report = verify.data;
  return (
    <section className="rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card">
      <h2 className="font-semibold text-tremor-content-strong">Chain integrity</h2>
      <p className="mt-1 text-tremor-default text-tremor-content">Recompute every hash, check each signed checkpoint, and check every row's search columns against its hashed body.</p>
      <button type="button" className="btn-primary mt-3 w-full" onClick={() => void verify.refetch()} disabled={verify.isFetching}>
        {verify.isFetching ? 'Verifying…' : 'Verify chain'}
      </button>
      <div className="mt-3">
        {verify.error && <Notice tone="error">{errorText(verify.error)}</Notice>}
        {report && !verify.isFetching && (report.ok ? (
          <Notice tone="success" title="Chain intact">
            {report.checkedEvents} events verified up to #{report.headSeq}; {report.checkpoints.checked} signed checkpoints match.
          </Notice>
        ) : (
          <Notice
            tone="error"
            title={report.firstBreak ? `Broken at sequence ${report.firstBreak.seq}` : report.mismatchedRows > 0 ? 'Search columns altered' : 'Checkpoint mismatch'}
          >
            {report.firstBreak && <p>{report.firstBreak.reason}.</p>}
            {report.checkpoints.problems.map((p) => <p key={p.seq}>Checkpoint #{p.seq}: {p.reason}.</p>)}
            {report.columnProblems.map((p) => <p key={p.seq}>Sequence {p.seq}: {p.column} differs from the hashed body.</p>)}
            {report.mismatchedRows > report.columnProblems.length && <p>…and {report.mismatchedRows - report.columnProblems.length} more rows.</p>}
          </Notice>
        ))}
      </div>
    </section>
  );
}
