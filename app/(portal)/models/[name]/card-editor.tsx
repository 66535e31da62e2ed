'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormCard } from '@/app/_components/form-card';
import { useTRPC } from '@/app/trpc-provider';

const SECTIONS = [
  ['intendedUse', 'Intended use'],
  ['limitations', 'Limitations'],
  ['trainingData', 'Training data'],
  ['ethicalConsiderations', 'Ethical considerations'],
  ['decisions', 'Decisions taken'],
] as const;

type CardKey = (typeof SECTIONS)[number][0];
type Card = Record<CardKey, string>;

export function CardEditor({ name, card, revision, editedBy, editable }: { name: string; card: Card | null; revision: number; editedBy: string | null; editable: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const save = useMutation(trpc.models.updateCard.mutationOptions({ onSuccess: () => { setEditing(false); router.refresh(); } }));

  if (editing) {
    return (
      <FormCard
        title="Edit model card"
        error={save.error}
        pending={save.isPending}
        submitLabel="Save card"
        onCancel={() => setEditing(false)}
        onSubmit={(form) => save.mutate({ model: name, card: Object.fromEntries(SECTIONS.map(([key]) => [key, String(form.get(key) ?? '')])) as Card })}
      >
        {SECTIONS.map(([key, label]) => (
          <div key={key} className="space-y-1.5">
            <label htmlFor={`card-${key}`} className="label">{label}</label>
            <textarea id={`card-${key}`} name={key} defaultValue={card?.[key] ?? ''} rows={3} className="field-input font-mono text-tremor-label" />
          </div>
        ))}
        <p className="text-tremor-label text-tremor-content">Markdown is kept as written. Every saved edit becomes a new revision in the audit log.</p>
      </FormCard>
    );
  }
  const empty = !card || SECTIONS.every(([key]) => !card[key]);
  return (
    <div className="rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card">
      {empty ? (
        <p className="text-tremor-default text-tremor-content">The card is empty. Describe what the model is for, where it fails and what data it learned from.</p>
      ) : (
        <dl className="space-y-4">
          {SECTIONS.filter(([key]) => card![key]).map(([key, label]) => (
            <div key={key}>
              <dt className="text-tremor-label font-semibold uppercase tracking-wide text-tremor-content">{label}</dt>
              <dd className="mt-1 whitespace-pre-wrap text-tremor-default text-tremor-content-emphasis">{card![key]}</dd>
            </div>
          ))}
        </dl>
      )}
      <div className="mt-4 flex items-center justify-between border-t border-tremor-border pt-3">
        <p className="text-tremor-label text-tremor-content">{revision > 0 ? `Revision ${revision}${editedBy ? ` by ${editedBy}` : ''}` : 'No revisions'}</p>
        {editable && <button type="button" className="btn-secondary" onClick={() => setEditing(true)}>Edit card</button>}
      </div>
    </div>
  );
}
