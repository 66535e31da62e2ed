import Link from 'next/link';
import type { ReactNode } from 'react';
import { ModelTabs } from './model-tabs';

export default async function ModelLayout({ children, params }: { children: ReactNode; params: Promise<{ name: string }> }) {
  const { name } = await params;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-tremor-default text-tremor-content">
        <Link href="/models" className="hover:underline">Models</Link> / <Link href={`/models/${name}`} className="font-medium text-tremor-content-emphasis hover:underline">{name}</Link>
      </nav>
      <ModelTabs name={name} />
      {children}
    </>
  );
}
