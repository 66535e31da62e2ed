'use client';

import { signOut } from 'next-auth/react';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';

export function UserMenu({ name, email, roles }: { name: string; email: string; roles: string[] }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !ref.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  const initials = name.split(/\s+/).map((p) => p[0]).join('').slice(0, 2).toUpperCase();
  return (
    <div className="relative" ref={ref}>
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((v) => !v)}
        className="flex items-center gap-2.5 rounded-tremor-full py-1 pl-1 pr-3 hover:bg-tremor-background-subtle"
      >
        <span className="flex h-8 w-8 items-center justify-center rounded-full bg-indigo-600 text-tremor-label font-semibold text-white">{initials}</span>
        <span className="hidden text-left sm:block">
          <span className="block text-tremor-default font-medium text-tremor-content-strong">{name}</span>
          <span className="block text-tremor-label text-tremor-content">{roles.join(', ')}</span>
        </span>
      </button>
      {open && (
        <div role="menu" className="absolute right-0 z-20 mt-2 w-64 rounded-tremor-default border border-tremor-border bg-white p-1 shadow-tremor-dropdown">
          <div className="px-3 py-2.5">
            <p className="text-tremor-default font-medium text-tremor-content-strong">{name}</p>
            <p className="truncate text-tremor-label text-tremor-content">{email}</p>
          </div>
          <div className="my-1 h-px bg-tremor-border" />
          <Link
            href="/change-password"
            role="menuitem"
            className="block w-full rounded-tremor-small px-3 py-2 text-left text-tremor-default text-tremor-content-emphasis hover:bg-tremor-background-subtle"
          >
            Change password
          </Link>
          <button
            type="button"
            role="menuitem"
            onClick={() => void signOut({ callbackUrl: '/sign-in' })}
            className="w-full rounded-tremor-small px-3 py-2 text-left text-tremor-default text-tremor-content-emphasis hover:bg-tremor-background-subtle"
          >
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}
