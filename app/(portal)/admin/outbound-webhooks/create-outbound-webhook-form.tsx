'use client';

import { useMutation } from '@tanstack/react-query';
import { FormCard, TextField } from '@/app/_components/form-card';
import { useTRPC } from '@/app/trpc-provider';

/** Name, URL and the events to send; none ticked means every event. */
export function CreateOutboundWebhookForm({ eventTypes, onCancel, onCreated }: { eventTypes: string[]; onCancel: () => void; onCreated: (name: string, secret: string) => void }) {
  const trpc = useTRPC();
  const create = useMutation(trpc.outboundWebhooks.create.mutationOptions({ onSuccess: (w) => onCreated(w.name, w.secret) }));
  return (
    <FormCard
      title="New outbound webhook"
      error={create.error}
      pending={create.isPending}
      submitLabel="Create webhook"
      onCancel={onCancel}
      onSubmit={(form) =>
        create.mutate({
          name: String(form.get('name') ?? ''),
          url: String(form.get('url') ?? ''),
          events: form.getAll('events').map(String),
        })
      }
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField id="webhook-name" label="Name" name="name" required maxLength={100} placeholder="Slack #ml-alerts" />
        <TextField id="webhook-url" label="URL" name="url" type="url" required placeholder="https://hooks.slack.com/services/…" />
      </div>
      <fieldset className="space-y-1.5">
        <legend className="label">Events</legend>
        <div className="flex flex-wrap gap-4">
          {eventTypes.map((type) => (
            <label key={type} className="inline-flex items-center gap-2 text-tremor-default text-tremor-content-emphasis">
              <input type="checkbox" name="events" value={type} /> <code>{type}</code>
            </label>
          ))}
        </div>
        <p className="text-tremor-label text-tremor-content">Leave all unticked to receive every event, including ones added in later versions.</p>
      </fieldset>
    </FormCard>
  );
}
