import { redirect } from 'next/navigation';
import { Suspense, type ReactNode } from 'react';
import { Logo } from '@/app/_components/logo';
import { NavigationProgress } from '@/app/_components/navigation-progress';
import { redirectToSignIn } from '@/app/_components/sign-in-redirect';
import { TrpcProvider } from '@/app/trpc-provider';
import { CHANGE_PASSWORD_PATH } from '@/server/auth/password-change-required';
import { getSessionUser } from '@/server/auth/session-user';
import { ROLE_LABELS } from '@/server/rbac/permissions';
import { NavLinks } from './nav-links';
import { navigationFor } from './navigation';
import { UserMenu } from './user-menu';

export const dynamic = 'force-dynamic';

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  if (!user) return redirectToSignIn();
  if (user.mustChangePassword) redirect(CHANGE_PASSWORD_PATH);
  const items = navigationFor(user.roles);
  return (
    <TrpcProvider>
      <Suspense fallback={null}>
        <NavigationProgress />
      </Suspense>
      <div className="min-h-screen md:flex">
        <aside className="hidden w-60 shrink-0 border-r border-tremor-border bg-white md:block">
          <div className="sticky top-0 flex h-screen flex-col px-3 py-5">
            <div className="px-3">
              <Logo />
            </div>
            <div className="mt-8 flex-1">
              <NavLinks items={items} layout="sidebar" />
            </div>
            <p className="px-3 text-tremor-label text-tremor-content-subtle">Vigil · self-hosted</p>
          </div>
        </aside>
        <div className="min-w-0 flex-1">
          <header className="sticky top-0 z-10 border-b border-tremor-border bg-white/90 backdrop-blur">
            <div className="flex h-14 items-center justify-between px-4 sm:px-6">
              <span className="md:hidden">
                <Logo />
              </span>
              <span className="hidden md:block" />
              <UserMenu name={user.name} email={user.email} roles={user.roles.map((r) => ROLE_LABELS[r])} />
            </div>
            <div className="md:hidden">
              <NavLinks items={items} layout="bar" />
            </div>
          </header>
          <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">{children}</main>
        </div>
      </div>
    </TrpcProvider>
  );
}
