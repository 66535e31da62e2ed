import type { Metadata } from 'next';
import { PageHeader } from '@/app/_components/page-header';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { UsersPanel } from './users-panel';

export const metadata: Metadata = { title: 'Users' };
export const dynamic = 'force-dynamic';

export default async function UsersPage() {
  const [users, me] = await loadOrRefuse((caller) => Promise.all([caller.users.list(), caller.me()]));
  return (
    <>
      <PageHeader title="Users" description="People who can sign in to Vigil and the roles they hold. Every change here is recorded in the audit log." />
      <UsersPanel initialUsers={users} currentUserId={me.id} />
    </>
  );
}
