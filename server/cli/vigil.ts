import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { closeDatabase, createDatabase } from '@/db/client';
import { signStandardWebhook } from '@/server/inbound-webhooks/standard-webhooks';
import { DECISION_RULES, SCORE_ACTIVATIONS, type DecisionRule, type ScoreActivation } from '@/server/onnx/decision-rule';
import { TOKEN_SCOPES } from '@/server/rbac/permissions';
import { TASK_TYPES, type TaskType } from '@/server/registry/feature-schema';
import { apiClient, ApiError } from './api-client';
import { AUDIT_USAGE, auditCommand, AuditUsageError } from './audit-commands';
import { createModelFromOnnx } from './create-model';
import { createTokenOnServer } from './create-token';
import { pushKpis } from './push-kpis';
import { pushModel, waitForValidation, type PushOptions } from './push-model';
import { SHADOW_USAGE, shadowCommand } from './shadow-commands';
import { required, UsageError } from './usage-error';

const USAGE = `Usage:
  vigil models create NAME --from-onnx model.onnx --task binary_classification|multiclass_classification|regression
                    --label NAME [--classes A,B,...] [--features names.txt] [--description TEXT] [--repository OWNER/NAME]
                    (features: one name a line, as many as the ONNX input takes per row, in order;
                    without --features, the input names, when the model has one input per feature)
  vigil models push --model NAME --file model.onnx [--git-sha SHA] [--repository OWNER/NAME]
                    [--ci-run-url URL] [--release-tag TAG] [--dataset-name NAME] [--dataset-hash HASH]
                    [--metrics metrics.json] [--params params.json] [--version N] [--description TEXT] [--wait]
                    [--decision label|score] [--threshold 0.5] [--activation none|sigmoid|softmax]
                    (decision: the label output, or score ≥ threshold; default: score when the model has one)
  vigil releases report --model NAME [--git-sha SHA] [--tag TAG] [--version N] [--name TEXT] [--url URL] [--run-url URL]
                    (signed with VIGIL_WEBHOOK_SECRET, a whsec_ secret for "Other CI")
${AUDIT_USAGE}
${SHADOW_USAGE}
  vigil kpis push FILE.csv                                            (token with kpis:write)
                    header kpi,time,value[,model,segment,id] (or numerator,denominator for rates);
                    rows without an id get one from their content, so a re-run stores nothing twice
  vigil tokens create --name NAME --scope SCOPE [--scope SCOPE ...] [--expires-days N] [--owner ADMIN-EMAIL]
                    on the server, with DATABASE_URL: the first CI token, owned by an admin (default the
                    earliest active one), audited; prints the secret once. Scopes: ${TOKEN_SCOPES.join(', ')}

Environment: VIGIL_URL (e.g. https://vigil.example.com), VIGIL_TOKEN (an API token with registry:write).
On GitHub Actions, --git-sha, --repository and --ci-run-url default to the run's GITHUB_* variables.`;

