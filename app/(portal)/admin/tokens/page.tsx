import type { Metadata } from 'next';
import { PageHeader } from '@/app/_components/page-header';
import { OffsetPager, offsetPage, pageRows } from '@/app/_components/pager';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { TokensPanel } from './tokens-panel';

export const metadata: Metadata = { title: 'API tokens' };
export const dynamic = 'force-dynamic';

const TOKENS_PER_PAGE = 50;

export default async function TokensPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const search = await searchParams;
  const page = offsetPage(search.page, TOKENS_PER_PAGE);
  const tokens = await loadOrRefuse((caller) => caller.apiTokens.list({ limit: page.limit, offset: page.offset }));
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Scoped tokens for machines: CI pipelines, production services and audit exports. Secrets are shown once and stored only as hashes."
      />
      <TokensPanel initialTokens={tokens} page={page} />
      <OffsetPager label="API tokens" pathname="/admin/tokens" search={search} page={page} hasOlder={pageRows(tokens, page).hasOlder} />
    </>
  );
}
