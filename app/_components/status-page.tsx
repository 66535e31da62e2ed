import Link from 'next/link';
import type { ReactNode } from 'react';
import { DocumentTitle } from './document-title';

/**
 * The body of a page that is not the one asked for: 400, 403, 404, 500. Says what happened,
 * what to do, and offers a way back; `reference` is what to quote to an administrator.
 */
export function StatusPage({ status, title, tabTitle, children, reference, actions }: { status: string; title: string; tabTitle: string; children: ReactNode; reference?: string | null; actions?: ReactNode }) {
  return (
    <div className="flex min-h-[50vh] flex-col items-center justify-center px-4 py-10 text-center">
      <DocumentTitle title={tabTitle} />
      <p className="text-tremor-label font-semibold uppercase tracking-wider text-indigo-700">{status}</p>
      <h1 className="mt-2 text-2xl font-semibold text-tremor-content-strong">{title}</h1>
      <div className="mt-2 max-w-lg text-tremor-default text-tremor-content">{children}</div>
      {reference && (
        <p className="mt-4 text-tremor-label text-tremor-content">
          Reference: <code className="select-all rounded-tremor-small bg-tremor-background-subtle px-1.5 py-0.5 font-mono text-tremor-content-emphasis">{reference}</code>
        </p>
      )}
      <div className="mt-6 flex flex-wrap justify-center gap-2">
        {actions}
        <Link href="/" className="btn-secondary">Back to overview</Link>
      </div>
    </div>
  );
}

/** 404, inside the portal or on its own. */
export function NotFoundBody() {
  return (
    <StatusPage status="404 · Not found" title="There is nothing here" tabTitle="Not found">
      The page does not exist, or the object it names (a model, a version, a request) was never created or is not yours to see.
    </StatusPage>
  );
}

/** 403: signed in, without the permission the page needs. */
export function ForbiddenBody() {
  return (
    <StatusPage status="403 · Forbidden" title="You do not have access to this page" tabTitle="Access denied">
      Your roles do not include the permission this page needs. Ask an administrator if you think that is wrong.
    </StatusPage>
  );
}
