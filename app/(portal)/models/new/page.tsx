import type { Metadata } from 'next';
import { loadOrRefuse } from '@/app/_components/load-or-refuse';
import { PageHeader } from '@/app/_components/page-header';
import { can } from '@/server/rbac/permissions';
import { forbidden } from 'next/navigation';
import { RegisterModelForm } from './register-model-form';

export const metadata: Metadata = { title: 'Register model' };
export const dynamic = 'force-dynamic';

export default async function NewModelPage() {
  const me = await loadOrRefuse((caller) => caller.me());
  // The form would be refused on submit anyway; say so before anyone fills it in.
  if (!can(me.roles, 'models:write')) forbidden();
  return (
    <>
      <PageHeader title="Register a model" description="Declare what the model takes and predicts. Versions come later, from CI or the vigil CLI, and are checked against this schema." />
      <RegisterModelForm />
    </>
  );
}
