'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormCard, TextField } from '@/app/_components/form-card';
import { useTRPC } from '@/app/trpc-provider';
import { TASK_LABELS, TASK_TYPES, type TaskType } from '@/server/registry/feature-schema';

const EXAMPLE_FEATURES = JSON.stringify(
  [
    { name: 'age', type: 'numeric', min: 18, max: 100 },
    { name: 'income', type: 'numeric' },
    { name: 'employment_type', type: 'categorical', categories: ['salaried', 'self_employed', 'unemployed'] },
  ],
  null,
  2,
);

const list = (value: FormDataEntryValue | null) => String(value ?? '').split(',').map((s) => s.trim()).filter(Boolean);

export function RegisterModelForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [jsonError, setJsonError] = useState<string | null>(null);
  const create = useMutation(trpc.models.create.mutationOptions({ onSuccess: (model) => router.push(`/models/${model.name}`) }));

  function submit(form: FormData) {
    let features: unknown;
    try {
      features = JSON.parse(String(form.get('features') ?? ''));
      setJsonError(null);
    } catch (error) {
      setJsonError(`The feature schema is not valid JSON: ${(error as Error).message}`);
      return;
    }
    const classes = list(form.get('classes'));
    create.mutate({
      name: String(form.get('name') ?? ''),
      description: String(form.get('description') ?? ''),
      taskType: String(form.get('taskType')) as TaskType,
      tags: list(form.get('tags')),
      repository: String(form.get('repository') ?? '') || undefined,
      features: features as never,
      label: { name: String(form.get('label') ?? ''), classes: classes.length ? classes : undefined },
      protectedAttributes: list(form.get('protected')),
    });
  }

  return (
    <FormCard title="Model" error={jsonError ?? create.error} pending={create.isPending} submitLabel="Register model" onSubmit={submit} onCancel={() => router.push('/models')}>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField id="model-name" label="Name (slug)" name="name" required placeholder="credit-risk" />
        <div className="space-y-1.5">
          <label htmlFor="model-task" className="label">Task</label>
          <select id="model-task" name="taskType" className="field-input" defaultValue="binary_classification">
            {TASK_TYPES.map((t) => <option key={t} value={t}>{TASK_LABELS[t]}</option>)}
          </select>
        </div>
        <TextField id="model-description" label="Description" name="description" placeholder="What it predicts, for whom" />
        <TextField id="model-repository" label="Repository (owner/name)" name="repository" placeholder="acme/credit-risk" />
        <TextField id="model-tags" label="Tags (comma-separated)" name="tags" placeholder="credit, tabular" />
        <TextField id="model-protected" label="Protected attributes (comma-separated)" name="protected" placeholder="gender, age_band" />
        <TextField id="model-label" label="Label column" name="label" required placeholder="defaulted" />
        <TextField id="model-classes" label="Classes, in output order (comma-separated)" name="classes" placeholder="repaid, defaulted" />
      </div>
      <div className="space-y-1.5">
        <label htmlFor="model-features" className="label">Feature schema (JSON)</label>
        <textarea id="model-features" name="features" rows={12} defaultValue={EXAMPLE_FEATURES} className="field-input font-mono text-tremor-label" />
        <p className="text-tremor-label text-tremor-content">
          Ordered as the model reads them. numeric: optional min/max; categorical: categories (fed as their index). Add &quot;input&quot; when the model has several ONNX inputs.
        </p>
      </div>
    </FormCard>
  );
}
