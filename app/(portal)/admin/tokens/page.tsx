import type { Metadata } from 'next';
import { PageHeader } from '@/app/_components/page-header';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { TokensPanel } from './tokens-panel';

export const metadata: Metadata = { title: 'API tokens' };
export const dynamic = 'force-dynamic';

export default async function TokensPage() {
  const tokens = await loadOrRefuse((caller) => caller.apiTokens.list());
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Scoped tokens for machines: CI pipelines, production services and audit exports. Secrets are shown once and stored only as hashes."
      />
      <TokensPanel initialTokens={tokens} />
    </>
  );
}
