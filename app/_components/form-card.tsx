'use client';

import { createContext, useContext, useState, type FormEvent, type InputHTMLAttributes, type ReactNode, type TextareaHTMLAttributes } from 'react';
import { errorText } from './error-text';
import { Notice } from './notice';

/** Problems with the form's fields, by element id, found before anything is sent. */
const FieldErrors = createContext<Record<string, string>>({});

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

function isControl(element: Element): element is Control {
  return element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement;
}

/**
 * The fields that cannot be sent as they are, with what to do about each, in the words the
 * page shows beside them rather than the browser's bubble (which screen readers and
 * screenshots miss). Whitespace alone does not fill a required text field.
 */
function fieldProblems(form: HTMLFormElement): { id: string; label: string; message: string; element: Control }[] {
  const problems: { id: string; label: string; message: string; element: Control }[] = [];
  for (const element of Array.from(form.elements)) {
    if (!isControl(element) || element.disabled || !element.id) continue;
    const blank = element.required && !(element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio')) && element.value.trim() === '';
    if (!blank && element.checkValidity()) continue;
    const label = form.querySelector(`label[for="${CSS.escape(element.id)}"]`)?.textContent?.trim() || element.name || 'This field';
    problems.push({ id: element.id, label, message: blank || element.validity.valueMissing ? `${label} is required.` : element.validationMessage, element });
  }
  return problems;
}

/** A titled form in a card with its error, submit and cancel buttons; fields that cannot be sent are named beside them. */
export function FormCard(props: {
  title: string;
  error: unknown;
  pending: boolean;
  submitLabel: string;
  onSubmit: (form: FormData) => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems = fieldProblems(event.currentTarget);
    setFieldErrors(Object.fromEntries(problems.map((p) => [p.id, p.message])));
    if (problems.length > 0) {
      problems[0]!.element.focus();
      return;
    }
    props.onSubmit(new FormData(event.currentTarget));
  }
  // A field's message goes once the field is edited.
  function edited(event: FormEvent<HTMLFormElement>) {
    const id = (event.target as Element).id;
    if (!id || !fieldErrors[id]) return;
    setFieldErrors((all) => {
      const rest = { ...all };
      delete rest[id];
      return rest;
    });
  }
  const problems = Object.entries(fieldErrors);
  return (
    <form noValidate onSubmit={submit} onInput={edited} aria-label={props.title} className="space-y-4 rounded-tremor-default border border-tremor-border bg-white p-5 shadow-tremor-card">
      <h2 className="text-tremor-title font-semibold text-tremor-content-strong">{props.title}</h2>
      {props.error ? <Notice tone="error">{errorText(props.error)}</Notice> : null}
      {problems.length > 0 && (
        <Notice tone="error" title={problems.length === 1 ? 'One field needs attention' : `${problems.length} fields need attention`}>
          <ul className="list-disc pl-5">
            {problems.map(([id, message]) => (
              <li key={id}>
                <a href={`#${id}`} className="underline">{message}</a>
              </li>
            ))}
          </ul>
        </Notice>
      )}
      <FieldErrors.Provider value={fieldErrors}>{props.children}</FieldErrors.Provider>
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

/** The message under a field that cannot be sent as it is, and the attributes that tie it to the field. */
function useFieldError(id: string) {
  const message = useContext(FieldErrors)[id];
  const errorId = `${id}-error`;
  return {
    attributes: message ? { 'aria-invalid': true as const, 'aria-describedby': errorId } : {},
    text: message ? <p id={errorId} className="text-tremor-label font-medium text-red-700">{message}</p> : null,
  };
}

/** A labelled text input; inside a FormCard, says beside itself what is wrong with it. */
export function TextField({ id, label, ...input }: { id: string; label: string } & InputHTMLAttributes<HTMLInputElement>) {
  const error = useFieldError(id);
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="label">{label}</label>
      <input id={id} className="field-input aria-[invalid=true]:border-red-500" {...input} {...error.attributes} />
      {error.text}
    </div>
  );
}

/** A labelled multi-line text input, like TextField. */
export function TextAreaField({ id, label, ...textarea }: { id: string; label: string } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const error = useFieldError(id);
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="label">{label}</label>
      <textarea id={id} className="field-input aria-[invalid=true]:border-red-500" {...textarea} {...error.attributes} />
      {error.text}
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
