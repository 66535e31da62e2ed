'use client';

import type { ReactNode } from 'react';

/** A destructive action that asks first (native dialog: keyboard accessible, no extra UI). */
export function ConfirmButton({ question, onConfirm, disabled, tone = 'danger', children, label }: { question: string; onConfirm: () => void; disabled?: boolean; tone?: 'danger' | 'secondary'; children: ReactNode; label?: string }) {
  return (
    <button type="button" aria-label={label} className={tone === 'danger' ? 'btn-danger' : 'btn-secondary'} disabled={disabled} onClick={() => window.confirm(question) && onConfirm()}>
      {children}
    </button>
  );
}
