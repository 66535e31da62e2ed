'use client';

import { useState } from 'react';

/** A value shown in full (a command, a digest), selectable at a click, with a button that copies it. */
export function CopyText({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="mt-2 flex items-start gap-2">
      <code aria-label={label} className="min-w-0 flex-1 select-all break-all rounded-tremor-small bg-tremor-background-subtle px-2 py-1.5 font-mono text-[11px] text-tremor-content-strong">
        {text}
      </code>
      <button type="button" className="btn-secondary shrink-0" onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true), () => setCopied(false))}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}