function positiveInt(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--version must be a positive whole number, not '${value}'.`);
  return n;
}

function decisionOptions(decision: string | undefined, threshold: string | undefined, activation: string | undefined): Pick<PushOptions, 'decision' | 'threshold' | 'activation'> {
  if (decision !== undefined && !(DECISION_RULES as readonly string[]).includes(decision)) throw new UsageError(`--decision is 'label' or 'score', not '${decision}'.`);
  if (activation !== undefined && !(SCORE_ACTIVATIONS as readonly string[]).includes(activation)) throw new UsageError(`--activation is one of ${SCORE_ACTIVATIONS.join(', ')}, not '${activation}'.`);
  let cut: number | undefined;
  if (threshold !== undefined) {
    cut = Number(threshold);
    if (threshold.trim() === '' || !(cut >= 0 && cut <= 1)) throw new UsageError(`--threshold is a number between 0 and 1, not '${threshold}'.`);
    if (decision !== 'score') throw new UsageError('--threshold goes with --decision score.');
  }
  return { decision: decision as DecisionRule | undefined, threshold: cut, activation: activation as ScoreActivation | undefined };
}

function githubRunUrl(env: NodeJS.ProcessEnv): string | undefined {
  return env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
}

async function pushKpisCommand(args: string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { file: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length > (values.file ? 0 : 1)) throw new UsageError('Give one CSV file.');
  const file = required('the CSV file', values.file ?? positionals[0]);
  const report = await pushKpis(apiClient(required('VIGIL_URL', env.VIGIL_URL), required('VIGIL_TOKEN', env.VIGIL_TOKEN)), file, out);
  for (const line of report.problems) out(line);
  const count = (n: number) => n.toLocaleString('en-US');
  out(`${file}: ${count(report.points)} points, ${count(report.inserted)} stored, ${count(report.duplicates)} already there${report.problems.length > 0 ? '; fix the lines above and run again (stored points are not sent twice)' : ''}.`);
  return report.problems.length > 0 ? 1 : 0;
}

async function createModelCommand(args: string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      'from-onnx': { type: 'string' }, features: { type: 'string' }, task: { type: 'string' }, label: { type: 'string' }, classes: { type: 'string' },
      description: { type: 'string' }, repository: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1) throw new UsageError('Give the model name: vigil models create NAME --from-onnx model.onnx ...');
  const task = required('--task', values.task);
  if (!(TASK_TYPES as readonly string[]).includes(task)) throw new UsageError(`--task is one of ${TASK_TYPES.join(', ')}, not '${task}'.`);
  const classes = values.classes?.split(',').map((c) => c.trim());
  if (classes && task === 'regression') throw new UsageError('--classes goes with a classification task, not regression.');
  const api = apiClient(required('VIGIL_URL', env.VIGIL_URL), required('VIGIL_TOKEN', env.VIGIL_TOKEN));
  const created = await createModelFromOnnx(api, {
    name: positionals[0]!,
    onnxFile: required('--from-onnx', values['from-onnx']),
    featuresFile: values.features,
    taskType: task as TaskType,
    label: required('--label', values.label),
    classes,
    description: values.description,
    repository: values.repository,
  });
  out(`Registered model ${created.name} with ${created.features} feature${created.features === 1 ? '' : 's'}: ${created.url}`);
  return 0;
}

async function createTokenCommand(args: string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { name: { type: 'string' }, scope: { type: 'string', multiple: true }, 'expires-days': { type: 'string' }, owner: { type: 'string' } },
    strict: true,
  });
  const scopes = values.scope ?? [];
  if (scopes.length === 0) throw new UsageError(`Give at least one --scope (${TOKEN_SCOPES.join(', ')}).`);
  const unknown = scopes.find((s) => !(TOKEN_SCOPES as readonly string[]).includes(s));
  if (unknown) throw new UsageError(`--scope is one of ${TOKEN_SCOPES.join(', ')}, not '${unknown}'.`);
  const days = values['expires-days'];
  if (days !== undefined && !/^\d+$/.test(days)) throw new UsageError(`--expires-days is a whole number of days, not '${days}'.`);
  const database = createDatabase(required('DATABASE_URL (this command runs on the server, against its database)', env.DATABASE_URL), { max: 1 });
  try {
    const token = await createTokenOnServer(database, { name: required('--name', values.name), scopes, expiresInDays: days === undefined ? undefined : Number(days), ownerEmail: values.owner });
    out(`Created token '${token.name}' (${token.prefix}…) for ${token.owner}, scopes ${token.scopes.join(', ')}, ${token.expiresAt ? `expires ${token.expiresAt.toISOString().slice(0, 10)}` : 'no expiry'}.`);
    out('The secret, shown this once; store it as your CI secret VIGIL_TOKEN:');
    out(token.secret);
    return 0;
  } finally {
    await closeDatabase(database);
  }
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, out = console.log): Promise<number> {
  const [group, command, ...rest] = argv;
  if (`${group} ${command}` === 'kpis push') return pushKpisCommand(rest, env, out);
  if (group === 'audit') return auditCommand(command, rest, env, out);
  if (group === 'shadow') return shadowCommand(command, rest, env, out);
  if (`${group} ${command}` === 'models create') return createModelCommand(rest, env, out);
  if (`${group} ${command}` === 'tokens create') return createTokenCommand(rest, env, out);
  if (!['models push', 'releases report'].includes(`${group} ${command}`)) {
    throw new UsageError(`Unknown command: ${[group, command].filter(Boolean).join(' ') || '(none)'}`);
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      model: { type: 'string' }, file: { type: 'string' }, 'git-sha': { type: 'string' }, repository: { type: 'string' },
      'ci-run-url': { type: 'string' }, 'release-tag': { type: 'string' }, 'dataset-name': { type: 'string' }, 'dataset-hash': { type: 'string' },
      metrics: { type: 'string' }, params: { type: 'string' }, version: { type: 'string' }, description: { type: 'string' }, wait: { type: 'boolean' },
      decision: { type: 'string' }, threshold: { type: 'string' }, activation: { type: 'string' },
      tag: { type: 'string' }, name: { type: 'string' }, url: { type: 'string' }, 'run-url': { type: 'string' },
    },
    strict: true,
  });
  const api = apiClient(required('VIGIL_URL', env.VIGIL_URL), group === 'releases' ? '' : required('VIGIL_TOKEN', env.VIGIL_TOKEN));

  if (group === 'models' && command === 'push') {
    const model = required('--model', values.model);
    const created = await pushModel(api, {
      model,
      file: required('--file', values.file),
      gitSha: values['git-sha'] ?? env.GITHUB_SHA,
      repository: values.repository ?? env.GITHUB_REPOSITORY,
      ciRunUrl: values['ci-run-url'] ?? githubRunUrl(env),
      releaseTag: values['release-tag'],
      datasetName: values['dataset-name'],
      datasetHash: values['dataset-hash'],
      metricsFile: values.metrics,
      paramsFile: values.params,
      version: positiveInt(values.version),
      description: values.description,
      ...decisionOptions(values.decision, values.threshold, values.activation),
    });
    out(`Registered ${model} v${created.version}: ${created.url}`);
    if (!values.wait) return 0;
    const validated = await waitForValidation(api, model, created.version, 120_000);
    out(`Validation: ${validated.status}${validated.statusReason ? ` (${validated.statusReason})` : ''}`);
    return validated.status === 'validated' ? 0 : 1;
  }

  if (group === 'releases' && command === 'report') {
    const secret = required('VIGIL_WEBHOOK_SECRET', env.VIGIL_WEBHOOK_SECRET);
    const body = JSON.stringify({
      model: required('--model', values.model),
      gitSha: values['git-sha'] ?? env.GITHUB_SHA,
      tag: values.tag,
      version: positiveInt(values.version),
      name: values.name,
      url: values.url,
      runUrl: values['run-url'] ?? githubRunUrl(env),
      repository: values.repository ?? env.GITHUB_REPOSITORY,
    });
    const id = `msg_${randomUUID()}`;
    const timestamp = new Date();
    const response = await api.request<{ message: string }>('POST', '/api/v1/webhooks/ci', {
      body,
      headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)), 'webhook-signature': signStandardWebhook(secret, id, timestamp, body) },
    });
    out(response.message);
    return 0;
  }
  throw new UsageError(`Unknown command: ${group} ${command}`);
}

export async function run(argv: string[]): Promise<never> {
  try {
    process.exit(await main(argv));
  } catch (error) {
    if (error instanceof UsageError || error instanceof AuditUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`vigil: ${(error as Error).message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(`vigil: ${error instanceof ApiError ? `${error.message} [${error.status} ${error.code}]` : (error as Error).message}`);
    process.exit(1);
  }
}
