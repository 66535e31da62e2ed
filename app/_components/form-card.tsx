'use client';

import { useState, type FormEvent, type InputHTMLAttributes, type ReactNode } from 'react';
import { errorText } from './error-text';
import { Notice } from './notice';

/** A titled form in a card with its error, submit and cancel buttons. */
export function FormCard(props: {
  title: string;
  error: unknown;
  pending: boolean;
  submitLabel: string;
  onSubmit: (form: FormData) => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    props.onSubmit(new FormData(event.currentTarget));
  }
  return (
    <form onSubmit={submit} aria-label={props.title} className="space-y-4 rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card">
      <h2 className="text-tremor-title font-semibold text-tremor-content-strong">{props.title}</h2>
      {props.error ? <Notice tone="error">{errorText(props.error)}</Notice> : null}
      {props.children}
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={props.pending}>{props.pending ? 'Saving…' : props.submitLabel}</button>
        <button type="button" className="btn-secondary" onClick={props.onCancel}>Cancel</button>
      </div>
    </form>
  );
}

/** The "New …" button that gives way to its form while open. */
export function RevealForm({ open, label, onOpen, children }: { open: boolean; label: string; onOpen: () => void; children: ReactNode }) {
  if (open) return <>{children}</>;
  return (
    <div className="flex justify-end">
      <button type="button" className="btn-primary" onClick={onOpen}>{label}</button>
    </div>
  );
}

/** A labelled text input. */
export function TextField({ id, label, ...input }: { id: string; label: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="label">{label}</label>
      <input id={id} className="field-input" {...input} />
    </div>
  );
}

/**
 * State of a "create something, then show what was created once" flow: the form is open,
 * or the result of the last creation is on show, or neither.
 */
export function useCreateFlow<T>(onCreated: () => void) {
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<T | null>(null);
  return {
    creating,
    created,
    open: () => {
      setCreating(true);
      setCreated(null);
    },
    cancel: () => setCreating(false),
    done: (value: T) => {
      setCreating(false);
      setCreated(value);
      onCreated();
    },
    dismiss: () => setCreated(null),
  };
}
