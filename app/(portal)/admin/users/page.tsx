import type { Metadata } from 'next';
import { PageHeader } from '@/app/_components/page-header';
import { OffsetPager, offsetPage, pageRows } from '@/app/_components/pager';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { UsersPanel } from './users-panel';

export const metadata: Metadata = { title: 'Users' };
export const dynamic = 'force-dynamic';

const USERS_PER_PAGE = 50;

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const search = await searchParams;
  const page = offsetPage(search.page, USERS_PER_PAGE);
  const [users, me] = await loadOrRefuse((caller) => Promise.all([caller.users.list({ limit: page.limit, offset: page.offset }), caller.me()]));
  return (
    <>
      <PageHeader title="Users" description="People who can sign in to Vigil and the roles they hold. Every change here is recorded in the audit log." />
      <UsersPanel initialUsers={users} currentUserId={me.id} page={page} />
      <OffsetPager label="Users" pathname="/admin/users" search={search} page={page} hasOlder={pageRows(users, page).hasOlder} order="name" />
    </>
  );
}
