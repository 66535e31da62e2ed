import { parseArgs } from 'node:util';
import { apiClient, type ApiClient } from './api-client';
import { required, UsageError } from './usage-error';

// `vigil shadow start|status`: a CI pipeline replays logged traffic through the version it
// just pushed and waits for the verdict, over POST/GET /api/v1/models/{name}/shadow-runs.
// The server validates everything (the same schema as the portal's form); this only reads flags.

export const SHADOW_USAGE = `  vigil shadow start --model NAME --candidate N (--from ISO-TIME --to ISO-TIME | --last-events N)
                    [--slice FEATURE] [--wait [--timeout SECONDS]]                 (token with shadow:write)
                    replays logged traffic through version N; --wait polls until the run ends
                    (default at most 1800 s): exit 0 completed, 1 failed, cancelled or timed out
  vigil shadow status --model NAME RUN-ID [--json]                                  (token with shadow:write)`;

/** What GET /api/v1/models/{name}/shadow-runs/{id} answers (the fields the CLI reads). */
export interface ShadowRunJson {
  id: string;
  model: string;
  candidateVersion: number;
  status: 'pending' | 'running' | 'completed' | 'cancelled' | 'failed';
  progress: { processed: number; total: number | null };
  headline: { agreement: number | null; accuracyDifference: number | null; maeDifference: number | null; rows: number } | null;
  servingVersions: { version: number | null; events: number }[] | null;
  error: string | null;
  url: string;
  portalUrl: string;
}

const FINISHED = ['completed', 'failed', 'cancelled'];
const POLL_MS = 1000;

const runPath = (model: string, id = '') => `/api/v1/models/${encodeURIComponent(model)}/shadow-runs${id ? `/${encodeURIComponent(id)}` : ''}`;

function wholeNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`${flag} must be a positive whole number, not '${value}'.`);
  return Number(value);
}

function windowOf(values: { from?: string; to?: string; 'last-events'?: string }) {
  const lastEvents = wholeNumber('--last-events', values['last-events']);
  if (lastEvents !== undefined && (values.from || values.to)) throw new UsageError('Give either --from/--to or --last-events, not both.');
  if (lastEvents !== undefined) return { lastEvents };
  if (!values.from || !values.to) throw new UsageError('Give the window: --from ISO-TIME --to ISO-TIME, or --last-events N.');
  return { from: values.from, to: values.to };
}

const signed = (x: number, digits: number) => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;

/** A run in a few lines: state, the headline numbers once completed, where to look. */
export function describeShadowRun(run: ShadowRunJson): string[] {
  const count = (n: number) => n.toLocaleString('en-US');
  const progress = `${count(run.progress.processed)}${run.progress.total === null ? '' : ` of ${count(run.progress.total)}`} events`;
  const lines = [`Shadow run ${run.id} of ${run.model} v${run.candidateVersion}: ${run.status} (${progress})`];
  const served = run.servingVersions?.map((s) => `${s.version === null ? 'unknown version' : `v${s.version}`} (${count(s.events)})`).join(', ');
  if (served) lines.push(`  against the serving side: ${served}`);
  const h = run.headline;
  if (h) {
    const numbers = [
      h.agreement === null ? null : `agreement ${(h.agreement * 100).toFixed(1)} %`,
      h.accuracyDifference === null ? null : `accuracy difference ${signed(h.accuracyDifference * 100, 1)} pts`,
      h.maeDifference === null ? null : `MAE difference ${signed(h.maeDifference, 4)}`,
    ].filter(Boolean);
    lines.push(`  ${count(h.rows)} rows${numbers.length > 0 ? `: ${numbers.join(', ')}` : ''} (candidate − serving)`);
  }
  if (run.error) lines.push(`  error: ${run.error}`);
  lines.push(`  ${run.portalUrl}`);
  return lines;
}

async function waitForRun(api: ApiClient, model: string, id: string, timeoutMs: number): Promise<ShadowRunJson | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await api.request<ShadowRunJson>('GET', runPath(model, id));
    if (FINISHED.includes(run.status)) return run;
    if (Date.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function startCommand(api: ApiClient, args: string[], out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      model: { type: 'string' }, candidate: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, 'last-events': { type: 'string' },
      slice: { type: 'string' }, wait: { type: 'boolean' }, timeout: { type: 'string' },
    },
    strict: true,
  });
  const model = required('--model', values.model);
  const candidateVersion = wholeNumber('--candidate', required('--candidate', values.candidate))!;
  const timeoutSeconds = wholeNumber('--timeout', values.timeout) ?? 1800;
  if (values.timeout !== undefined && !values.wait) throw new UsageError('--timeout goes with --wait.');
  const started = await api.request<{ id: string; url: string; portalUrl: string }>('POST', runPath(model), {
    json: { candidateVersion, window: windowOf(values), ...(values.slice === undefined ? {} : { sliceFeature: values.slice }) },
  });
  out(`Started shadow run ${started.id} of ${model} v${candidateVersion}: ${started.url}`);
  if (!values.wait) return 0;
  const run = await waitForRun(api, model, started.id, timeoutSeconds * 1000);
  if (!run) {
    out(`The run has not ended within ${timeoutSeconds} s (is a worker running?); it goes on: vigil shadow status --model ${model} ${started.id}`);
    return 1;
  }
  describeShadowRun(run).forEach((line) => out(line));
  return run.status === 'completed' ? 0 : 1;
}

async function statusCommand(api: ApiClient, args: string[], out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { model: { type: 'string' }, run: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true, strict: true });
  if (positionals.length > (values.run ? 0 : 1)) throw new UsageError('Give one run id.');
  const model = required('--model', values.model);
  const run = await api.request<ShadowRunJson>('GET', runPath(model, required('the run id', values.run ?? positionals[0])));
  if (values.json) out(JSON.stringify(run, null, 2));
  else describeShadowRun(run).forEach((line) => out(line));
  return 0;
}

/** `vigil shadow start|status …`; returns the exit code. */
export async function shadowCommand(command: string | undefined, args: string[], env: Record<string, string | undefined>, out: (line: string) => void): Promise<number> {
  if (command !== 'start' && command !== 'status') throw new UsageError(`Unknown command: shadow ${command ?? ''}`.trim());
  const api = apiClient(required('VIGIL_URL', env.VIGIL_URL), required('VIGIL_TOKEN', env.VIGIL_TOKEN));
  return command === 'start' ? startCommand(api, args, out) : statusCommand(api, args, out);
}
