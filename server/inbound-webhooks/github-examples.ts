import webhookDefinitions from '@octokit/webhooks-examples';

// Test support: real payloads contributed to octokit/webhooks, so Vigil is tested against
// what GitHub actually sends rather than against our idea of it.

export type Payload = Record<string, unknown> & { action?: string; workflow_run?: Record<string, unknown>; release?: Record<string, unknown>; repository?: Record<string, unknown> };

export function examplesOf(event: string): Payload[] {
  const definition = webhookDefinitions.find((d) => d.name === event);
  if (!definition) throw new Error(`no examples for ${event}`);
  return structuredClone(definition.examples) as unknown as Payload[];
}

export function exampleOf(event: string, matches: (payload: Payload) => boolean): Payload {
  const found = examplesOf(event).find(matches);
  if (!found) throw new Error(`no matching ${event} example`);
  return found;
}
