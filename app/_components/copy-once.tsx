'use client';

import { useState } from 'react';
import { Notice } from './notice';

/** A secret shown exactly once, with a copy button and a way to dismiss it. */
export function CopyOnce({ title, secret, hint, onDismiss }: { title: string; secret: string; hint: string; onDismiss: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <Notice tone="success" title={title}>
      <p>{hint}</p>
      <div className="mt-3 flex flex-wrap items-center gap-2">
        <code data-testid="one-time-secret" className="select-all rounded-tremor-small border border-emerald-200 bg-white px-3 py-1.5 font-mono text-tremor-default text-tremor-content-strong">
          {secret}
        </code>
        <button
          type="button"
          className="btn-secondary"
          onClick={() => void navigator.clipboard?.writeText(secret).then(() => setCopied(true), () => setCopied(false))}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="btn-secondary" onClick={onDismiss}>
          Done
        </button>
      </div>
    </Notice>
  );
}
