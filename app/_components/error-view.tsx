'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { errorReference } from './error-reference';
import { StatusPage } from './status-page';

const TITLES = { bad_request: 'Bad request', unavailable: 'Unavailable', failed: 'Error' } as const;

/** The address's parameters as typed: `a=abc, b=2`. */
function QueryText() {
  const params = useSearchParams();
  const pairs = [...params.entries()].map(([key, value]) => `${key}=${value}`);
  return pairs.length > 0 ? <code className="rounded-tremor-small bg-tremor-background-subtle px-1.5 py-0.5 font-mono text-tremor-content-emphasis">{pairs.join(', ')}</code> : null;
}

/**
 * What an error boundary shows: a page asked for with parameters it cannot use (400), the
 * database out of reach (503), anything else (500) with the reference to quote, and a way
 * back. Client component: error boundaries are.
 */
export function ErrorView({ error, retry }: { error: unknown; retry: () => void }) {
  const { code, reference } = errorReference(error);
  const pathname = usePathname();
  const kind = code === 'bad_request' ? 'bad_request' : code === 'unavailable' ? 'unavailable' : 'failed';
  const retryButton = (
    <button type="button" className="btn-primary" onClick={retry}>
      Try again
    </button>
  );
  if (kind === 'bad_request') {
    return (
      <StatusPage status="400 · Bad request" title="This address asks for something the page cannot read" tabTitle={TITLES.bad_request}>
        <p>
          A value in the address of <code className="font-mono">{pathname}</code> is not one this page accepts <QueryText />. Check the link you followed
          (a version is a number, an id is the one shown in its list), or start again from the overview.
        </p>
      </StatusPage>
    );
  }
  if (kind === 'unavailable') {
    return (
      <StatusPage status="503 · Unavailable" title="The database is not answering" tabTitle={TITLES.unavailable} reference={reference} actions={retryButton}>
        <p>Vigil cannot reach its database right now. Nothing was changed; try again in a few seconds.</p>
      </StatusPage>
    );
  }
  return (
    <StatusPage status="500 · Error" title="This page failed to load" tabTitle={TITLES.failed} reference={reference} actions={retryButton}>
      <p>Something went wrong on our side and was logged. If it happens again, give the reference below to your administrator: it finds the log line.</p>
    </StatusPage>
  );
}
